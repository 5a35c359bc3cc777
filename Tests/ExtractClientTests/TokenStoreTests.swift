import AccountingExtract
import ExtractAPI
import Foundation
import Testing

@testable import ExtractClient

@Suite("TokenStore")
struct TokenStoreTests {
    let client = ClientCredentials(clientID: "app", clientSecret: "S3CR3T-VALUE")
    let clock = SimulatedClock(start: Date(timeIntervalSince1970: 1_714_608_000))

    func stored(access: String = "a0", expiresIn: TimeInterval = 3600, refresh: String? = "r0") -> StoredToken {
        StoredToken(
            accessToken: access,
            accessTokenExpiry: clock.now.addingTimeInterval(expiresIn),
            accessTokenLifetime: .seconds(3600),
            refreshToken: refresh,
            refreshTokenExpiry: nil,
            geolocation: .us
        )
    }

    func store(
        _ endpoint: FakeTokenEndpoint,
        persistence: any TokenPersistence,
        login: LoginCredentials? = nil,
        geolocation: Geolocation = .us
    ) -> TokenStore {
        return TokenStore(
            client: client,
            geolocation: geolocation,
            login: login,
            persistence: persistence,
            clock: clock,
            fetcher: endpoint.fetcher
        )
    }

    @Test("100 concurrent callers with an expired token cause exactly one refresh")
    func coalescing() async throws {
        let endpoint = FakeTokenEndpoint(delayYields: 50)
        let persistence = InMemoryTokenPersistence(stored(expiresIn: -10))
        let tokens = store(endpoint, persistence: persistence)
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 { group.addTask { try await tokens.validToken().value } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(values.count == 100)
        #expect(Set(values) == ["access-1"])
        #expect(await endpoint.count == 1)
        #expect(await persistence.saves.count == 1)
        // A later call uses the fresh token without another request.
        #expect(try await tokens.validToken().value == "access-1")
        #expect(await endpoint.count == 1)
    }

    @Test("A fresh stored token is used without any request")
    func freshToken() async throws {
        let endpoint = FakeTokenEndpoint()
        let tokens = store(endpoint, persistence: InMemoryTokenPersistence(stored()))
        let token = try await tokens.validToken()
        #expect(token.value == "a0")
        #expect(token.geolocation == .us)
        #expect(await endpoint.count == 0)
    }

    @Test("A refresh sends the stored refresh token, then persists the rotated one and the new geolocation")
    func rotation() async throws {
        let endpoint = FakeTokenEndpoint([
            .token(
                TokenResponse(
                    accessToken: "a1",
                    expiresIn: 3600,
                    refreshToken: "r1",
                    refreshExpiresIn: 1_730_000_000,
                    geolocation: URL(string: "https://emea.api.concursolutions.com/")
                )
            ),
            .token(TokenResponse(accessToken: "a2", expiresIn: 3600, refreshToken: "r2")),
        ])
        let persistence = InMemoryTokenPersistence(stored(expiresIn: 30))
        let tokens = store(endpoint, persistence: persistence)

        let first = try await tokens.validToken()
        #expect(first.value == "a1")
        #expect(first.geolocation == .emea)
        #expect(await tokens.baseURL.absoluteString == "https://emea.api.concursolutions.com")
        #expect(await persistence.token?.refreshToken == "r1")
        #expect(await persistence.token?.geolocation == .emea)
        #expect(await persistence.token?.refreshTokenExpiry == Date(timeIntervalSince1970: 1_730_000_000))

        clock.advance(by: 3600)
        let second = try await tokens.validToken()
        #expect(second.value == "a2")
        #expect(second.geolocation == .emea, "a response without geolocation keeps the last one")
        #expect(await persistence.token?.refreshToken == "r2")
        #expect(await persistence.saves.map(\.refreshToken) == ["r1", "r2"])

        let requests = await endpoint.requests
        #expect(requests.map(\.request.grant) == [.refreshToken("r0", scope: nil), .refreshToken("r1", scope: nil)])
        #expect(
            requests.map(\.endpoint.absoluteString) == [
                "https://us.api.concursolutions.com/oauth2/v0/token",
                "https://emea.api.concursolutions.com/oauth2/v0/token",
            ]
        )
        #expect(requests.allSatisfy { $0.request.clientID == "app" && $0.request.clientSecret == "S3CR3T-VALUE" })
    }

    @Test("Code 108 gives refreshTokenExpired with the actionable message, also on later calls")
    func code108() async throws {
        let oauth = OAuthErrorResponse(error: "invalid_grant", errorDescription: "Refresh token expired", code: 108)
        let endpoint = FakeTokenEndpoint([
            .error(
                ExtractClientError(.http, "token endpoint", statusCode: 400, correlationID: "corr-9", underlying: oauth)
            )
        ])
        let tokens = store(endpoint, persistence: InMemoryTokenPersistence(stored(expiresIn: -1)))
        await #expect {
            try await tokens.validToken()
        } throws: { error in
            guard let error = error as? ExtractClientError else { return false }
            return error.code == .refreshTokenExpired && error.statusCode == 400 && error.correlationID == "corr-9"
                && error.message.contains("issue a new company request token in Concur")
                && error.message.contains("concur-extract login")
        }
        await #expect {
            try await tokens.validToken()
        } throws: { ($0 as? ExtractClientError)?.code == .refreshTokenExpired }
        #expect(await endpoint.count == 1, "a rejected refresh token is not sent again")
    }

    @Test("invalid_grant without a code on refresh also means the refresh token is dead")
    func invalidGrant() async throws {
        let endpoint = FakeTokenEndpoint([.error(OAuthErrorResponse(error: "invalid_grant"))])
        let tokens = store(endpoint, persistence: InMemoryTokenPersistence(stored(expiresIn: -1)))
        await #expect {
            try await tokens.validToken()
        } throws: { ($0 as? ExtractClientError)?.code == .refreshTokenExpired }
    }

    @Test("With login credentials, a dead refresh token falls back to the full grant")
    func fallbackToPasswordGrant() async throws {
        let endpoint = FakeTokenEndpoint([.error(OAuthErrorResponse(error: "invalid_grant", code: 108))])
        let login = LoginCredentials.companyRequestToken(companyID: "company", requestToken: "request")
        let persistence = InMemoryTokenPersistence(stored(expiresIn: -1))
        let tokens = store(endpoint, persistence: persistence, login: login)
        #expect(try await tokens.validToken().value == "access-1")
        #expect(await endpoint.grants == [.refreshToken("r0", scope: nil), login.grant])
        #expect(await persistence.token?.refreshToken == "refresh-1")
    }

    @Test("Other token-endpoint errors are unauthorized; transport errors pass through")
    func otherErrors() async throws {
        let endpoint = FakeTokenEndpoint([
            .error(OAuthErrorResponse(error: "invalid_client", code: 61)),
            .error(ExtractClientError(.transport, "connection refused")),
        ])
        let tokens = store(endpoint, persistence: InMemoryTokenPersistence(stored(expiresIn: -1)))
        await #expect {
            try await tokens.validToken()
        } throws: { error in
            guard let error = error as? ExtractClientError else { return false }
            return error.code == .unauthorized && error.underlying is OAuthErrorResponse
                && !error.description.contains("S3CR3T")
        }
        await #expect {
            try await tokens.validToken()
        } throws: { ($0 as? ExtractClientError)?.code == .transport }
        // The refresh token was not rejected, so the next call tries again and succeeds.
        #expect(try await tokens.validToken().value == "access-1")
    }

    @Test("No token and no login: not authenticated; login stores the first token")
    func loginFlow() async throws {
        let endpoint = FakeTokenEndpoint()
        let persistence = InMemoryTokenPersistence()
        let tokens = store(endpoint, persistence: persistence, geolocation: .emeaImplementation)
        await #expect {
            try await tokens.validToken()
        } throws: { error in
            (error as? ExtractClientError)?.code == .notAuthenticated
                && (error as? ExtractClientError)?.message.contains("concur-extract login") == true
        }
        let login = LoginCredentials(username: "u", password: "p")
        let token = try await tokens.login(login)
        #expect(token.value == "access-1")
        #expect(await endpoint.requests.first?.endpoint.host == "emea-impl.api.concursolutions.com")
        #expect(token.geolocation == .us, "the token's geolocation wins over the app's base URI")
        #expect(await persistence.token?.refreshToken == "refresh-1")
        #expect(try await tokens.validToken().value == "access-1")
    }

    @Test("Code 16 moves to the named data center, retries once and remembers it")
    func wrongDataCenter() async throws {
        let endpoint = FakeTokenEndpoint([
            .error(
                OAuthErrorResponse(
                    error: "invalid_request",
                    code: 16,
                    geolocation: URL(string: "https://us2.api.concursolutions.com")
                )
            ),
            .token(TokenResponse(accessToken: "a1", expiresIn: 3600, refreshToken: "r1")),
        ])
        let persistence = InMemoryTokenPersistence(stored(expiresIn: -1))
        let tokens = store(endpoint, persistence: persistence)
        let token = try await tokens.validToken()
        #expect(token.geolocation == .us2)
        #expect(
            await endpoint.requests.map(\.endpoint.host) == [
                "us.api.concursolutions.com", "us2.api.concursolutions.com",
            ]
        )
        #expect(await persistence.token?.geolocation == .us2)
    }

    @Test("invalidate() after a 401/403 forces one refresh, even when many callers report the same token")
    func invalidate() async throws {
        let endpoint = FakeTokenEndpoint()
        let tokens = store(endpoint, persistence: InMemoryTokenPersistence(stored()))
        let rejected = try await tokens.validToken()
        await tokens.invalidate(rejected)
        let fresh = try await tokens.validToken()
        #expect(fresh.value == "access-1")
        // Late reports of the old token do not cause another refresh.
        await tokens.invalidate(rejected)
        #expect(try await tokens.validToken().value == "access-1")
        #expect(await endpoint.count == 1)
        await tokens.invalidate()
        #expect(try await tokens.validToken().value == "access-2")
    }

    @Test("A failed save is reported and retried on the next call before anything else")
    func persistenceFailure() async throws {
        let endpoint = FakeTokenEndpoint()
        let persistence = FlakyPersistence(initial: stored(expiresIn: -1), failures: 1)
        let tokens = store(endpoint, persistence: persistence)
        await #expect {
            try await tokens.validToken()
        } throws: { error in
            guard let error = error as? ExtractClientError else { return false }
            return error.code == .persistence && error.message.contains("could not be saved")
        }
        #expect(try await tokens.validToken().value == "access-1")
        #expect(await endpoint.count == 1, "the rotated token is saved again, not fetched again")
        #expect(await persistence.saved?.refreshToken == "refresh-1")
    }

    @Test("Works with the file persistence: the refreshed token survives a restart")
    func fileRestart() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("token.json")
        try await FileTokenPersistence(url: url).save(stored(expiresIn: -1))
        let endpoint = FakeTokenEndpoint()
        _ = try await store(endpoint, persistence: FileTokenPersistence(url: url)).validToken()
        let restarted = store(FakeTokenEndpoint(), persistence: FileTokenPersistence(url: url))
        #expect(try await restarted.validToken().value == "access-1")
        #expect(try await FileTokenPersistence(url: url).load()?.refreshToken == "refresh-1")
        #expect(try fileMode(url) == 0o600)
    }
}

/// Fails the first `failures` saves.
actor FlakyPersistence: TokenPersistence {
    private(set) var saved: StoredToken?
    private var failures: Int

    init(initial: StoredToken?, failures: Int) {
        saved = initial
        self.failures = failures
    }

    func load() -> StoredToken? { saved }

    func save(_ token: StoredToken) throws {
        if failures > 0 {
            failures -= 1
            throw ExtractClientError(.persistence, "disk full")
        }
        saved = token
    }
}
