public import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// A running sandbox: Concur's Extract v1 API and OAuth2 token endpoint on a local port.
///
/// ```swift
/// var configuration = SandboxConfiguration()
/// configuration.clock = SimulatedClock()
/// let sandbox = try await SandboxServer.start(configuration)     // port 0: a free port
/// print(sandbox.baseURL)                                         // http://127.0.0.1:54321
/// let credentials = sandbox.demoCredentials                      // password grant → EXTRCT token
/// let pending = await sandbox.store.state.companies[0].reportsReadyForExtract.count
/// await sandbox.shutdown()
/// ```
public final class SandboxServer: Sendable {
    /// `http://host:port` as bound.
    public let baseURL: URL
    /// The port actually bound.
    public let port: Int
    /// The state, for inspection and arrangement in-process.
    public let store: SandboxStore
    /// The demo company's client and administrator.
    public let demoCredentials: SandboxCredentials
    private let listening: ListeningService

    private init(store: SandboxStore, credentials: SandboxCredentials, listening: ListeningService) {
        self.baseURL = listening.baseURL
        self.port = listening.port
        self.store = store
        self.demoCredentials = credentials
        self.listening = listening
    }

    /// Errors of starting a sandbox.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Seeds (or loads, with ``SandboxConfiguration/statePath``) the state and starts listening.
    public static func start(_ configuration: SandboxConfiguration) async throws -> SandboxServer {
        var persistence: (any SandboxPersistence)?
        if let path = configuration.statePath { persistence = try await SQLiteSandboxPersistence.open(path: path) }
        let store = try await SandboxStore(configuration: configuration, persistence: persistence)
        var logger = Logger(label: "concur-extract.sandbox")
        logger.logLevel = .warning
        let listening: ListeningService
        do {
            listening = try await ListeningService.start(
                host: configuration.host,
                port: configuration.port,
                name: "the sandbox",
                logger: logger
            ) { onRunning in
                Application(
                    responder: SandboxResponder(store: store, configuration: configuration),
                    server: .http1(
                        configuration: HTTP1Channel.Configuration(
                            idleTimeout: .nanoseconds(Int64(configuration.limits.requestTimeout / .nanoseconds(1)))
                        )
                    ),
                    configuration: ApplicationConfiguration(
                        address: .hostname(configuration.host, port: configuration.port),
                        serverName: nil
                    ),
                    onServerRunning: onRunning,
                    logger: logger
                )
            }
        } catch {
            await store.close()
            throw error
        }
        return SandboxServer(
            store: store,
            credentials: configuration.demoCredentials,
            listening: listening
        )
    }

    /// Stops listening and closes the state file.
    public func shutdown() async {
        await listening.shutdown()
        await store.close()
    }

    /// Waits until the server stops (the CLI's foreground run).
    public func wait() async throws {
        try await listening.wait()
    }
}
