/// JSON: `{"id": "…", "name": "…", "job-link": "…"}`.
extension ExtractDefinition: Codable {
    enum CodingKeys: String, CodingKey {
        case id
        case name
        case jobLink = "job-link"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.requiredURL(.id),
            name: try container.requiredString(.name),
            jobLink: try container.requiredURL(.jobLink)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.absoluteString, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(jobLink.absoluteString, forKey: .jobLink)
    }
}
