public import Foundation

/// The error answer of the token endpoint:
/// `{"error": "invalid_grant", "error_description": "…", "code": 5, "geolocation": "…"}`.
///
/// ```swift
/// if let failure = try? OAuthErrorResponse(json: body) {
///     if failure.code == OAuthErrorResponse.Code.wrongDataCenter, let other = failure.geolocation {
///         // retry at `other` and store it
///     } else if failure.requiresReauthorization {
///         // code 108: a new company request token is needed
///     }
/// }
/// ```
public struct OAuthErrorResponse: Error, Sendable, Hashable, CustomStringConvertible {
    /// The OAuth2 error (`error`), e.g. `invalid_grant`; some codes come without one.
    public var error: String?
    /// Human-readable detail (`error_description`).
    public var errorDescription: String?
    /// Concur's numeric code (`code`, a number or numeric string on the wire); see ``Code``.
    public var code: Int?
    /// Where the user or company lives: in every 4xx answer of the token endpoint, and where to retry for code 16.
    public var geolocation: URL?

    public init(error: String?, errorDescription: String? = nil, code: Int? = nil, geolocation: URL? = nil) {
        self.error = error
        self.errorDescription = errorDescription
        self.code = code
        self.geolocation = geolocation
    }

    /// Concur's documented token-endpoint codes (§12).
    public enum Code {
        /// Incorrect credentials (`invalid_grant`); also 19, and 64 for the client's own secret.
        public static let incorrectCredentials = 5
        /// The user belongs to another data center; retry at ``OAuthErrorResponse/geolocation``.
        public static let wrongDataCenter = 16
        /// `username` was not supplied (`invalid_request`).
        public static let usernameMissing = 51
        /// `password` was not supplied (`invalid_request`).
        public static let passwordMissing = 52
        /// Scope not allowed (`invalid_scope`).
        public static let scopeNotAllowed = 54
        /// Client disabled (`access_denied`).
        public static let clientDisabled = 59
        /// Client not found (`invalid_client`).
        public static let clientNotFound = 61
        /// `client_id` missing.
        public static let clientIDMissing = 62
        /// `client_secret` missing.
        public static let clientSecretMissing = 63
        /// The client secret is wrong (`invalid_client`, "Incorrect credentials"): the client exists.
        public static let incorrectClientSecret = 64
        /// `grant_type` missing.
        public static let grantTypeMissing = 65
        /// `refresh_token` missing.
        public static let refreshTokenMissing = 106
        /// Refresh not allowed for this app (`invalid_request`, "refresh disallowed for app").
        public static let refreshNotAllowed = 107
        /// Refresh token bad or expired: re-authorisation (a new company request token) is needed.
        public static let refreshTokenInvalid = 108
        /// `credtype` invalid.
        public static let credentialTypeInvalid = 120
    }

    /// Whether only a person can fix this (code 108: the refresh token is bad or expired).
    public var requiresReauthorization: Bool { code == Code.refreshTokenInvalid }

    public var description: String {
        var text = error ?? "error"
        if let code { text += " (code \(code))" }
        if let errorDescription { text += ": " + errorDescription }
        return text
    }
}
