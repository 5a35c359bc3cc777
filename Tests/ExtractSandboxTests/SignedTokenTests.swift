import AccountingExtract
import Crypto
import ExtractAPI
import Foundation
import JWTKit
import Testing

@testable import ExtractSandbox

/// The claims as a client reads them off the wire, named independently of the sandbox's own type.
struct WireClaims: JWTPayload, Equatable {
    var sub: String
    var aud: String
    var iss: String
    var exp: Int
    var iat: Int
    var nbf: Int
    var jti: String
    var type: String
    var company: String
    var scope: String?
    var version: Int?
    var profile: String?
    var atHash: String?

    enum CodingKeys: String, CodingKey {
        case sub, aud, iss, exp, iat, nbf, jti, scope
        case type = "concur.type"
        case company = "concur.company"
        case version = "concur.version"
        case profile = "concur.profile"
        case atHash = "at_hash"
    }

    /// Expiry is checked against the sandbox's simulated clock by the tests, not against the real time.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The three base64url segments of a JWT, decoded.
struct JWTParts {
    var header: [String: Any]
    var payload: [String: Any]
    var segments: [String]

    init(_ token: String) throws {
        segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard segments.count == 3 else { throw TestFailure("not three segments: \(segments.count)") }
        header = try JSONSerialization.jsonObject(with: Self.decode(segments[0])) as? [String: Any] ?? [:]
        payload = try JSONSerialization.jsonObject(with: Self.decode(segments[1])) as? [String: Any] ?? [:]
    }

    static func decode(_ segment: String) throws -> Data {
        var text = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { throw TestFailure("not base64url: \(segment)") }
        return data
    }

    static func encode(_ object: [String: Any]) throws -> String {
        base64URL(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension SandboxServer {
    /// The published key set, fetched over HTTP, as a client's verifier.
    func publishedKeys() async throws -> (JWTKeyCollection, HTTPAnswer) {
        let answer = try await HTTP.get(base + SandboxTokenSigner.jwksPath, token: nil)
        guard answer.status == 200 else { throw TestFailure("jwks: \(answer.status)") }
        let keys = try await JWTKeyCollection().add(jwksJSON: answer.text)
        return (keys, answer)
    }
}

@Suite("Signed tokens and the JWKS")
struct SignedTokenTests {
    /// Every token the sandbox issues, for every company and grant, verifies against the published JWKS and
    /// carries the claims of its principal.
    @Test func everyIssuedTokenVerifiesAgainstTheJWKSWithItsClaims() async throws {
        try await withSandbox({ $0.companies = 3 }) { sandbox, clock in
            let (keys, _) = try await sandbox.publishedKeys()
            let keyID = try await sandbox.store.tokenSigner().keyID
            let state = await sandbox.store.state
            var userSubjects: Set<String> = []
            for company in state.companies {
                let client = company.clients[0]
                let admin = try #require(company.users.first { $0.isAdministrator })
                let grants: [(TokenRequest.Grant, subject: String?, type: String)] = [
                    (.password(username: admin.username, password: admin.password, credentialType: nil), nil, "user"),
                    (
                        .password(username: company.id, password: company.requestToken, credentialType: "authtoken"),
                        company.id, "company"
                    ),
                    (.clientCredentials, client.id, "app"),
                ]
                for (grant, subject, type) in grants {
                    let now = Int(clock.now.timeIntervalSince1970)
                    let answer = try await HTTP.token(
                        sandbox.baseURL,
                        TokenRequest(clientID: client.id, clientSecret: client.secret, grant: grant)
                    )
                    #expect(answer.status == 200)
                    var token = try TokenResponse(json: answer.data)
                    var tokens = [token]
                    if let refresh = token.refreshToken {
                        clock.advance(by: 7)
                        let refreshed = try await HTTP.token(
                            sandbox.baseURL,
                            TokenRequest(
                                clientID: client.id,
                                clientSecret: client.secret,
                                grant: .refreshToken(refresh, scope: nil)
                            )
                        )
                        token = try TokenResponse(json: refreshed.data)
                        tokens.append(token)
                    }
                    for (index, token) in tokens.enumerated() {
                        let issuedAt = now + (index == 0 ? 0 : 7)
                        let geolocation = company.geolocation ?? sandbox.base
                        let access = try await keys.verify(token.accessToken, as: WireClaims.self)
                        let header = try JWTParts(token.accessToken).header
                        #expect(header["alg"] as? String == "RS256")
                        #expect(header["kid"] as? String == keyID)
                        #expect(access.type == type)
                        #expect(access.company == company.id)
                        #expect(access.aud == client.id)
                        #expect(access.iss == geolocation)
                        #expect(access.iat == issuedAt && access.nbf == issuedAt)
                        #expect(access.exp - access.iat == token.expiresIn)
                        #expect(access.scope == token.scope)
                        #expect(access.scope?.split(separator: " ").contains("EXTRCT") == true)
                        if let subject {
                            #expect(access.sub == subject)
                        } else {
                            #expect(UUID(uuidString: access.sub) != nil && access.sub == access.sub.lowercased())
                            userSubjects.insert(access.sub)
                        }
                        if type == "app" {
                            #expect(token.idToken == nil)
                            continue
                        }
                        let id = try await keys.verify(try #require(token.idToken), as: WireClaims.self)
                        #expect(id.sub == access.sub && id.type == type && id.company == company.id)
                        #expect(id.aud == client.id && id.iss == geolocation && id.exp == access.exp)
                        #expect(id.version == 2 && id.scope == nil)
                        #expect(id.profile == geolocation + "/profile/v1/principals/" + access.sub)
                        let digest = Data(SHA256.hash(data: Data(token.accessToken.utf8)).prefix(16))
                        #expect(id.atHash == JWTParts.base64URL(digest))
                        #expect(id.jti != access.jti)
                    }
                    // Two tokens of one principal differ (jti), and both are accepted.
                    if tokens.count == 2 {
                        #expect(tokens[0].accessToken != tokens[1].accessToken)
                        let same = try await keys.verify(tokens[0].accessToken, as: WireClaims.self)
                        let next = try await keys.verify(tokens[1].accessToken, as: WireClaims.self)
                        #expect(same.sub == next.sub)
                    }
                }
            }
            // A user's subject is a stable UUID of its own: one per company administrator.
            #expect(userSubjects.count == state.companies.count)
        }
    }

    @Test func theJWKSIsPublicAndAnswersGetOnly() async throws {
        try await withSandbox { sandbox, _ in
            let (_, answer) = try await sandbox.publishedKeys()
            #expect(answer.header("Content-Type") == "application/json")
            let body = try JSONSerialization.jsonObject(with: answer.data) as? [String: Any]
            let keys = try #require(body?["keys"] as? [[String: Any]])
            #expect(keys.count == 1)
            let key = try #require(keys.first)
            #expect(
                key["kty"] as? String == "RSA" && key["alg"] as? String == "RS256" && key["use"] as? String == "sig"
            )
            #expect(key["kid"] as? String == (try await sandbox.store.tokenSigner().keyID))
            #expect(try JWTParts.decode(try #require(key["n"] as? String)).count == 256)
            #expect(key["d"] == nil, "the private exponent is never published")
            let post = try await HTTP.post(sandbox.base + SandboxTokenSigner.jwksPath, token: nil)
            #expect(post.status == 405)
        }
    }

    /// A token whose payload was changed, a token signed by another key, an unsigned (`alg: none`) token and a
    /// token without its signature are all refused as an unknown token (403), as before tokens were JWTs.
    @Test func tamperedTokensAreRefused() async throws {
        try await withSandbox { sandbox, _ in
            let (keys, _) = try await sandbox.publishedKeys()
            let token = try await sandbox.token()
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token.accessToken).status == 200)
            let parts = try JWTParts(token.accessToken)

            var widened = parts.payload
            widened["scope"] = "EXTRCT FISVC user.write"
            let changedPayload = [parts.segments[0], try JWTParts.encode(widened), parts.segments[2]]
                .joined(separator: ".")
            var otherSubject = parts.payload
            otherSubject["sub"] = UUID().uuidString.lowercased()
            let changedSubject = [parts.segments[0], try JWTParts.encode(otherSubject), parts.segments[2]]
                .joined(separator: ".")

            let claims = try await keys.unverified(token.accessToken, as: SandboxTokenClaims.self)
            let foreign = try await SandboxTokenSigner(key: try SandboxSigningKey.generate()).sign(claims)

            let unsigned = [try JWTParts.encode(["alg": "none", "typ": "JWT"]), parts.segments[1], ""]
                .joined(separator: ".")
            let unsignedWithKid = [
                try JWTParts.encode(["alg": "none", "typ": "JWT", "kid": try await sandbox.store.tokenSigner().keyID]),
                parts.segments[1], parts.segments[2],
            ].joined(separator: ".")
            let stripped = parts.segments[0] + "." + parts.segments[1] + "."
            var flipped = Array(parts.segments[2])
            flipped[flipped.count / 2] = flipped[flipped.count / 2] == "A" ? "B" : "A"
            let badSignature = parts.segments[0] + "." + parts.segments[1] + "." + String(flipped)

            for forged in [changedPayload, changedSubject, foreign, unsigned, unsignedWithKid, stripped, badSignature] {
                #expect(forged != token.accessToken)
                await #expect(throws: (any Error).self) { _ = try await keys.verify(forged, as: WireClaims.self) }
                let answer = try await HTTP.get(sandbox.definitionsURL, token: forged)
                #expect(answer.status == 403)
                #expect(try ExtractErrorBody(xml: answer.data).message.contains("not valid"))
                #expect(!answer.text.contains(forged))
            }
            // The genuine token still works.
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token.accessToken).status == 200)
        }
    }

    /// The `exp` claim is the instant the sandbox stops accepting the token: a second before, 200; at it, 403.
    @Test func aTokenIsRefusedFromItsExpClaimOn() async throws {
        try await withSandbox({ $0.accessTokenLifetime = 900 }) { sandbox, clock in
            let (keys, _) = try await sandbox.publishedKeys()
            let token = try await sandbox.token()
            let claims = try await keys.verify(token.accessToken, as: WireClaims.self)
            let now = Int(clock.now.timeIntervalSince1970)
            #expect(claims.exp == now + 900)
            clock.advance(by: TimeInterval(claims.exp - now - 1))
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token.accessToken).status == 200)
            clock.advance(by: 1)
            let expired = try await HTTP.get(sandbox.definitionsURL, token: token.accessToken)
            #expect(expired.status == 403)
            #expect(try ExtractErrorBody(xml: expired.data).message.contains("expired"))
            // Its signature still verifies: expiry is the sandbox's lookup, not a broken signature.
            _ = try await keys.verify(token.accessToken, as: WireClaims.self)
        }
    }

    /// A sandbox restarted with the same state file keeps its key: the JWKS has the same `kid`, and a token issued
    /// before the restart verifies against the new JWKS and is still accepted. A sandbox with another state file
    /// and another key does not verify it (so the check is not vacuous).
    @Test func theStateFileKeepsTheSigningKey() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: other) }
        let firstKey = try SandboxSigningKey.generate()
        let secondKey = try SandboxSigningKey.generate()
        var configuration = SandboxConfiguration()
        configuration.clock = SimulatedClock()
        configuration.reportsPerCompany = 2
        configuration.statePath = path
        configuration.signingKey = firstKey

        let first = try await SandboxServer.start(configuration)
        let token = try await first.token()
        let firstKeyID = try await first.store.tokenSigner().keyID
        await first.shutdown()

        configuration.signingKey = secondKey  // ignored: the state has a key
        let second = try await SandboxServer.start(configuration)
        #expect(try await second.store.tokenSigner().keyID == firstKeyID)
        #expect(await second.store.state.signingKey == firstKey)
        let (keys, _) = try await second.publishedKeys()
        let claims = try await keys.verify(token.accessToken, as: WireClaims.self)
        #expect(claims.type == "user")
        _ = try await keys.verify(try #require(token.idToken), as: WireClaims.self)
        #expect(try await HTTP.get(second.definitionsURL, token: token.accessToken).status == 200)
        await second.shutdown()

        configuration.statePath = other
        let unrelated = try await SandboxServer.start(configuration)
        #expect(try await unrelated.store.tokenSigner().keyID != firstKeyID)
        let (otherKeys, _) = try await unrelated.publishedKeys()
        await #expect(throws: (any Error).self) {
            _ = try await otherKeys.verify(token.accessToken, as: WireClaims.self)
        }
        await unrelated.shutdown()
    }

    /// A reset keeps the key (the JWKS a client cached stays valid); its tokens are gone.
    @Test func aResetKeepsTheKey() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token()
            let before = await sandbox.store.state.signingKey
            await sandbox.store.reset()
            #expect(await sandbox.store.state.signingKey == before)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token.accessToken).status == 403)
            let (keys, _) = try await sandbox.publishedKeys()
            _ = try await keys.verify(try await sandbox.token().accessToken, as: WireClaims.self)
        }
    }

    @Test func theKeyIsNeverPrinted() throws {
        let key = try SandboxSigningKey.generate()
        #expect(!String(describing: key).contains("PRIVATE"))
        let secretLine = String(key.privateKeyPEM.split(separator: "\n")[1])
        #expect(!String(reflecting: key).contains(secretLine))
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains(secretLine))
    }
}

@Suite("Refresh-token rotation")
struct RefreshRotationSandboxTests {
    @Test func theDefaultReturnsTheSameRefreshTokenAsConcurDocuments() async throws {
        #expect(SandboxConfiguration().refreshRotation == .never)
        try await withSandbox { sandbox, clock in
            let credentials = sandbox.demoCredentials
            let login = try await sandbox.token()
            let refresh = try #require(login.refreshToken)
            var accessTokens = [login.accessToken]
            for _ in 0..<3 {
                clock.advance(by: 60)
                let answer = try await HTTP.token(
                    sandbox.baseURL,
                    TokenRequest(
                        clientID: credentials.clientID,
                        clientSecret: credentials.clientSecret,
                        grant: .refreshToken(refresh, scope: nil)
                    )
                )
                #expect(answer.status == 200)
                let token = try TokenResponse(json: answer.data)
                #expect(token.refreshToken == refresh)
                #expect(token.refreshExpiresIn == login.refreshExpiresIn, "the same token keeps its expiry")
                accessTokens.append(token.accessToken)
            }
            #expect(Set(accessTokens).count == accessTokens.count)
            for access in accessTokens {
                #expect(try await HTTP.get(sandbox.definitionsURL, token: access).status == 200)
            }
            // A narrowed scope narrows the access token, not the kept refresh token.
            let narrowed = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret,
                    grant: .refreshToken(refresh, scope: "EXTRCT")
                )
            )
            #expect(try TokenResponse(json: narrowed.data).scope == "EXTRCT")
            let full = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret,
                    grant: .refreshToken(refresh, scope: nil)
                )
            )
            #expect(try TokenResponse(json: full.data).scope == login.scope)
            // It expires as issued: six months after the login, whatever the refreshes.
            clock.advance(by: 180 * 86_400)
            let late = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret,
                    grant: .refreshToken(refresh, scope: nil)
                )
            )
            #expect(try OAuthErrorResponse(json: late.data).code == 108)
        }
    }
}
