/// JSON: `error`, `error_description`, `code` (number or numeric string), `geolocation`; at least one of
/// `error`, `code` or `error_description` must be present.
extension OAuthErrorResponse: Codable, JSONWireBody {
    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
        case code
        case geolocation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let code = try container.wireInteger(.code)
        var number: Int?
        if let code {
            guard let exact = Int(exactly: code) else {
                throw ExtractAPIDecodingError.invalidNumber("code", path: container.path(.code), value: String(code))
            }
            number = exact
        }
        self.init(
            error: try container.wireString(.error),
            errorDescription: try container.wireString(.errorDescription),
            code: number,
            geolocation: try container.wireURL(.geolocation)
        )
        guard error != nil || code != nil || errorDescription != nil else {
            throw ExtractAPIDecodingError.missing("error", path: container.path(.error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(errorDescription, forKey: .errorDescription)
        try container.encodeIfPresent(code, forKey: .code)
        try container.encodeIfPresent(geolocation?.absoluteString, forKey: .geolocation)
    }
}
