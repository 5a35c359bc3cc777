public import Foundation
public import JWTKit

/// The claims of the sandbox's access tokens and `id_token`s, named as in Concur's id_token sample (OAuth2
/// reference, "ID Token"): `sub`, `aud`, `iss`, `exp`, `iat`, `nbf`, `concur.type`, `concur.version`,
/// `concur.profile`, `at_hash`. Concur's sample shows no company claim; the sandbox adds `concur.company` (the
/// company UUID, in Concur's `concur.` namespace) so a client can tell the tenant of a user's token, and the access
/// token carries its `scope` (space-separated, as the token answer's). Clients should treat tokens as opaque:
/// these claims are for reading, not for deciding expiry (`expires_in` does that).
///
/// | Claim | Access token | id_token |
/// |-------|--------------|----------|
/// | `sub` | the user's UUID, the company UUID (company-level), or the client ID (client credentials) | same |
/// | `concur.type` | `user`, `company` or `app` | `user` or `company` |
/// | `concur.company` | the company UUID | same |
/// | `aud` | the client ID | same |
/// | `iss` | the geolocation (base URI) | same |
/// | `scope` | the granted scopes | — |
/// | `concur.version`, `concur.profile`, `at_hash` | — | `2`, the profile URI, the access token's hash |
///
/// ```swift
/// let claims = try await keys.verify(token.accessToken, as: SandboxTokenClaims.self)
/// print(claims.subject.value, claims.scope ?? "")
/// ```
public struct SandboxTokenClaims: JWTPayload, Equatable {
    public var subject: SubjectClaim
    public var audience: AudienceClaim
    public var issuer: IssuerClaim
    public var expiration: ExpirationClaim
    public var issuedAt: IssuedAtClaim
    public var notBefore: NotBeforeClaim
    /// A unique ID per token, so two tokens issued in the same second differ.
    public var id: IDClaim
    /// `user`, `company` or `app` (client credentials).
    public var principalType: String
    /// The company UUID.
    public var company: String
    /// The granted scopes, space-separated (access tokens only).
    public var scope: String?
    /// `2` (id tokens only).
    public var version: Int?
    /// The principal's profile URI (id tokens only).
    public var profile: String?
    /// The left half of the access token's SHA-256, base64url (id tokens only; OpenID Connect's `at_hash`).
    public var accessTokenHash: String?

    enum CodingKeys: String, CodingKey {
        case subject = "sub"
        case audience = "aud"
        case issuer = "iss"
        case expiration = "exp"
        case issuedAt = "iat"
        case notBefore = "nbf"
        case id = "jti"
        case principalType = "concur.type"
        case company = "concur.company"
        case scope
        case version = "concur.version"
        case profile = "concur.profile"
        case accessTokenHash = "at_hash"
    }

    /// Checks the expiry against the real time. The sandbox itself never calls it: it validates a token by looking
    /// up the issued value (so revocation works) against its own clock.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try expiration.verifyNotExpired()
    }
}
