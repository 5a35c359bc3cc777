internal import CSQLite

/// The open database inside ``SQLiteConnection/withDatabase(_:)``: run SQL, read rows, and get cached prepared
/// statements. Valid only inside the body it was given to.
///
/// ```swift
/// let count = try await connection.withDatabase { db -> Int64 in
///     guard case .integer(let n)? = try db.query("SELECT count(*) FROM t WHERE name = ?1", [.text("a")]).first?.first
///     else { return 0 }
///     return n
/// }
/// ```
public struct SQLiteDatabase {
    let handle: OpaquePointer
    let cache: SQLiteStatementCache

    /// Runs one or more statements that take no parameters (DDL, `PRAGMA`, `BEGIN`, `COMMIT`).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        guard result == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(extendedCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Runs one statement with `binds` for its parameters (`?1`, `?2`, … or `?`) and returns every row.
    public func query(_ sql: String, _ binds: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        let statement = try self.statement(sql)
        defer { statement.reset() }
        for (index, value) in binds.enumerated() {
            try statement.bind(value, at: Int32(index + 1))
        }
        var rows: [[SQLiteValue]] = []
        let columns = statement.columnCount
        while try statement.step() {
            rows.append((0..<columns).map { statement.column($0) })
        }
        return rows
    }

    /// The prepared statement for `sql`, from the connection's cache (prepared on first use), reset and ready for
    /// new bindings.
    public func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = cache.statements[sql] {
            return SQLiteStatement(handle: cached, database: handle, sql: sql)
        }
        var prepared: OpaquePointer?
        let result = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard result == SQLITE_OK, let prepared else {
            throw SQLiteError(
                extendedCode: sqlite3_extended_errcode(handle),
                message: String(cString: sqlite3_errmsg(handle)),
                sql: sql
            )
        }
        cache.insert(prepared, for: sql)
        return SQLiteStatement(handle: prepared, database: handle, sql: sql)
    }

    /// Rows changed by the last `INSERT`, `UPDATE` or `DELETE`.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Whether a transaction is open (`BEGIN` without its `COMMIT` or `ROLLBACK` yet).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
}

@available(*, unavailable, message: "use the database only inside the withDatabase body it was given to")
extension SQLiteDatabase: Sendable {}

/// Prepared statements of one connection by SQL text. Used on the connection's queue only.
final class SQLiteStatementCache {
    /// More distinct statements than a program's fixed set means generated SQL: start afresh.
    static let limit = 128
    private(set) var statements: [String: OpaquePointer] = [:]

    func insert(_ statement: OpaquePointer, for sql: String) {
        if statements.count >= Self.limit { finalizeAll() }
        statements[sql] = statement
    }

    func finalizeAll() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
    }
}
