/// JSON: written per ``ExtractWire/EncodingOptions/jsonStatus``: the number (canonical), the numeric string
/// or the word (an unknown non-numeric value always as its string); read from a number, a numeric string or
/// a word.
extension JobStatus: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self.init(number: number)
            return
        }
        let path = JSONWire.path(decoder.codingPath)
        guard let text = try? container.decode(String.self) else {
            throw ExtractAPIDecodingError(
                .invalidValue,
                "'status' must be a number, a numeric string or a word",
                path: path
            )
        }
        guard !text.trimmingWireWhitespace().isEmpty else {
            throw ExtractAPIDecodingError.missing("status", path: path)
        }
        self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        let options = encoder.extractAPIOptions
        var container = encoder.singleValueContainer()
        switch (options.jsonStatus, number) {
        case (.number, let number?): try container.encode(number)
        case (.numericString, let number?): try container.encode(String(number))
        default: try container.encode(word(options: options))
        }
    }
}
