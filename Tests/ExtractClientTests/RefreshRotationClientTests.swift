import ExtractAPI
import ExtractClient
import ExtractSandbox
import ExtractTesting
import Foundation
import Testing

/// The client works with both refresh-token policies of Concur's docs ("this token can change even if most of
/// the time, this value is the same"): it persists whatever refresh token comes back, across a restart.
@Suite struct RefreshRotationClientTests {
    @Test(arguments: SandboxRefreshRotation.allCases)
    func aRefreshARestartAndASecondRefresh(rotation: SandboxRefreshRotation) async throws {
        try await withSandbox({ $0.refreshRotation = rotation }) { sandbox in
            let file = sandbox.directory.appendingPathComponent("state/token.json")
            let credentials = sandbox.server.demoCredentials
            // First process: logs in, then refreshes once.
            let first = sandbox.tokens(persistence: FileTokenPersistence(url: file))
            _ = try await first.login(
                LoginCredentials(username: credentials.username, password: credentials.password)
            )
            let loggedIn = try #require(await first.storedToken)
            await first.invalidate()
            _ = try await first.validToken()
            let afterFirst = try #require(await first.storedToken)
            #expect(afterFirst.accessToken != loggedIn.accessToken)
            #expect(try await FileTokenPersistence(url: file).load()?.refreshToken == afterFirst.refreshToken)

            // Second process: knows no password; starts from the file and refreshes again.
            let second = TokenStore(
                client: ClientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
                geolocation: sandbox.geolocation,
                persistence: FileTokenPersistence(url: file),
                fetcher: ConcurClient.tokenFetcher()
            )
            let loaded = try await second.validToken()
            #expect(loaded.value == afterFirst.accessToken, "the restart starts from the persisted token")
            await second.invalidate()
            let client = sandbox.client(tokens: second)
            #expect(try await !client.definitions().isEmpty)
            let afterSecond = try #require(await second.storedToken)
            #expect(afterSecond.accessToken != afterFirst.accessToken)
            #expect(try await FileTokenPersistence(url: file).load()?.refreshToken == afterSecond.refreshToken)

            let live = await sandbox.server.store.state.refreshTokens
            let values = [loggedIn, afterFirst, afterSecond].compactMap(\.refreshToken)
            #expect(values.count == 3)
            #expect(live[afterSecond.refreshToken ?? ""] != nil, "the persisted refresh token is the live one")
            switch rotation {
            case .never:
                #expect(Set(values).count == 1, "the same refresh token came back each time")
                #expect(afterSecond.refreshTokenExpiry == loggedIn.refreshTokenExpiry)
            case .always:
                #expect(Set(values).count == 3, "a new refresh token each time")
                #expect(live[values[0]] == nil && live[values[1]] == nil, "the used ones no longer work")
            }
            // And a third refresh from the persisted value still works.
            await second.invalidate()
            #expect(try await !client.definitions().isEmpty)
        }
    }
}
