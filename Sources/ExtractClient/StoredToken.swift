public import ExtractAPI
public import Foundation

/// What the client keeps of a token response: the access token with its expiry, the (rotating) refresh token
/// with its expiry, and the geolocation every later call goes to. Persisted after every token response.
///
/// The description and mirror never show the tokens.
///
/// ```swift
/// let stored = StoredToken(response: response, receivedAt: Date(), previous: nil, currentGeolocation: .us)
/// print(stored)   // StoredToken(access: <redacted>, expires 2024-05-02T10:15:00Z, refresh: <redacted>, …)
/// ```
public struct StoredToken: Sendable, Hashable, Codable, CustomStringConvertible, CustomReflectable {
    /// The bearer token.
    public var accessToken: String
    /// When the access token expires (receipt time plus `expires_in`).
    public var accessTokenExpiry: Date
    /// The access token's lifetime (`expires_in`), for the proportional refresh-ahead margin.
    public var accessTokenLifetime: Duration
    /// The refresh token; `nil` for `client_credentials` tokens.
    public var refreshToken: String?
    /// When the refresh token expires (`refresh_expires_in`, absolute), if known.
    public var refreshTokenExpiry: Date?
    /// Where every later call and refresh goes.
    public var geolocation: Geolocation
    /// The scopes the token endpoint granted (`scope`); `nil` when it named none (or the token was saved by a
    /// version that did not keep them).
    public var scopes: [String]?
    /// Whether the token is company-level (the password grant with `credtype=authtoken`, kept through refreshes);
    /// `nil` when unknown (a token saved by a version that did not record it).
    public var isCompanyToken: Bool?

    public init(
        accessToken: String,
        accessTokenExpiry: Date,
        accessTokenLifetime: Duration,
        refreshToken: String?,
        refreshTokenExpiry: Date?,
        geolocation: Geolocation,
        scopes: [String]? = nil,
        isCompanyToken: Bool? = nil
    ) {
        self.accessToken = accessToken
        self.accessTokenExpiry = accessTokenExpiry
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshToken = refreshToken
        self.refreshTokenExpiry = refreshTokenExpiry
        self.geolocation = geolocation
        self.scopes = scopes
        self.isCompanyToken = isCompanyToken
    }

    /// The state after `response` arrived at `receivedAt`. A response without a refresh token keeps the
    /// previous one (and its expiry); a response without a usable geolocation (absent, or not `https`) stays at
    /// `currentGeolocation`, the data center that answered. A response without `scope` keeps the previous scopes;
    /// `isCompanyToken` is the grant's (`nil`: a refresh, which keeps the previous token's).
    public init(
        response: TokenResponse,
        receivedAt: Date,
        previous: StoredToken?,
        currentGeolocation: Geolocation,
        isCompanyToken: Bool? = nil
    ) {
        let rotated = response.refreshToken.flatMap { $0.isEmpty ? nil : $0 }
        self.init(
            accessToken: response.accessToken,
            accessTokenExpiry: response.accessTokenExpiry(receivedAt: receivedAt),
            accessTokenLifetime: .seconds(max(0, response.expiresIn)),
            refreshToken: rotated ?? previous?.refreshToken,
            refreshTokenExpiry: rotated != nil ? response.refreshTokenExpiry : previous?.refreshTokenExpiry,
            geolocation: response.geolocation.flatMap(Geolocation.init(url:)) ?? currentGeolocation,
            scopes: response.scope == nil ? previous?.scopes : response.scopes,
            isCompanyToken: isCompanyToken ?? previous?.isCompanyToken
        )
    }

    public var description: String {
        var text = "StoredToken(access: <redacted>, expires \(accessTokenExpiry.iso8601Text), "
        text += refreshToken == nil ? "no refresh token" : "refresh: <redacted>"
        if let refreshTokenExpiry { text += " until \(refreshTokenExpiry.iso8601Text)" }
        return text + ", geolocation \(geolocation))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessToken": "<redacted>", "accessTokenExpiry": accessTokenExpiry,
                "refreshToken": refreshToken == nil ? "nil" : "<redacted>",
                "refreshTokenExpiry": refreshTokenExpiry as Any, "geolocation": geolocation,
            ]
        )
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case accessTokenExpiry = "access_token_expires_at"
        case accessTokenLifetime = "expires_in"
        case refreshToken = "refresh_token"
        case refreshTokenExpiry = "refresh_token_expires_at"
        case geolocation
        case scopes = "scope"
        case isCompanyToken = "company_level"
    }

    /// JSON with dates as epoch seconds and the lifetime in seconds.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try container.decode(String.self, forKey: .accessToken)
        accessTokenExpiry = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .accessTokenExpiry))
        accessTokenLifetime = .seconds(try container.decode(Int64.self, forKey: .accessTokenLifetime))
        refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken)
        refreshTokenExpiry = try container.decodeIfPresent(Double.self, forKey: .refreshTokenExpiry)
            .map(Date.init(timeIntervalSince1970:))
        let text = try container.decode(String.self, forKey: .geolocation)
        guard let geolocation = Geolocation(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .geolocation,
                in: container,
                debugDescription: "geolocation '\(text)' is not an https URL"
            )
        }
        self.geolocation = geolocation
        scopes = try container.decodeIfPresent(String.self, forKey: .scopes)
            .map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
        isCompanyToken = try container.decodeIfPresent(Bool.self, forKey: .isCompanyToken)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accessToken, forKey: .accessToken)
        try container.encode(accessTokenExpiry.timeIntervalSince1970, forKey: .accessTokenExpiry)
        try container.encode(accessTokenLifetime.components.seconds, forKey: .accessTokenLifetime)
        try container.encodeIfPresent(refreshToken, forKey: .refreshToken)
        try container.encodeIfPresent(refreshTokenExpiry?.timeIntervalSince1970, forKey: .refreshTokenExpiry)
        try container.encode(geolocation.baseURL.absoluteString, forKey: .geolocation)
        try container.encodeIfPresent(scopes?.joined(separator: " "), forKey: .scopes)
        try container.encodeIfPresent(isCompanyToken, forKey: .isCompanyToken)
    }
}

/// A usable bearer token and the data center to send it to. The description never shows the token.
///
/// ```swift
/// let token = try await store.validToken()
/// request.headers.add(name: "Authorization", value: token.authorizationHeader)
/// let url = token.geolocation.url(for: .definitions)
/// ```
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The bearer token.
    public let value: String
    /// When it expires.
    public let expiresAt: Date
    /// Where to send it: every API call goes to this data center.
    public let geolocation: Geolocation
    /// The scopes granted, when the token endpoint named them (see ``StoredToken/scopes``).
    public let scopes: [String]?
    /// Whether it is a company-level token, when known (see ``StoredToken/isCompanyToken``).
    public let isCompanyToken: Bool?

    public init(
        value: String,
        expiresAt: Date,
        geolocation: Geolocation,
        scopes: [String]? = nil,
        isCompanyToken: Bool? = nil
    ) {
        self.value = value
        self.expiresAt = expiresAt
        self.geolocation = geolocation
        self.scopes = scopes
        self.isCompanyToken = isCompanyToken
    }

    /// `Bearer <token>`, the `Authorization` header value.
    public var authorizationHeader: String { "Bearer " + value }

    public var description: String {
        "AccessToken(<redacted>, expires \(expiresAt.iso8601Text), geolocation \(geolocation))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["value": "<redacted>", "expiresAt": expiresAt, "geolocation": geolocation])
    }
}
