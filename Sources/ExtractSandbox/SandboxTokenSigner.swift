import Crypto
public import Foundation
public import JWTKit

/// Signs the sandbox's access and id tokens (RS256) and publishes the public key as a JWKS at ``jwksPath``, the
/// path Concur's OAuth2 reference gives for its JSON Web Keys (`…/oauth2/v0/jwks`). The key ID (`kid`) is the key's
/// RFC 7638 thumbprint, so the same key always has the same ID.
///
/// ```swift
/// let signer = try await SandboxTokenSigner(key: try SandboxSigningKey.generate())
/// let jwt = try await signer.sign(claims)
/// let published = signer.jwks            // {"keys":[{"kty":"RSA","alg":"RS256","use":"sig","kid":…,"n":…,"e":…}]}
/// ```
public struct SandboxTokenSigner: Sendable {
    /// Where the sandbox serves the JWKS (`GET`, no authentication), as Concur's `/oauth2/v0/jwks`.
    public static let jwksPath = "/oauth2/v0/jwks"

    /// The key ID in every token's header.
    public let keyID: String
    /// The key it signs with (saved in the state).
    let key: SandboxSigningKey
    /// The public key set, as served at ``jwksPath``.
    public let jwks: PublishedKeySet
    private let keys: JWTKeyCollection

    /// One published key: the JWK members of an RS256 public key (RFC 7517, 7518).
    public struct PublishedKey: Sendable, Hashable, Codable {
        public var kty = "RSA"
        public var alg = "RS256"
        public var use = "sig"
        public var kid: String
        /// The modulus, base64url without padding.
        public var n: String
        /// The public exponent, base64url without padding.
        public var e: String
    }

    /// The body of ``jwksPath``.
    public struct PublishedKeySet: Sendable, Hashable, Codable {
        public var keys: [PublishedKey]
    }

    /// A signer for `key`; throws when the PEM is not an RSA private key of at least 2048 bits.
    public init(key: SandboxSigningKey) async throws {
        self.key = key
        let privateKey = try Insecure.RSA.PrivateKey(pem: key.privateKeyPEM)
        let (modulus, exponent) = try privateKey.publicKey.getKeyPrimitives()
        let n = Self.base64URL(modulus)
        let e = Self.base64URL(exponent)
        // RFC 7638: the SHA-256 of the required members in lexicographic order, without white space.
        let thumbprint = Data(SHA256.hash(data: Data(#"{"e":"\#(e)","kty":"RSA","n":"\#(n)"}"#.utf8)))
        keyID = Self.base64URL(thumbprint)
        jwks = PublishedKeySet(keys: [PublishedKey(kid: keyID, n: n, e: e)])
        keys = await JWTKeyCollection().add(
            rsa: privateKey,
            digestAlgorithm: .sha256,
            kid: JWKIdentifier(string: keyID)
        )
    }

    /// The signed token (`header.payload.signature`, header `{"alg":"RS256","kid":…,"typ":"JWT"}`).
    public func sign(_ claims: SandboxTokenClaims) async throws -> String {
        try await keys.sign(claims, kid: JWKIdentifier(string: keyID))
    }

    /// The JWKS body.
    public func jwksJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(jwks)
    }

    /// OpenID Connect's `at_hash` of an access token: the left half of its SHA-256, base64url.
    static func accessTokenHash(_ accessToken: String) -> String {
        base64URL(Data(SHA256.hash(data: Data(accessToken.utf8)).prefix(16)))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
