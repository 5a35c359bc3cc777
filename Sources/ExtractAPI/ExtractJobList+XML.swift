public import Foundation

/// XML: `<jobs xmlns="…">` with zero or more `<job>`; other children are ignored.
extension ExtractJobList: WireBody {
    public init(xml data: Data) throws(ExtractAPIDecodingError) {
        let reader = try XMLReader(data: data, rootName: "jobs")
        var jobs: [ExtractJob] = []
        for child in reader.children(named: "job") {
            jobs.append(try ExtractJob(reader: child))
        }
        self.init(jobs)
    }

    public func xmlData(options: ExtractWire.EncodingOptions) -> Data {
        var writer = XMLWriter()
        if jobs.isEmpty {
            writer.empty("jobs", namespace: ExtractWire.xmlNamespace, schemaInstance: options.declaresSchemaInstance)
        } else {
            writer.open("jobs", namespace: ExtractWire.xmlNamespace, schemaInstance: options.declaresSchemaInstance)
            for job in jobs { job.write(to: &writer, namespace: nil, options: options) }
            writer.close("jobs")
        }
        return Data(writer.text.utf8)
    }
}
