public import Hummingbird
public import Logging
public import ServiceLifecycle

/// `serve --http`'s web server (Hummingbird): a ``ServiceLifecycle/Service`` run in `serve`'s service group
/// beside the scheduler, shut down gracefully with it.
///
/// Its routes are a list: each ``Route`` adds its paths to the router, so a new page is one more element
/// (`/healthz`, `/readyz` and `/metrics` are ``health()``, ``readiness(_:)`` and ``metrics(_:)``).
///
/// ```swift
/// let server = OperationsServer(
///     address: try OperationsAddress(parsing: "127.0.0.1:9090"),
///     routes: [OperationsServer.health(), OperationsServer.readiness(check), OperationsServer.metrics(registry)],
///     onListening: { port in print("operations endpoint on port \(port)") }
/// )
/// let group = ServiceGroup(services: [server, scheduler], gracefulShutdownSignals: [.sigterm], logger: logger)
/// ```
public struct OperationsServer: Service {
    /// The request context of every route.
    public typealias Context = BasicRequestContext
    /// Adds some paths to the router.
    public typealias Route = @Sendable (Router<Context>) -> Void

    public var address: OperationsAddress
    public var routes: [Route]
    /// Called once the server listens, with the port taken (the one asked for, or the free one for port 0).
    public var onListening: @Sendable (Int) async -> Void
    public var logger: Logger

    public init(
        address: OperationsAddress,
        routes: [Route],
        onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        logger: Logger = OperationsServer.defaultLogger
    ) {
        self.address = address
        self.routes = routes
        self.onListening = onListening
        self.logger = logger
    }

    /// Warnings and worse (the server's start is printed by `serve` itself).
    public static var defaultLogger: Logger {
        var logger = Logger(label: "concur-extract.operations")
        logger.logLevel = .warning
        return logger
    }

    /// Listens until graceful shutdown.
    public func run() async throws {
        let router = Router(context: Context.self)
        for route in routes { route(router) }
        let port = address.port
        let onListening = self.onListening
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
        try await application.run()
    }

    /// `GET /healthz`: 200 `ok` while the process answers.
    public static func health() -> Route {
        { router in router.get("healthz") { _, _ in "ok\n" } }
    }
}
