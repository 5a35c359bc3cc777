/// JSON: written per ``ExtractWire/EncodingOptions/jsonList`` (a top-level array by default, §15); read
/// from an array, `{"definitions": […]}` or `{"definitions": {"definition": […]}}`.
extension ExtractDefinitionList: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(
            try JSONWire.decodeList(ExtractDefinition.self, from: decoder, root: "definitions", item: "definition")
        )
    }

    public func encode(to encoder: any Encoder) throws {
        try JSONWire.encodeList(definitions, to: encoder, root: "definitions", item: "definition")
    }
}
