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
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    private init(
        baseURL: URL,
        port: Int,
        store: SandboxStore,
        credentials: SandboxCredentials,
        task: Task<Void, any Error>,
        group: ServiceGroup
    ) {
        self.baseURL = baseURL
        self.port = port
        self.store = store
        self.demoCredentials = credentials
        self.task = task
        self.group = group
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
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
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
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? configuration.port)
                continuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application],
                gracefulShutdownSignals: [],
                logger: logger
            )
        )
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            do {
                try await task.value
            } catch {
                await store.close()
                throw StartError(
                    description: "the sandbox could not listen on \(configuration.host):\(configuration.port): \(error)"
                )
            }
            await store.close()
            throw StartError(description: "the sandbox stopped before it listened")
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        guard let url = URL(string: "http://\(host):\(port)") else {
            task.cancel()
            throw StartError(description: "no URL for \(host):\(port)")
        }
        return SandboxServer(
            baseURL: url,
            port: port,
            store: store,
            credentials: configuration.demoCredentials,
            task: task,
            group: group
        )
    }

    /// Stops listening and closes the state file.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        await store.close()
    }

    /// Waits until the server stops (the CLI's foreground run).
    public func wait() async throws {
        try await task.value
    }
}
