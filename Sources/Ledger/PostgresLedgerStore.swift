public import AccountingExtract
import Foundation
import Logging
import PostgresNIO

/// The shared ledger on PostgreSQL, a ``SQLLedgerStore`` on ``PostgresBackend``, for several workers: connections
/// from a pool, transactions in READ COMMITTED with unique keys deciding races, journal lines written with `COPY`,
/// and run leases claimed with `SELECT … FOR UPDATE SKIP LOCKED`.
///
/// ```swift
/// let store = try await PostgresLedgerStore.connect(url: "postgres://ledger@127.0.0.1:5432/ledger")
/// try await store.migrate()
/// // …
/// try await store.close()
/// ```
public typealias PostgresLedgerStore = SQLLedgerStore<PostgresBackend>

extension SQLLedgerStore where Backend == PostgresBackend {
    /// Where the database is (its description never shows the password).
    public var location: LedgerDatabaseURL.PostgresLocation { backend.location }

    /// Connects to `postgres://user:password@host:port/database`.
    public static func connect(
        url: String,
        clock: any WallClock = SystemClock()
    ) async throws -> PostgresLedgerStore {
        guard case .postgres(let location) = try LedgerDatabaseURL(url) else {
            throw LedgerError(.invalidDatabaseURL, "not a postgres:// URL")
        }
        return try await connect(location, clock: clock)
    }

    /// Connects and checks the connection with one query (failing within `connectTimeout`).
    public static func connect(
        _ location: LedgerDatabaseURL.PostgresLocation,
        clock: any WallClock = SystemClock(),
        maximumConnections: Int = 8,
        connectTimeout: Duration = .seconds(10)
    ) async throws -> PostgresLedgerStore {
        let tls: PostgresClient.Configuration.TLS
        switch location.sslMode {
        case "disable", "allow": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: location.host,
            port: location.port,
            username: location.username,
            password: location.password,
            database: location.database,
            tls: tls
        )
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = connectTimeout
        let logger = {
            var logger = Logger(label: "concur-extract.ledger.postgres")
            logger.logLevel = .warning
            return logger
        }()
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runTask = Task { await client.run() }
        let store = SQLLedgerStore(
            backend: PostgresBackend(location: location, client: client, runTask: runTask, clock: clock, logger: logger)
        )
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        _ = try await connection.query("SELECT 1", logger: logger)
                    }
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: connectTimeout)
                    return false
                }
                let connected = try await group.next() ?? false
                group.cancelAll()
                if !connected {
                    throw LedgerError(
                        .connectionFailed,
                        "no answer from PostgreSQL at \(location) within \(connectTimeout)"
                    )
                }
            }
        } catch {
            runTask.cancel()
            if let error = error as? LedgerError { throw error }
            throw LedgerError(
                .connectionFailed,
                "cannot connect to PostgreSQL at \(location): \(PostgresSession.summary(of: error)); check the host, port, user and that the server runs",
                databaseCode: (error as? PSQLError)?.serverInfo?[.sqlState]
            )
        }
        return store
    }
}
