public import Foundation

/// JSON: `{"id": "<definition URI>"}`; an empty body, `{}` or `null` id means no URI. A `nil` URI is
/// written as `{}`.
extension StartJobRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case id
    }

    public init(json data: Data) throws(ExtractAPIDecodingError) {
        guard data.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            self.init()
            return
        }
        self = try JSONWire.decode(Self.self, from: data)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(definitionURI: try container.wireURL(.id))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(definitionURI?.absoluteString, forKey: .id)
    }
}
