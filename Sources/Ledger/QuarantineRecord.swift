public import Foundation

/// A file refused whole, with the reason and a stable code; never partly loaded.
///
/// ```swift
/// try await store.quarantine(QuarantineRecord(sha256: file.sha256, fileName: "extract.txt",
///                                             code: "count-mismatch", reason: "header says 12 lines, file has 11"))
/// for record in try await store.quarantinedFiles() { print(record.code, record.fileName) }
/// ```
public struct QuarantineRecord: Sendable, Hashable, Codable {
    /// Lower-case hex SHA-256 of the file's bytes (its name in the raw-file archive).
    public var sha256: String
    public var fileName: String
    /// A stable code, e.g. an `SAEError` code or a ``LedgerError/Code`` raw value.
    public var code: String
    /// What went wrong and where, for a person.
    public var reason: String
    /// The batch id, when the header could be read.
    public var batchID: String?
    public var quarantinedAt: Date

    public init(
        sha256: String,
        fileName: String,
        code: String,
        reason: String,
        batchID: String? = nil,
        quarantinedAt: Date = Date()
    ) {
        self.sha256 = sha256
        self.fileName = fileName
        self.code = code
        self.reason = reason
        self.batchID = batchID
        self.quarantinedAt = quarantinedAt
    }
}
