public import AccountingExtract
public import Foundation

extension ConcurClient {
    /// A client logged in with the password grant, its token kept in memory only (the demo, a sandbox).
    ///
    /// ```swift
    /// let client = try await ConcurClient.loggedIn(
    ///     baseURL: sandbox.baseURL, client: ClientCredentials(clientID: id, clientSecret: secret),
    ///     login: LoginCredentials(username: "admin", password: "…"))
    /// ```
    ///
    /// - Throws: ``ExtractClientError`` when the base URL is not usable or the login is refused.
    public static func loggedIn(
        baseURL: URL,
        client: ClientCredentials,
        login: LoginCredentials,
        poller: JobPollerConfiguration = JobPollerConfiguration(interval: .seconds(5), jitter: .seconds(1)),
        clock: any WallClock = SystemClock()
    ) async throws -> ConcurClient {
        guard let geolocation = Geolocation(baseURL.absoluteString) else {
            throw ExtractClientError(.invalidConfiguration, "the address \(baseURL) is not usable as a base URL")
        }
        let tokens = TokenStore(
            client: client,
            geolocation: geolocation,
            login: login,
            persistence: InMemoryTokenPersistence(),
            clock: clock,
            fetcher: ConcurClient.tokenFetcher()
        )
        _ = try await tokens.login(login)
        return ConcurClient(configuration: ExtractClientConfiguration(poller: poller, clock: clock), tokens: tokens)
    }
}
