internal import CSQLite

/// A prepared statement from ``SQLiteDatabase/statement(_:)``: bind its parameters, step through its rows,
/// reset it, and use it again.
///
/// ```swift
/// let insert = try db.statement("INSERT INTO t (id, name) VALUES (?1, ?2)")
/// for (id, name) in [(1, "a"), (2, "b")] {
///     try insert.bind(Int64(id), at: 1)
///     try insert.bind(name, at: 2)
///     try insert.run()
/// }
/// ```
public struct SQLiteStatement {
    let handle: OpaquePointer
    let database: OpaquePointer
    let sql: String

    /// Binds text (UTF-8, copied by SQLite) to parameter `index` (1-based).
    public func bind(_ text: String, at index: Int32) throws {
        var text = text
        let result = text.withUTF8 { bytes in
            // An empty buffer may have no address; SQLite would read that as NULL, so give it one.
            withUnsafePointer(to: 0 as CChar) { empty in
                sqlite3_bind_text64(
                    handle,
                    index,
                    bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) } ?? empty,
                    sqlite3_uint64(bytes.count),
                    sqliteTransient,
                    UInt8(SQLITE_UTF8)
                )
            }
        }
        try check(result)
    }

    /// Binds an integer to parameter `index` (1-based).
    public func bind(_ integer: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, integer))
    }

    /// Binds any ``SQLiteValue`` to parameter `index` (1-based).
    public func bind(_ value: SQLiteValue, at index: Int32) throws {
        switch value {
        case .integer(let integer): try bind(integer, at: index)
        case .text(let text): try bind(text, at: index)
        case .real(let double): try check(sqlite3_bind_double(handle, index, double))
        case .blob(let bytes):
            let result = bytes.withUnsafeBytes { buffer in
                withUnsafePointer(to: 0 as UInt8) { empty in
                    sqlite3_bind_blob64(
                        handle,
                        index,
                        buffer.baseAddress ?? UnsafeRawPointer(empty),
                        sqlite3_uint64(buffer.count),
                        sqliteTransient
                    )
                }
            }
            try check(result)
        case .null: try check(sqlite3_bind_null(handle, index))
        }
    }

    /// Runs the statement to its next row: `true` when a row is ready to read, `false` when it is done.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(
                extendedCode: sqlite3_extended_errcode(database),
                message: String(cString: sqlite3_errmsg(database)),
                sql: sql
            )
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs a statement that returns no rows (or whose rows are not needed), then resets it for the next use.
    public func run() throws {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Binds `texts` in place (no copy), runs the statement like ``run()``, then clears every binding of the
    /// statement (integers too) and empties `texts` for the next row.
    public func run(_ texts: inout SQLiteTextBindings) throws {
        defer { texts.removeAll() }
        try texts.withBound(to: handle) { try run() }
    }

    /// Makes the statement ready to run again; its bindings stay until rebound.
    public func reset() { sqlite3_reset(handle) }

    /// How many columns each row has.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// Column `index` (0-based) of the current row.
    public func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes = sqlite3_column_text(handle, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    private func check(_ result: Int32) throws {
        guard result == SQLITE_OK else {
            throw SQLiteError(
                extendedCode: sqlite3_extended_errcode(database),
                message: String(cString: sqlite3_errmsg(database)),
                sql: sql
            )
        }
    }
}

@available(*, unavailable, message: "use a statement only inside the withDatabase body that prepared it")
extension SQLiteStatement: Sendable {}

/// `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the bind call returns.
nonisolated(unsafe) let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
