public import AccountingExtract
import EmbeddedSQLite
import Foundation

/// The embedded ledger, a ``SQLLedgerStore`` on ``SQLiteBackend``: one SQLite file (WAL mode, full sync on commit,
/// foreign keys on).
///
/// All work of one store goes through one connection, one transaction at a time; several stores (or processes)
/// on the same file take SQLite's write lock in turn (`BEGIN IMMEDIATE`, waiting up to the busy timeout).
///
/// ```swift
/// let store = try await SQLiteLedgerStore.open(path: "/var/lib/concur-extract/ledger.sqlite")
/// try await store.migrate()
/// defer { Task { try await store.close() } }
/// ```
public typealias SQLiteLedgerStore = SQLLedgerStore<SQLiteBackend>

extension SQLLedgerStore where Backend == SQLiteBackend {
    /// The database file.
    public var path: String { backend.path }

    /// Opens (creating when needed, mode `0600` in a `0700` directory) the database file and its directory, and
    /// sets WAL mode.
    /// Call ``migrate()`` before use.
    public static func open(
        path: String,
        clock: any WallClock = SystemClock(),
        busyTimeout: Duration = .seconds(60)
    ) async throws -> SQLiteLedgerStore {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty { try PrivateFiles.createDirectory(directory) }
            // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database's mode.
            if path != ":memory:" { try PrivateFiles.ensureFile(path) }
        } catch {
            throw LedgerError(.connectionFailed, "cannot create the SQLite database: \(error)")
        }
        // A queue of its own: a connection waiting for another's write lock blocks only itself.
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(path: path, busyTimeout: busyTimeout)
        } catch {
            throw LedgerError(.connectionFailed, "cannot open the SQLite database \(path): \(error)")
        }
        let backend = SQLiteBackend(path: path, connection: connection, clock: clock)
        do {
            let session = SQLiteSession(connection: connection)
            // 16 KiB pages: a quarter of the page writes and B-tree splits of 4 KiB ones for the same lines. It takes
            // effect only on a new database (before WAL mode is set), and is kept by the file from then on.
            try await session.query("PRAGMA page_size = 16384")
            let mode = try await session.query("PRAGMA journal_mode = WAL")
            guard (try? mode.first?.text(0).lowercased()) == "wal" else {
                throw LedgerError(
                    .connectionFailed,
                    "the SQLite database \(path) cannot use WAL mode (is it on a network file system?)"
                )
            }
            try await session.query("PRAGMA synchronous = FULL")
            try await session.query("PRAGMA foreign_keys = ON")
            try await session.query("PRAGMA cache_size = -65536")
        } catch {
            await connection.close()
            throw error
        }
        return SQLLedgerStore(backend: backend)
    }
}
