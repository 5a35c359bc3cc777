public import Foundation

/// An extract job as the ledger remembers it: recorded before the first poll, so that a crashed run can resume
/// polling the same job instead of starting a new one.
///
/// A job is identified by (company, definition id, Concur's job id), whatever host Concur was reached under: the
/// ids are the last path segments of the definition's and the job's URLs, and ``url`` keeps the last known URL
/// for information only.
///
/// Where the job stands is its ``state`` (``PipelineState``); ``status`` is only Concur's last word on it.
///
/// ```swift
/// try await store.recordJob(ExtractJobRecord(company: "ACME", definitionID: "gWt...", jobID: "1234",
///                                            status: "Queued", startedAt: Date()))
/// // … poll …
/// try await store.updateJob(company: "ACME", jobID: "1234", state: .completed, status: "Completed")
/// // … load …
/// try await store.markJobPosted(company: "ACME", jobID: "1234")
/// let unfinished = try await store.jobs(company: "ACME", includePosted: false)
/// ```
public struct ExtractJobRecord: Sendable, Hashable, Codable {
    /// Whose job it is, as far as this ledger is concerned (read from ``state``).
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
    /// Concur's job id (the last path segment of the job's URL).
    public var jobID: String
    /// Concur's last known status of the job as the API spells it (`Queued`, `Running`, `Completed`, `Failed`):
    /// information only; the pipeline goes by ``state``.
    public var status: String
    public var startedAt: Date
    public var updatedAt: Date
    /// When the job's files were posted to the ledger; `nil` until ``LedgerStore/markJobPosted(company:jobID:)``.
    public var postedAt: Date?
    /// The job's URL when last seen; information only (the host may change between runs).
    public var url: String?
    /// How far the job has come (see ``PipelineState``).
    public var state: PipelineState
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
        state: PipelineState = .started,
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
        self.state = state
        self.note = note
    }

    /// `true` once the job's files are in the ledger.
    public var isPosted: Bool { postedAt != nil }

    /// Whose job it is: ``Ownership/foreign`` or ``Ownership/dismissed`` by its state, this ledger's otherwise.
    public var ownership: Ownership {
        switch state {
        case .foreign: .foreign
        case .dismissed: .dismissed
        default: .owned
        }
    }
}
