/// JSON: a top-level array of job objects (never wrapped, §15).
extension ExtractJobList: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([ExtractJob].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(jobs)
    }
}
