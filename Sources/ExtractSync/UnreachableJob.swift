/// A recorded job that could not be resumed: Concur answered 404 for it (or another error) under the current base
/// URL. It stays recorded and is reported on every run until it is reachable again or dismissed.
///
/// In `sync --json` output: `{"id": …, "url": …, "reason": …}`.
public struct UnreachableJob: Sendable, Hashable, Codable {
    public var jobID: String
    /// The URL that was asked.
    public var url: String
    /// What Concur answered.
    public var reason: String

    public init(jobID: String, url: String, reason: String) {
        self.jobID = jobID
        self.url = url
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "id"
        case url, reason
    }
}
