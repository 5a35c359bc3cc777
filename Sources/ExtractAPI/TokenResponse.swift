public import Foundation

/// The success answer of `POST /oauth2/v0/token` (JSON only; the legacy XML `Access_Token` is not
/// supported).
///
/// Store ``refreshToken``, ``refreshExpiresIn`` and ``geolocation`` after **every** token response:
/// refresh tokens rotate, and all later calls and refreshes go to ``geolocation``.
///
/// ```swift
/// let token = try TokenResponse(json: body)
/// let expires = token.accessTokenExpiry(receivedAt: Date())
/// let refreshDeadline = token.refreshTokenExpiry   // absolute, from refresh_expires_in
/// ```
public struct TokenResponse: Sendable, Hashable {
    /// The bearer token (`access_token`), valid about one hour.
    public var accessToken: String
    /// The token type (`token_type`), `Bearer`; compare with ``isBearer``. Read as `Bearer` when absent.
    public var tokenType: String
    /// The access token's lifetime in seconds (`expires_in`, a string or a number on the wire).
    public var expiresIn: Int
    /// The refresh token (`refresh_token`); absent for `client_credentials`.
    public var refreshToken: String?
    /// The refresh token's **absolute** expiry in epoch seconds, UTC (`refresh_expires_in`), not a duration.
    public var refreshExpiresIn: Int64?
    /// Space-separated scopes (`scope`).
    public var scope: String?
    /// The OIDC token (`id_token`).
    public var idToken: String?
    /// The base URI for all later API calls and refreshes (`geolocation`).
    public var geolocation: URL?

    public init(
        accessToken: String,
        tokenType: String = "Bearer",
        expiresIn: Int,
        refreshToken: String? = nil,
        refreshExpiresIn: Int64? = nil,
        scope: String? = nil,
        idToken: String? = nil,
        geolocation: URL? = nil
    ) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.refreshExpiresIn = refreshExpiresIn
        self.scope = scope
        self.idToken = idToken
        self.geolocation = geolocation
    }

    /// Whether ``tokenType`` is `Bearer` (case-insensitively).
    public var isBearer: Bool { tokenType.caseInsensitiveCompare("Bearer") == .orderedSame }

    /// The individual scopes.
    public var scopes: [String] { scope?.split(whereSeparator: \.isWhitespace).map(String.init) ?? [] }

    /// When the access token expires, given when the response arrived.
    public func accessTokenExpiry(receivedAt: Date) -> Date { receivedAt.addingTimeInterval(TimeInterval(expiresIn)) }

    /// When the refresh token expires (from ``refreshExpiresIn``).
    public var refreshTokenExpiry: Date? { refreshExpiresIn.map { Date(timeIntervalSince1970: TimeInterval($0)) } }
}
