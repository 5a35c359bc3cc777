internal import CSQLite

/// Text parameters for one run of a statement, gathered in one reusable buffer that SQLite reads in place.
///
/// Binding a `String` with ``SQLiteStatement/bind(_:at:)-(String,_)`` makes SQLite allocate and copy each value;
/// for a bulk insert that is most of the cost of binding. These bindings copy the row's text once into a buffer
/// that is kept from row to row, and ``SQLiteStatement/run(_:)`` hands SQLite pointers into it for the one step.
///
/// ```swift
/// var texts = SQLiteTextBindings()
/// let insert = try db.statement("INSERT INTO t (id, name, note) VALUES (?1, ?2, ?3)")
/// for (id, name, note) in rows {
///     try insert.bind(id, at: 1)
///     texts.append(name, at: 2)
///     texts.append(note, at: 3)
///     try insert.run(&texts)   // texts is empty again afterwards
/// }
/// ```
public struct SQLiteTextBindings {
    private var bytes: [UInt8] = []
    private var spans: [(index: Int32, start: Int, count: Int)] = []

    public init() {
        bytes.reserveCapacity(1024)
        spans.reserveCapacity(32)
    }

    /// Adds `text` for parameter `index` (1-based).
    public mutating func append(_ text: String, at index: Int32) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        spans.append((index, start, bytes.count - start))
    }

    /// Whether no text is waiting to be bound.
    public var isEmpty: Bool { spans.isEmpty }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    /// Binds every text without a copy (`SQLITE_STATIC`), for the duration of `body` only.
    func withBound<T>(to statement: OpaquePointer, _ body: () throws -> T) throws -> T {
        try bytes.withUnsafeBufferPointer { buffer in
            try withUnsafePointer(to: 0 as UInt8) { empty in
                let base = buffer.baseAddress ?? empty
                for span in spans {
                    let result = (base + span.start).withMemoryRebound(to: CChar.self, capacity: max(span.count, 1)) {
                        sqlite3_bind_text64(
                            statement,
                            span.index,
                            $0,
                            sqlite3_uint64(span.count),
                            nil,
                            UInt8(SQLITE_UTF8)
                        )
                    }
                    guard result == SQLITE_OK else {
                        sqlite3_clear_bindings(statement)
                        throw SQLiteError(extendedCode: result, message: String(cString: sqlite3_errstr(result)))
                    }
                }
                // SQLite must not keep pointers into the buffer past this call.
                defer { sqlite3_clear_bindings(statement) }
                return try body()
            }
        }
    }
}
