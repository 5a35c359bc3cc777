public import Foundation

/// XML: `<definitions xmlns="…">` with zero or more `<definition>`; other children are ignored.
extension ExtractDefinitionList: WireBody {
    public init(xml data: Data) throws(ExtractAPIDecodingError) {
        let reader = try XMLReader(data: data, rootName: "definitions")
        var definitions: [ExtractDefinition] = []
        for child in reader.children(named: "definition") {
            definitions.append(try ExtractDefinition(reader: child))
        }
        self.init(definitions)
    }

    public func xmlData(options: ExtractWire.EncodingOptions) -> Data {
        var writer = XMLWriter()
        if definitions.isEmpty {
            writer.empty(
                "definitions",
                namespace: ExtractWire.xmlNamespace,
                schemaInstance: options.declaresSchemaInstance
            )
        } else {
            writer.open(
                "definitions",
                namespace: ExtractWire.xmlNamespace,
                schemaInstance: options.declaresSchemaInstance
            )
            for definition in definitions {
                definition.write(to: &writer, namespace: nil, options: options, inList: true)
            }
            writer.close("definitions")
        }
        return Data(writer.text.utf8)
    }
}
