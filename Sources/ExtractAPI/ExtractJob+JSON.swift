/// JSON: `{"id", "status-link", "start-time", "stop-time"?, "status": 2, "file-link"?}`; `status` is
/// written as a number and read from a number, numeric string or word.
extension ExtractJob: Codable {
    enum CodingKeys: String, CodingKey {
        case id
        case statusLink = "status-link"
        case startTime = "start-time"
        case stopTime = "stop-time"
        case status
        case fileLink = "file-link"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let status = try container.decodeIfPresent(JobStatus.self, forKey: .status) else {
            throw ExtractAPIDecodingError.missing("status", path: container.path(.status))
        }
        self.init(
            id: try container.requiredURL(.id),
            statusLink: try container.requiredURL(.statusLink),
            startTime: try container.requiredTimestamp(.startTime),
            stopTime: try container.wireTimestamp(.stopTime),
            status: status,
            fileLink: try container.wireURL(.fileLink)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        let style = encoder.extractAPIOptions.timestampStyle
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.absoluteString, forKey: .id)
        try container.encode(statusLink.absoluteString, forKey: .statusLink)
        try container.encode(startTime.formatted(style), forKey: .startTime)
        try container.encodeIfPresent(stopTime?.formatted(style), forKey: .stopTime)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(fileLink?.absoluteString, forKey: .fileLink)
    }
}
