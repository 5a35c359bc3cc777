/// JSON: `{"id": "…", "name": "…", "job-link": "…"}`; `{"definition": {…}}` (the XML converted) is also read.
extension ExtractDefinition: Codable {
    enum CodingKeys: String, CodingKey {
        case id
        case name
        case jobLink = "job-link"
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.container(keyedBy: CodingKeys.self)
        if !container.contains(.id),
            let wrapped = try decoder.wrappedContainer(named: "definition", keyedBy: CodingKeys.self)
        {
            container = wrapped
        }
        self.init(
            id: try container.requiredURL(.id),
            name: try container.requiredString(.name),
            jobLink: try container.requiredURL(.jobLink)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let options = encoder.extractAPIOptions
        try container.encode(options.text(link: id), forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(options.text(link: jobLink), forKey: .jobLink)
    }
}
