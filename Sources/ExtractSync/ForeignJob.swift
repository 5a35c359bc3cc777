import AccountingExtract
public import Foundation

/// A job of the definition that this ledger did not start (another ledger's, a colleague's `run`): recorded as
/// foreign, never downloaded or posted unless adopted (`sync --adopt`), until then listed on every run.
///
/// In `sync --json` output: `{"id": …, "url": …, "status": …, "startTime": "2026-01-15T06:00:00Z", "note": null}`.
public struct ForeignJob: Sendable, Hashable {
    /// Concur's job id.
    public var jobID: String
    /// The job's URL when last seen.
    public var url: String
    public var startedAt: Date
    /// Concur's status when last seen (`Queued`, `Running`, `Completed`, `Failed`).
    public var status: String
    /// Why the job is listed, when there is more to say: one that may be this ledger's own (an interrupted start
    /// it cannot tell from another writer's).
    public var note: String?

    public init(jobID: String, url: String, startedAt: Date, status: String, note: String? = nil) {
        self.jobID = jobID
        self.url = url
        self.startedAt = startedAt
        self.status = status
        self.note = note
    }
}

extension ForeignJob: Codable {
    enum CodingKeys: String, CodingKey {
        case jobID = "id"
        case url, status
        case startedAt = "startTime"
        case note
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            jobID: try container.decode(String.self, forKey: .jobID),
            url: try container.decode(String.self, forKey: .url),
            startedAt: try SyncReport.decodeDate(container, .startedAt),
            status: try container.decode(String.self, forKey: .status),
            note: try container.decodeIfPresent(String.self, forKey: .note)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeEveryKey([
            .jobID: jobID,
            .url: url,
            .status: status,
            .startedAt: startedAt.formatted(.iso8601),
            .note: note,
        ])
    }
}
