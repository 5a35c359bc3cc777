public import Foundation

/// An extract job as the ledger remembers it: recorded before the first poll, so that a crashed run can resume
/// polling the same job instead of starting a new one.
///
/// A job is identified by (company, definition id, Concur's job id), whatever host Concur was reached under: the
/// ids are the last path segments of the definition's and the job's URLs, and ``url`` keeps the last known URL
/// for information only.
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
    /// Whose job it is, as far as this ledger is concerned.
    public enum Ownership: String, Sendable, Hashable, Codable, CaseIterable {
        /// Started by this ledger (its intent or its id was recorded), or adopted explicitly: this ledger posts it.
        case owned
        /// A job of the definition this ledger did not start: never downloaded or posted unless adopted.
        case foreign
        /// A foreign (or unreachable) job marked as handled elsewhere: kept, no longer warned about.
        case dismissed
    }

    public var company: String
    /// The definition's id (the last path segment of its URL), not its URL.
    public var definitionID: String
    /// Concur's job id (the last path segment of the job's URL), or `intent:…` for an intent to start one.
    public var jobID: String
    /// The job's last known status as the API spells it (e.g. `Queued`, `Completed`, `Failed`).
    public var status: String
    public var startedAt: Date
    public var updatedAt: Date
    /// When the job's files were posted to the ledger; `nil` until ``LedgerStore/markJobPosted(company:jobID:)``.
    public var postedAt: Date?
    /// The job's URL when last seen; information only (the host may change between runs).
    public var url: String?
    public var ownership: Ownership
    /// Why a job was dismissed (or adopted), as the person who did it wrote.
    public var note: String?

    public init(
        company: String,
        definitionID: String,
        jobID: String,
        status: String,
        startedAt: Date,
        updatedAt: Date? = nil,
        postedAt: Date? = nil,
        url: String? = nil,
        ownership: Ownership = .owned,
        note: String? = nil
    ) {
        self.company = company
        self.definitionID = definitionID
        self.jobID = jobID
        self.status = status
        self.startedAt = startedAt
        self.updatedAt = updatedAt ?? startedAt
        self.postedAt = postedAt
        self.url = url
        self.ownership = ownership
        self.note = note
    }

    /// `true` once the job's files are in the ledger.
    public var isPosted: Bool { postedAt != nil }
}
