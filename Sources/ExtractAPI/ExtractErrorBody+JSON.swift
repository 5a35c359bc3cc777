/// JSON: `{"Error": {"Message": "…", "Server-Time": "…", "Id": "…"}}`; an unwrapped object is also read.
extension ExtractErrorBody: Codable {
    enum CodingKeys: String, CodingKey {
        case error = "Error"
        case message = "Message"
        case serverTime = "Server-Time"
        case id = "Id"
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.error) {
            container = try container.nestedContainer(keyedBy: CodingKeys.self, forKey: .error)
        }
        self.init(
            message: try container.requiredString(.message),
            serverTime: try container.wireString(.serverTime),
            id: try container.wireString(.id)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: CodingKeys.self)
        var container = outer.nestedContainer(keyedBy: CodingKeys.self, forKey: .error)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(serverTime, forKey: .serverTime)
        try container.encodeIfPresent(id, forKey: .id)
    }
}
