import Foundation
import Logging
import NIOCore
import ServiceLifecycle

/// A server (a Hummingbird application) run in a service group of its own, started and waited on until it
/// listens: the one start of the sandbox and of its replay, with their `shutdown()` and `wait()`.
///
/// ```swift
/// let listening = try await ListeningService.start(host: "127.0.0.1", port: 0, name: "the sandbox", logger: logger) {
///     onRunning in Application(router: router, onServerRunning: onRunning)
/// }
/// print(listening.baseURL)   // http://127.0.0.1:54321
/// ```
struct ListeningService: Sendable {
    /// `http://host:port` as bound (an IPv6 host in brackets).
    let baseURL: URL
    /// The port actually bound.
    let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    /// Builds the service with `make` (given the callback its server calls once it listens), runs it, and returns
    /// once it listens. `name` names it in the errors ("the sandbox could not listen on 127.0.0.1:8080: …").
    static func start(
        host: String,
        port: Int,
        name: String,
        logger: Logger,
        make: (_ onRunning: @escaping @Sendable (any Channel) async -> Void) -> some Service
    ) async throws(SandboxServer.StartError) -> ListeningService {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let service = make { channel in
            continuation.yield(channel.localAddress?.port ?? port)
            continuation.finish()
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [service], gracefulShutdownSignals: [], logger: logger)
        )
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            do { try await task.value } catch {
                throw SandboxServer.StartError(description: "\(name) could not listen on \(host):\(port): \(error)")
            }
            throw SandboxServer.StartError(description: "\(name) stopped before it listened")
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        guard let url = URL(string: "http://\(shown):\(bound)") else {
            task.cancel()
            throw SandboxServer.StartError(description: "no URL for \(shown):\(bound)")
        }
        return ListeningService(baseURL: url, port: bound, task: task, group: group)
    }

    /// Stops listening (graceful: the requests in hand finish).
    func shutdown() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Waits until the server stops (the CLI's foreground run).
    func wait() async throws { try await task.value }
}
