import AccountingExtract
public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw file kept in the archive, as listed in the store's manifest.
public struct ArchivedFile: Sendable, Hashable, Codable {
    /// Lower-case hex SHA-256 of the bytes; also the file's name in the archive.
    public var sha256: String
    public var size: Int64
    /// Where the bytes are: `<archive directory>/<sha256>`.
    public var archivePath: String
    /// The name the file arrived with.
    public var originalName: String
    public var receivedAt: Date
    public var company: String?
    public var jobID: String?

    public init(
        sha256: String,
        size: Int64,
        archivePath: String,
        originalName: String,
        receivedAt: Date,
        company: String? = nil,
        jobID: String? = nil
    ) {
        self.sha256 = sha256
        self.size = size
        self.archivePath = archivePath
        self.originalName = originalName
        self.receivedAt = receivedAt
        self.company = company
        self.jobID = jobID
    }
}

/// A content-addressed directory of raw extract files: each file is stored once, under its SHA-256, and never
/// deleted or changed. The directory is created `0700` and each file `0600`, whatever the umask
/// (`PrivateFiles`): the files hold employee names, amounts and bank details.
///
/// Storing copies the bytes to a `DurableFile` (AccountingExtract) in the archive, which hashes them on the way and flushes them
/// (`fsync`), then renames it to `<sha256>` and flushes the directory, so a crash leaves either no file or the whole
/// file.
///
/// ```swift
/// let archive = try RawFileStore(directory: "/var/lib/concur-extract/raw")
/// let file = try archive.store(
///     fileAt: "/tmp/download.txt", originalName: "extract_CES_SAE_v3.txt", receivedAt: store.clock.now)
/// try await store.recordRawFile(file)
/// ```
public struct RawFileStore: Sendable {
    public let directory: String

    /// Opens (creating when needed) the archive directory.
    public init(directory: String) throws(LedgerError) {
        self.directory = directory
        do {
            try PrivateFiles.createDirectory(directory)
        } catch {
            throw LedgerError(.archiveFailed, "cannot create the archive directory: \(error)")
        }
    }

    /// The path a file with this SHA-256 has in the archive.
    public func path(sha256: String) -> String { (directory as NSString).appendingPathComponent(sha256) }

    /// Copies the file into the archive (once; a second copy of the same bytes is not written), stamped
    /// `receivedAt` (the caller's clock: the ledger's, see ``LedgerStore/clock``).
    public func store(
        fileAt source: String,
        originalName: String? = nil,
        receivedAt: Date,
        company: String? = nil,
        jobID: String? = nil
    ) throws(LedgerError) -> ArchivedFile {
        let staged: DurableFile.Staged
        do {
            let file = try DurableFile(replacing: (directory as NSString).appendingPathComponent(".incoming"))
            try file.write(contentsOfFileAt: source)
            staged = try file.stage()
        } catch {
            throw LedgerError(.archiveFailed, "\(error)")
        }
        let sha256 = staged.content.sha256
        let target = path(sha256: sha256)
        if access(target, F_OK) == 0 {
            staged.discard()  // the same bytes are there already
        } else {
            do { try staged.publish(as: target) } catch { throw LedgerError(.archiveFailed, "\(error)") }
        }
        return ArchivedFile(
            sha256: sha256,
            size: staged.content.size,
            archivePath: target,
            originalName: originalName ?? (source as NSString).lastPathComponent,
            receivedAt: receivedAt,
            company: company,
            jobID: jobID
        )
    }

    /// `true` when the archive holds a file with this SHA-256.
    public func contains(sha256: String) -> Bool { access(path(sha256: sha256), F_OK) == 0 }

    /// The SHA-256 of a file's bytes, lower-case hex.
    public static func sha256(ofFileAt path: String) throws(LedgerError) -> String {
        do { return try DurableFile.sha256(ofFileAt: path) } catch { throw LedgerError(.archiveFailed, "\(error)") }
    }
}
