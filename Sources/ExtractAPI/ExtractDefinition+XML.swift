public import Foundation

/// XML: `<definition xmlns="…/2010/02"><id/><name/><job-link/></definition>`, children in any order.
extension ExtractDefinition: WireBody {
    public init(xml data: Data) throws(ExtractAPIDecodingError) {
        try self.init(reader: XMLReader(data: data, rootName: "definition"))
    }

    init(reader: XMLReader) throws(ExtractAPIDecodingError) {
        self.init(
            id: try reader.requiredURL("id"),
            name: try reader.requiredText("name"),
            jobLink: try reader.requiredURL("job-link")
        )
    }

    public func xmlData(options: ExtractWire.EncodingOptions) -> Data {
        var writer = XMLWriter()
        write(to: &writer, namespace: ExtractWire.xmlNamespace)
        return Data(writer.text.utf8)
    }

    func write(to writer: inout XMLWriter, namespace: String?) {
        writer.open("definition", namespace: namespace)
        writer.leaf("id", id.absoluteString)
        writer.leaf("name", name)
        writer.leaf("job-link", jobLink.absoluteString)
        writer.close("definition")
    }
}
