public import ExtractAPI
public import ExtractClient
public import ExtractSandbox
public import Foundation

extension SandboxServer {
    /// A sandbox on a loopback port for tests that drive it with real clients: `companies` companies of `reports`
    /// reports each, jobs queued for `queued` and running for `running` seconds, no minimum interval between runs;
    /// `adjust` changes anything else before it starts. Shut it down with its `shutdown()`.
    ///
    /// ```swift
    /// let server = try await SandboxServer.startForTests(reports: 12, queued: 0.1, running: 0.1)
    /// defer { Task { await server.shutdown() } }
    /// ```
    public static func startForTests(
        companies: Int = 1,
        reports: Int,
        queued: Double,
        running: Double,
        _ adjust: (inout SandboxConfiguration) -> Void = { _ in }
    ) async throws -> SandboxServer {
        var configuration = SandboxConfiguration()
        configuration.companies = companies
        configuration.reportsPerCompany = reports
        configuration.jobTiming = JobTiming(queued: queued, running: running)
        configuration.minimumRunInterval = 0
        adjust(&configuration)
        return try await SandboxServer.start(configuration)
    }
}

/// A real sandbox server on a loopback port, and clients that talk to it over HTTP.
///
/// ```swift
/// try await withSandbox { sandbox in
///     let definitions = try await sandbox.client().definitions()
/// }
/// ```
public struct SandboxHarness: Sendable {
    public let server: SandboxServer
    /// A fresh temporary folder of this harness's own, removed by ``stop()``.
    public let directory: URL

    /// Starts a sandbox of two companies of 12 reports, jobs that queue 0.05 s and run 0.1 s, changed by `adjust`.
    public static func start(_ adjust: (inout SandboxConfiguration) -> Void = { _ in }) async throws -> SandboxHarness
    {
        let server = try await SandboxServer.startForTests(companies: 2, reports: 12, queued: 0.05, running: 0.1, adjust)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "client-tests-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return SandboxHarness(server: server, directory: directory)
    }

    /// The sandbox's base URL as a geolocation.
    public var geolocation: Geolocation {
        Geolocation(server.baseURL.absoluteString) ?? .us
    }

    /// A token store that logs in with the demo credentials through the real token endpoint.
    public func tokens(
        persistence: any TokenPersistence = InMemoryTokenPersistence(),
        credentials: SandboxCredentials? = nil
    ) -> TokenStore {
        let credentials = credentials ?? server.demoCredentials
        return TokenStore(
            client: ClientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
            geolocation: geolocation,
            login: LoginCredentials(username: credentials.username, password: credentials.password),
            persistence: persistence,
            fetcher: ConcurClient.tokenFetcher()
        )
    }

    /// A client whose waits are 100 times shorter than asked (polls and retries), so tests never sleep long.
    public func client(
        format: ExtractWire.Format = .xml,
        tokens: TokenStore? = nil,
        maximumWait: Duration = .seconds(60)
    ) -> ConcurClient {
        var configuration = ExtractClientConfiguration(format: format)
        configuration.poller = JobPollerConfiguration(
            interval: .seconds(5),
            jitter: .seconds(1),
            maximumWait: maximumWait
        )
        configuration.retryPolicy = .default
        return ConcurClient(
            configuration: configuration,
            tokens: tokens ?? self.tokens(),
            random: SeededRandomNumberGenerator(seed: 7),
            sleep: { delay in try await Task.sleep(for: delay / 100) }
        )
    }

    /// Shuts the sandbox down and removes ``directory``.
    public func stop() async {
        await server.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a fresh sandbox, and stops it afterwards whatever happens.
public func withSandbox(
    _ adjust: (inout SandboxConfiguration) -> Void = { _ in },
    _ body: (SandboxHarness) async throws -> Void
) async throws {
    let harness = try await SandboxHarness.start(adjust)
    do {
        try await body(harness)
    } catch {
        await harness.stop()
        throw error
    }
    await harness.stop()
}
