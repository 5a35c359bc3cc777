public import AccountingExtract
import Foundation

/// A parsed `--database` value: a SQLite file or a PostgreSQL server.
///
/// - `sqlite:///absolute/path.sqlite`, `sqlite:relative/path.sqlite`, or a plain path → SQLite
/// - `postgres://user:password@host:port/database?sslmode=disable|prefer|require` (also `postgresql://`)
///
/// ```swift
/// let url = try LedgerDatabaseURL("postgres://ledger:s3cret@db.internal:5432/ledger")
/// print(url)   // postgres://ledger:***@db.internal:5432/ledger — never the password
/// ```
public enum LedgerDatabaseURL: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// Where a PostgreSQL database is and how to log in.
    public struct PostgresLocation: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// `disable`, `prefer` (the default) or `require`.
        public var sslMode: String

        public init(
            host: String,
            port: Int = 5432,
            username: String,
            password: String? = nil,
            database: String,
            sslMode: String = "prefer"
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.sslMode = sslMode
        }
    }

    public init(_ text: String) throws(LedgerError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw LedgerError(
                .invalidDatabaseURL,
                "the database is empty: give a file path, sqlite:///path or postgres://user@host:port/db"
            )
        }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(try Self.parsePostgres(trimmed))
        } else if lower.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty else {
                throw LedgerError(
                    .invalidDatabaseURL,
                    "no file path after sqlite://: write sqlite:///absolute/path.sqlite"
                )
            }
            self = .sqlite(path: path.removingPercentEncoding ?? path)
        } else if lower.hasPrefix("sqlite:") {
            self = .sqlite(path: String(trimmed.dropFirst("sqlite:".count)))
        } else if lower.contains("://") {
            let scheme = trimmed.prefix { $0 != ":" }
            throw LedgerError(
                .invalidDatabaseURL,
                "unsupported database scheme \(scheme): use a file path, sqlite:///path or postgres://…"
            )
        } else {
            self = .sqlite(path: trimmed)
        }
    }

    private static func parsePostgres(_ text: String) throws(LedgerError) -> PostgresLocation {
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw LedgerError(
                .invalidDatabaseURL,
                "not a PostgreSQL URL of the form postgres://user:password@host:port/database (percent-encode special characters in the password)"
            )
        }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw LedgerError(.invalidDatabaseURL, "the PostgreSQL URL names no user: postgres://user@\(host)/database")
        }
        let database = String(components.path.drop { $0 == "/" })
        var sslMode = "prefer"
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            guard let value = item.value,
                ["disable", "prefer", "require", "verify-full", "verify-ca", "allow"].contains(value)
            else {
                throw LedgerError(.invalidDatabaseURL, "sslmode must be disable, prefer or require")
            }
            sslMode = value
        }
        return PostgresLocation(
            host: host,
            port: components.port ?? 5432,
            username: user,
            password: components.password?.removingPercentEncoding,
            database: database.isEmpty ? user : (database.removingPercentEncoding ?? database),
            sslMode: sslMode
        )
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): return path.hasPrefix("/") ? "sqlite://\(path)" : "sqlite:\(path)"
        case .postgres(let location): return location.description
        }
    }
}

extension LedgerDatabaseURL.PostgresLocation: CustomStringConvertible, CustomDebugStringConvertible {
    /// `postgres://user:***@host:port/database`: never the password.
    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }
    public var debugDescription: String { description }
}

/// Opens a ledger store from a `--database` value.
///
/// ```swift
/// let store = try await LedgerStores.open("/var/lib/concur-extract/ledger.sqlite")   // SQLite
/// let shared = try await LedgerStores.open("postgres://ledger@db:5432/ledger")        // PostgreSQL
/// try await store.migrate()
/// let reading = try await LedgerStores.openExisting("/var/lib/concur-extract/ledger.sqlite")   // never creates one
/// ```
public enum LedgerStores {
    /// Opens the store the value names; call ``LedgerStore/migrate()`` next.
    public static func open(
        _ database: String,
        clock: any WallClock = SystemClock()
    ) async throws -> any LedgerStore {
        switch try LedgerDatabaseURL(database) {
        case .sqlite(let path): try await SQLiteLedgerStore.open(path: path, clock: clock)
        case .postgres(let location): try await PostgresLedgerStore.connect(location, clock: clock)
        }
    }

    /// Opens a ledger that exists, for reading (and the quarantine workflow): never creates a database file or a
    /// schema. A missing SQLite file, or a database without the ledger's schema, throws
    /// ``LedgerError/Code/ledgerNotFound``. A ledger of an older schema is upgraded (the only write), so that every
    /// query reads the current layout.
    public static func openExisting(
        _ database: String,
        clock: any WallClock = SystemClock()
    ) async throws -> any LedgerStore {
        let url = try LedgerDatabaseURL(database)
        let store: any LedgerStore
        switch url {
        case .sqlite(let path):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw LedgerError(
                    .ledgerNotFound,
                    "no ledger database at \(path): check --data-dir / --database (a read never creates one; `concur-extract sync` does)"
                )
            }
            store = try await SQLiteLedgerStore.open(path: path, clock: clock)
        case .postgres(let location):
            store = try await PostgresLedgerStore.connect(location, clock: clock)
        }
        do {
            guard try await store.schemaVersion() > 0 else {
                throw LedgerError(
                    .ledgerNotFound,
                    "\(url) holds no ledger (no schema): check --database (a read never creates one; `concur-extract sync` does)"
                )
            }
            try await store.migrate()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }
}
