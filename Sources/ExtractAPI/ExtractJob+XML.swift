public import Foundation

/// XML: `<job xmlns="…"><id/><status-link/><start-time/>[<stop-time/>]<status/>[<file-link/>]</job>`,
/// children in any order; `status` is the word (`Completed`, or `Complete` in doc-quirk mode).
extension ExtractJob: WireBody {
    public init(xml data: Data) throws(ExtractAPIDecodingError) {
        try self.init(reader: XMLReader(data: data, rootName: "job"))
    }

    init(reader: XMLReader) throws(ExtractAPIDecodingError) {
        self.init(
            id: try reader.requiredURL("id"),
            statusLink: try reader.requiredURL("status-link"),
            startTime: try reader.requiredTimestamp("start-time"),
            stopTime: try reader.timestamp("stop-time"),
            status: JobStatus(parsing: try reader.requiredText("status")),
            fileLink: try reader.url("file-link")
        )
    }

    public func xmlData(options: ExtractWire.EncodingOptions) -> Data {
        var writer = XMLWriter()
        write(to: &writer, namespace: ExtractWire.xmlNamespace, options: options, root: true)
        return Data(writer.text.utf8)
    }

    /// Writes the element; `root` adds the `xmlns:i` declaration when the options ask for it.
    func write(
        to writer: inout XMLWriter,
        namespace: String?,
        options: ExtractWire.EncodingOptions,
        root: Bool = false
    ) {
        writer.open("job", namespace: namespace, schemaInstance: root && options.declaresSchemaInstance)
        var children: [(String, String?)] = [
            ("id", options.text(link: id)),
            ("status-link", options.text(link: statusLink)),
            ("start-time", options.text(startTime)),
            ("stop-time", stopTime.map(options.text)),
            ("status", status.word(options: options)),
            ("file-link", fileLink.map { options.text(link: $0) }),
        ]
        if options.childOrder == .reversed { children.reverse() }
        for (name, value) in children { writer.leaf(name, value) }
        writer.close("job")
    }
}
