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
        write(to: &writer, namespace: ExtractWire.xmlNamespace, options: options, inList: false)
        return Data(writer.text.utf8)
    }

    /// Writes the element in the documented order of its context (`id, name, job-link` alone, `id, job-link,
    /// name` in a list) or the reverse; alone, it is the root and may declare `xmlns:i`.
    func write(to writer: inout XMLWriter, namespace: String?, options: ExtractWire.EncodingOptions, inList: Bool) {
        writer.open("definition", namespace: namespace, schemaInstance: !inList && options.declaresSchemaInstance)
        let link = ("job-link", options.text(link: jobLink))
        var children: [(String, String)] = [("id", options.text(link: id))]
        children += inList ? [link, ("name", name)] : [("name", name), link]
        if options.childOrder == .reversed { children.reverse() }
        for (name, value) in children { writer.leaf(name, value) }
        writer.close("definition")
    }
}
