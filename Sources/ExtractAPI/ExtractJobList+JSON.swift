/// JSON: written per ``ExtractWire/EncodingOptions/jsonList`` (a top-level array by default, §15); read
/// from an array, `{"jobs": […]}` or `{"jobs": {"job": […]}}`.
extension ExtractJobList: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try JSONWire.decodeList(ExtractJob.self, from: decoder, root: "jobs", item: "job"))
    }

    public func encode(to encoder: any Encoder) throws {
        try JSONWire.encodeList(jobs, to: encoder, root: "jobs", item: "job")
    }
}
