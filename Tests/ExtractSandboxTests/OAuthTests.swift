import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("OAuth2 token endpoint")
struct OAuthTests {
    @Test func passwordGrantForAUserCarriesEveryDocumentedField() async throws {
        try await withSandbox { sandbox, clock in
            let credentials = sandbox.demoCredentials
            let answer = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret,
                    grant: .password(
                        username: credentials.username,
                        password: credentials.password,
                        credentialType: "password"
                    )
                )
            )
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json")
            #expect(answer.text.contains(#""expires_in":"3600""#))
            let token = try TokenResponse(json: answer.data)
            #expect(token.isBearer)
            #expect(token.expiresIn == 3600)
            #expect(token.scopes.contains("EXTRCT"))
            #expect(token.refreshToken != nil)
            #expect(token.idToken != nil)
            let expected = Int64(clock.now.timeIntervalSince1970) + 180 * 86_400
            #expect(token.refreshExpiresIn == expected)
            #expect(token.geolocation == sandbox.baseURL)
        }
    }

    @Test func companyPasswordGrantWithAuthtoken() async throws {
        try await withSandbox { sandbox, _ in
            let company = await sandbox.store.state.companies[0]
            let answer = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: company.clients[0].id,
                    clientSecret: company.clients[0].secret,
                    grant: .password(
                        username: company.id.lowercased(),
                        password: company.requestToken,
                        credentialType: "authtoken"
                    )
                )
            )
            #expect(answer.status == 200)
            let token = try TokenResponse(json: answer.data)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token.accessToken).status == 200)
            let wrong = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: company.clients[0].id,
                    clientSecret: company.clients[0].secret,
                    grant: .password(username: company.id, password: "stale", credentialType: "authtoken")
                )
            )
            #expect(wrong.status == 400)
            #expect(try OAuthErrorResponse(json: wrong.data).code == 5)
        }
    }

    @Test func refreshRotatesAndTheOldRefreshTokenStopsWorking() async throws {
        try await withSandbox({ $0.refreshRotation = .always }) { sandbox, _ in
            let first = try await sandbox.token()
            let credentials = sandbox.demoCredentials
            let old = try #require(first.refreshToken)
            let refreshed = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret,
                    grant: .refreshToken(old, scope: nil)
                )
            )
            #expect(refreshed.status == 200)
            let second = try TokenResponse(json: refreshed.data)
            #expect(second.refreshToken != old)
            #expect(second.accessToken != first.accessToken)
            #expect(second.scopes.contains("EXTRCT"))
            #expect(try await HTTP.get(sandbox.definitionsURL, token: second.accessToken).status == 200)

            let reused = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret,
                    grant: .refreshToken(old, scope: nil)
                )
            )
            #expect(reused.status == 400)
            let failure = try OAuthErrorResponse(json: reused.data)
            #expect(failure.code == 108)
            #expect(failure.error == "invalid_grant")
            #expect(failure.requiresReauthorization)
            #expect(!reused.text.contains(old))

            let narrowed = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret,
                    grant: .refreshToken(try #require(second.refreshToken), scope: "EXTRCT unknown.scope")
                )
            )
            #expect(try OAuthErrorResponse(json: narrowed.data).code == 54)
        }
    }

    @Test func clientCredentialsHasNoRefreshToken() async throws {
        try await withSandbox { sandbox, _ in
            let credentials = sandbox.demoCredentials
            let answer = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret,
                    grant: .clientCredentials
                )
            )
            #expect(answer.status == 200)
            let token = try TokenResponse(json: answer.data)
            #expect(token.refreshToken == nil && token.refreshExpiresIn == nil && token.idToken == nil)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token.accessToken).status == 200)
        }
    }

    @Test func accessTokensExpire() async throws {
        try await withSandbox({ $0.accessTokenLifetime = 600 }) { sandbox, clock in
            let token = try await sandbox.token()
            #expect(token.expiresIn == 600)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token.accessToken).status == 200)
            clock.advance(by: 601)
            let expired = try await HTTP.get(sandbox.definitionsURL, token: token.accessToken)
            #expect(expired.status == 403)
            #expect(try ExtractErrorBody(xml: expired.data).message.contains("expired"))
            // a refresh after expiry gives a working token
            let credentials = sandbox.demoCredentials
            let refreshed = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret,
                    grant: .refreshToken(try #require(token.refreshToken), scope: nil)
                )
            )
            let next = try TokenResponse(json: refreshed.data)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: next.accessToken).status == 200)
        }
    }

    @Test func documentedErrorCodes() async throws {
        try await withSandbox { sandbox, _ in
            let id = sandbox.demoCredentials.clientID
            let secret = sandbox.demoCredentials.clientSecret
            let cases: [([(String, String)], Int, Int?)] = [
                (
                    [("grant_type", "password"), ("client_secret", secret), ("username", "u"), ("password", "p")], 400,
                    62
                ),
                ([("grant_type", "password"), ("client_id", id), ("username", "u"), ("password", "p")], 400, 63),
                ([("client_id", id), ("client_secret", secret)], 400, 65),
                ([("grant_type", "refresh_token"), ("client_id", id), ("client_secret", secret)], 400, 106),
                (
                    [
                        ("grant_type", "password"), ("client_id", "ghost"), ("client_secret", secret),
                        ("username", "u"), ("password", "p"),
                    ], 401, 61
                ),
                (
                    [
                        ("grant_type", "password"), ("client_id", id), ("client_secret", "wrong"), ("username", "u"),
                        ("password", "p"),
                    ], 401, 64
                ),
                (
                    [("grant_type", "password"), ("client_id", id), ("client_secret", secret), ("password", "p")], 400,
                    51
                ),
                (
                    [("grant_type", "password"), ("client_id", id), ("client_secret", secret), ("username", "u")], 400,
                    52
                ),
                (
                    [
                        ("grant_type", "password"), ("client_id", id), ("client_secret", secret),
                        ("username", sandbox.demoCredentials.username), ("password", "wrong"),
                    ], 400, 5
                ),
                (
                    [
                        ("grant_type", "password"), ("client_id", id), ("client_secret", secret), ("username", "u"),
                        ("password", "p"), ("credtype", "magic"),
                    ], 400, 120
                ),
                (
                    [
                        ("grant_type", "refresh_token"), ("client_id", id), ("client_secret", secret),
                        ("refresh_token", "bogus"),
                    ], 400, 108
                ),
                ([("grant_type", "implicit"), ("client_id", id), ("client_secret", secret)], 400, nil),
            ]
            for (fields, status, code) in cases {
                let answer = try await HTTP.form(sandbox.baseURL, fields)
                #expect(answer.status == status, "\(fields.map(\.0))")
                let failure = try OAuthErrorResponse(json: answer.data)
                #expect(failure.code == code, "\(fields.map(\.0))")
                // Every 4xx names where the company lives, as the reference's error body does.
                #expect(failure.geolocation == sandbox.baseURL, "\(fields.map(\.0))")
                #expect(failure.error != nil, "\(fields.map(\.0))")
                #expect(!answer.text.contains(secret))
            }
            let reporting = await sandbox.store.state.companies[0].clients[1]
            let noRefresh = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: reporting.id,
                    clientSecret: reporting.secret,
                    grant: .refreshToken("x", scope: nil)
                )
            )
            let refusal = try OAuthErrorResponse(json: noRefresh.data)
            #expect(refusal.code == 107 && refusal.error == "invalid_request")
            #expect(refusal.errorDescription == "Refresh disallowed for app.")
            let notForm = try await HTTP.send(
                .POST,
                sandbox.base + ExtractWire.tokenPath,
                headers: [("Content-Type", "application/json")],
                body: Array("{}".utf8)
            )
            #expect(notForm.status == 400)
            let inQuery = try await HTTP.send(.POST, sandbox.base + ExtractWire.tokenPath + "?client_secret=x")
            #expect(inQuery.status == 400)
        }
    }

    @Test func companyGeolocationCanDifferFromTheSandboxAddress() async throws {
        try await withSandbox({ $0.companyGeolocations = [1: URL(string: "http://localhost:1")!] }) { sandbox, _ in
            let other = try await sandbox.token(company: 1)
            #expect(other.geolocation == URL(string: "http://localhost:1"))
            let demo = try await sandbox.token(company: 0)
            #expect(demo.geolocation == sandbox.baseURL)
            // switching a company's data center at run time
            let demoID = await sandbox.store.state.companies[0].id
            let elsewhere = sandbox.base.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            try await sandbox.store.setGeolocation(URL(string: elsewhere), companyID: demoID)
            #expect(try await sandbox.token(company: 0).geolocation == URL(string: elsewhere))
        }
    }

    @Test func revocationEndsTheConnection() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token()
            let revoked = try await HTTP.send(
                .DELETE,
                sandbox.base + ExtractWire.revocationPath,
                headers: [("Authorization", "Bearer \(token.accessToken)")]
            )
            #expect(revoked.status == 200)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token.accessToken).status == 403)
            let credentials = sandbox.demoCredentials
            let refresh = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: credentials.clientID,
                    clientSecret: credentials.clientSecret,
                    grant: .refreshToken(try #require(token.refreshToken), scope: nil)
                )
            )
            #expect(try OAuthErrorResponse(json: refresh.data).code == 108)
        }
    }
}
