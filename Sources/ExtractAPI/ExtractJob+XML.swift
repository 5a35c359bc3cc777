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
        write(to: &writer, namespace: ExtractWire.xmlNamespace, options: options)
        return Data(writer.text.utf8)
    }

    func write(to writer: inout XMLWriter, namespace: String?, options: ExtractWire.EncodingOptions) {
        writer.open("job", namespace: namespace)
        writer.leaf("id", id.absoluteString)
        writer.leaf("status-link", statusLink.absoluteString)
        writer.leaf("start-time", startTime.formatted(options.timestampStyle))
        writer.leaf("stop-time", stopTime?.formatted(options.timestampStyle))
        writer.leaf("status", status.word(options: options))
        writer.leaf("file-link", fileLink?.absoluteString)
        writer.close("job")
    }
}
