/// JSON: `{"id", "status-link", "start-time", "stop-time"?, "status": 2, "file-link"?}`; `status` is
/// written per ``ExtractWire/EncodingOptions/jsonStatus`` (a number by default) and read from a number,
/// numeric string or word. A job wrapped as XML converts it, `{"job": {…}}`, is also read.
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
        var container = try decoder.container(keyedBy: CodingKeys.self)
        if !container.contains(.id), let wrapped = try decoder.wrappedContainer(named: "job", keyedBy: CodingKeys.self)
        {
            container = wrapped
        }
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
        let options = encoder.extractAPIOptions
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(options.text(link: id), forKey: .id)
        try container.encode(options.text(link: statusLink), forKey: .statusLink)
        try container.encode(options.text(startTime), forKey: .startTime)
        try container.encodeIfPresent(stopTime.map(options.text), forKey: .stopTime)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(fileLink.map { options.text(link: $0) }, forKey: .fileLink)
    }
}
