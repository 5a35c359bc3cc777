/// JSON: snake_case keys; `expires_in` and `refresh_expires_in` read from a number or a numeric string.
/// `expires_in` is written per ``ExtractWire/EncodingOptions/expiresInStyle`` (a string by default),
/// `refresh_expires_in` as a number.
extension TokenResponse: Codable, JSONWireBody {
    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case refreshExpiresIn = "refresh_expires_in"
        case scope
        case idToken = "id_token"
        case geolocation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let expiresIn = try container.wireInteger(.expiresIn) else {
            throw ExtractAPIDecodingError.missing("expires_in", path: container.path(.expiresIn))
        }
        guard let seconds = Int(exactly: expiresIn) else {
            throw ExtractAPIDecodingError.invalidNumber(
                "expires_in",
                path: container.path(.expiresIn),
                value: String(expiresIn)
            )
        }
        self.init(
            accessToken: try container.requiredString(.accessToken),
            tokenType: try container.wireString(.tokenType) ?? "Bearer",
            expiresIn: seconds,
            refreshToken: try container.wireString(.refreshToken),
            refreshExpiresIn: try container.wireInteger(.refreshExpiresIn),
            scope: try container.wireString(.scope),
            idToken: try container.wireString(.idToken),
            geolocation: try container.wireURL(.geolocation)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accessToken, forKey: .accessToken)
        try container.encode(tokenType, forKey: .tokenType)
        switch encoder.extractAPIOptions.expiresInStyle {
        case .string: try container.encode(String(expiresIn), forKey: .expiresIn)
        case .number: try container.encode(expiresIn, forKey: .expiresIn)
        }
        try container.encodeIfPresent(refreshToken, forKey: .refreshToken)
        try container.encodeIfPresent(refreshExpiresIn, forKey: .refreshExpiresIn)
        try container.encodeIfPresent(scope, forKey: .scope)
        try container.encodeIfPresent(idToken, forKey: .idToken)
        try container.encodeIfPresent(geolocation?.absoluteString, forKey: .geolocation)
    }
}
