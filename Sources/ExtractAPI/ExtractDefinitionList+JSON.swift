/// JSON: a top-level array of definition objects (never wrapped, §15).
extension ExtractDefinitionList: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([ExtractDefinition].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(definitions)
    }
}
