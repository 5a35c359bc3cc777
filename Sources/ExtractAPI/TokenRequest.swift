/// The form body of `POST /oauth2/v0/token` (`application/x-www-form-urlencoded`, sent without a
/// `charset` parameter; secrets go in the body, never the query string).
///
/// ```swift
/// let request = TokenRequest(
///     clientID: "id", clientSecret: "secret",
///     grant: .password(username: companyUUID, password: requestToken, credentialType: "authtoken"))
/// let body = request.formBody()            // Content-Type: application/x-www-form-urlencoded
/// let parsed = try TokenRequest(form: body) // emulator side
/// ```
public struct TokenRequest: Sendable, Hashable {
    /// The grant and its grant-specific fields.
    public enum Grant: Sendable, Hashable {
        /// `grant_type=password`: `username`, `password`, optional `credtype` (`password` or `authtoken`).
        case password(username: String, password: String, credentialType: String?)
        /// `grant_type=refresh_token`: the current refresh token and an optional `scope`.
        case refreshToken(String, scope: String?)
        /// `grant_type=client_credentials`: no further fields.
        case clientCredentials

        /// The `grant_type` value.
        public var grantType: String {
            switch self {
            case .password: return "password"
            case .refreshToken: return "refresh_token"
            case .clientCredentials: return "client_credentials"
            }
        }
    }

    /// `client_id`.
    public var clientID: String
    /// `client_secret`.
    public var clientSecret: String
    /// The grant.
    public var grant: Grant

    public init(clientID: String, clientSecret: String, grant: Grant) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.grant = grant
    }
}
