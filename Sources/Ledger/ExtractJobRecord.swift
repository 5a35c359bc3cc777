public import Foundation

/// An extract job as the ledger remembers it: recorded before the first poll, so that a crashed run can resume
/// polling the same job instead of starting a new one.
///
/// ```swift
/// try await store.recordJob(ExtractJobRecord(company: "ACME", definitionID: "gWt...", jobID: "1234",
///                                            status: "Queued", startedAt: Date()))
/// // … poll …
/// try await store.updateJob(company: "ACME", jobID: "1234", status: "Completed")
/// // … load …
/// try await store.markJobPosted(company: "ACME", jobID: "1234")
/// let unfinished = try await store.jobs(company: "ACME", includePosted: false)
/// ```
public struct ExtractJobRecord: Sendable, Hashable, Codable {
    public var company: String
    public var definitionID: String
    public var jobID: String
    /// The job's last known status as the API spells it (e.g. `Queued`, `Completed`, `Failed`).
    public var status: String
    public var startedAt: Date
    public var updatedAt: Date
    /// When the job's files were posted to the ledger; `nil` until ``LedgerStore/markJobPosted(company:jobID:)``.
    public var postedAt: Date?

    public init(
        company: String,
        definitionID: String,
        jobID: String,
        status: String,
        startedAt: Date,
        updatedAt: Date? = nil,
        postedAt: Date? = nil
    ) {
        self.company = company
        self.definitionID = definitionID
        self.jobID = jobID
        self.status = status
        self.startedAt = startedAt
        self.updatedAt = updatedAt ?? startedAt
        self.postedAt = postedAt
    }

    /// `true` once the job's files are in the ledger.
    public var isPosted: Bool { postedAt != nil }
}
