import ExtractAPI
import ExtractClient
import ExtractSandbox
import Foundation

/// A real sandbox server on a loopback port, and clients that talk to it over HTTP.
struct SandboxHarness {
    let server: SandboxServer
    let directory: URL

    static func start(_ adjust: (inout SandboxConfiguration) -> Void = { _ in }) async throws -> SandboxHarness {
        var configuration = SandboxConfiguration()
        configuration.companies = 2
        configuration.reportsPerCompany = 12
        configuration.jobTiming = JobTiming(queued: 0.05, running: 0.1)
        configuration.minimumRunInterval = 0
        adjust(&configuration)
        let server = try await SandboxServer.start(configuration)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "client-tests-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return SandboxHarness(server: server, directory: directory)
    }

    var geolocation: Geolocation {
        Geolocation(server.baseURL.absoluteString) ?? .us
    }

    /// A token store that logs in with the demo credentials through the real token endpoint.
    func tokens(
        persistence: any TokenPersistence = InMemoryTokenPersistence(),
        credentials: SandboxCredentials? = nil
    ) -> TokenStore {
        let credentials = credentials ?? server.demoCredentials
        return TokenStore(
            client: ClientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
            geolocation: geolocation,
            login: LoginCredentials(username: credentials.username, password: credentials.password),
            persistence: persistence,
            fetcher: ExtractClient.tokenFetcher()
        )
    }

    /// A client whose waits are 100 times shorter than asked (polls and retries), so tests never sleep long.
    func client(
        format: ExtractAPI.Format = .xml,
        tokens: TokenStore? = nil,
        maximumWait: Duration = .seconds(60)
    ) -> ExtractClient {
        var configuration = ExtractClientConfiguration(format: format)
        configuration.poller = JobPollerConfiguration(
            interval: .seconds(5),
            jitter: .seconds(1),
            maximumWait: maximumWait
        )
        configuration.retryPolicy = .default
        return ExtractClient(
            configuration: configuration,
            tokens: tokens ?? self.tokens(),
            seed: 7,
            sleep: { delay in try await Task.sleep(for: delay / 100) }
        )
    }

    func stop() async {
        await server.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a fresh sandbox, and stops it afterwards whatever happens.
func withSandbox(
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
