internal import CSQLite
import Dispatch

/// One connection to a SQLite database file, used from async code.
///
/// SQLite's calls block (a busy wait for another writer's lock, an `fsync` on commit), so every call runs on the
/// connection's own serial queue, never on the concurrency pool. ``withDatabase(_:)`` hands the body a
/// ``SQLiteDatabase`` that is valid only for the duration of the call; prepared statements are cached by their SQL
/// text and reused, which is what makes bulk inserts fast.
///
/// ```swift
/// let connection = try await SQLiteConnection.open(path: "/tmp/example.sqlite")
/// try await connection.withDatabase { db in
///     try db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
///     let insert = try db.statement("INSERT INTO t (name) VALUES (?1)")
///     for name in ["a", "b"] {
///         try insert.bind(name, at: 1)
///         try insert.run()
///     }
/// }
/// await connection.close()
/// ```
public final class SQLiteConnection: @unchecked Sendable {
    // Safety: `handle` and `cache` are read and written only on `queue`.

    /// The database file.
    public let path: String
    private let queue: DispatchQueue
    private var handle: OpaquePointer?
    private let cache = SQLiteStatementCache()

    private init(path: String, handle: OpaquePointer, queue: DispatchQueue) {
        self.path = path
        self.handle = handle
        self.queue = queue
    }

    /// Opens (creating when needed) the database file at `path`.
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - busyTimeout: how long a statement waits for another connection's lock before failing with
    ///     ``SQLiteError/isBusy``.
    public static func open(path: String, busyTimeout: Duration = .seconds(60)) async throws -> SQLiteConnection {
        let queue = DispatchQueue(label: "concur-extract.sqlite")
        let milliseconds = Int32(
            clamping: busyTimeout.components.seconds * 1000
                + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        )
        let handle = try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try openHandle(path: path, busyTimeoutMilliseconds: milliseconds) })
            }
        }
        return SQLiteConnection(path: path, handle: handle.pointer, queue: queue)
    }

    /// Runs `body` on the connection's queue with the open database.
    ///
    /// - Throws: ``SQLiteError`` with reason `misuse` when the connection is closed, or whatever `body` throws.
    public func withDatabase<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteDatabase) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                guard let handle = self.handle else {
                    continuation.resume(
                        throwing: SQLiteError(
                            extendedCode: SQLITE_MISUSE,
                            message: "the database \(self.path) is closed"
                        )
                    )
                    return
                }
                continuation.resume(with: Result { try body(SQLiteDatabase(handle: handle, cache: self.cache)) })
            }
        }
    }

    /// Whether ``close()`` has run.
    public var isClosed: Bool {
        get async {
            await withCheckedContinuation { continuation in
                queue.async { continuation.resume(returning: self.handle == nil) }
            }
        }
    }

    /// Finalizes the cached statements and closes the database. Closing twice does nothing.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                if let handle = self.handle {
                    self.cache.finalizeAll()
                    sqlite3_close_v2(handle)
                    self.handle = nil
                }
                continuation.resume()
            }
        }
    }

    deinit {
        // Reached only when nothing can use the connection any more, so no queue hop is needed.
        if let handle {
            cache.finalizeAll()
            sqlite3_close_v2(handle)
        }
    }

    /// An open `sqlite3*`, carried from the queue back to the caller.
    private struct OpenedHandle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// Process-wide settings, made once before the first connection opens.
    private static let configured: Void = {
        // Nothing reads the statistics; they cost a global mutex on every allocation.
        _ = csqlite_disable_memory_statistics()
    }()

    private static func openHandle(path: String, busyTimeoutMilliseconds: Int32) throws -> OpenedHandle {
        _ = configured
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let result = sqlite3_open_v2(path, &handle, flags, nil)
        guard result == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(result))
            sqlite3_close_v2(handle)
            throw SQLiteError(extendedCode: result, message: "cannot open \(path): \(message)")
        }
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        return OpenedHandle(pointer: handle)
    }
}
