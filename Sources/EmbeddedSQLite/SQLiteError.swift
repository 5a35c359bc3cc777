internal import CSQLite

/// A failed SQLite call: SQLite's result code, its message, and the statement that failed.
///
/// ```swift
/// do {
///     try await connection.withDatabase { try $0.execute("INSERT INTO t VALUES (1)") }
/// } catch let error as SQLiteError where error.isConstraintViolation {
///     // a UNIQUE, CHECK, NOT NULL or PRIMARY KEY constraint refused the row
/// }
/// ```
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE` is 2067, for example).
    public let extendedCode: Int32
    /// SQLite's message for this failure ("UNIQUE constraint failed: t.id").
    public let message: String
    /// The first line of the statement that failed, shortened; empty when the failure was not a statement's.
    public let statement: String

    init(extendedCode: Int32, message: String, sql: String = "") {
        self.extendedCode = extendedCode
        self.message = message
        self.statement = sql.split(separator: "\n").first.map { String($0.prefix(80)) } ?? ""
    }

    /// SQLite's primary result code (`SQLITE_CONSTRAINT` is 19).
    public var code: Int32 { extendedCode & 0xFF }

    /// A stable name for ``code``: `constraint`, `busy`, `locked`, `readonly`, `ioerr`, `corrupt`, `full`,
    /// `cantopen`, `notadb`, `misuse`, `error`, … or `sqlite-N` for a code without a name here.
    public var reason: String {
        switch code {
        case SQLITE_ERROR: "error"
        case SQLITE_INTERNAL: "internal"
        case SQLITE_PERM: "perm"
        case SQLITE_ABORT: "abort"
        case SQLITE_BUSY: "busy"
        case SQLITE_LOCKED: "locked"
        case SQLITE_NOMEM: "nomem"
        case SQLITE_READONLY: "readonly"
        case SQLITE_INTERRUPT: "interrupt"
        case SQLITE_IOERR: "ioerr"
        case SQLITE_CORRUPT: "corrupt"
        case SQLITE_FULL: "full"
        case SQLITE_CANTOPEN: "cantopen"
        case SQLITE_PROTOCOL: "protocol"
        case SQLITE_SCHEMA: "schema"
        case SQLITE_TOOBIG: "toobig"
        case SQLITE_CONSTRAINT: "constraint"
        case SQLITE_MISMATCH: "mismatch"
        case SQLITE_MISUSE: "misuse"
        case SQLITE_RANGE: "range"
        case SQLITE_NOTADB: "notadb"
        default: "sqlite-\(code)"
        }
    }

    /// A UNIQUE, PRIMARY KEY, CHECK, NOT NULL or FOREIGN KEY constraint refused the change.
    public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }

    /// A PRIMARY KEY or UNIQUE constraint refused the change: the row is there already.
    public var isKeyViolation: Bool {
        // SQLITE_CONSTRAINT_PRIMARYKEY, _UNIQUE and _ROWID (the C macros do not import into Swift).
        [SQLITE_CONSTRAINT | (6 << 8), SQLITE_CONSTRAINT | (8 << 8), SQLITE_CONSTRAINT | (10 << 8)]
            .contains(extendedCode)
    }

    /// The data was refused: a constraint (`SQLITE_CONSTRAINT`, including a trigger's `RAISE(ABORT, …)`), a type
    /// mismatch (`SQLITE_MISMATCH`) or a value too big (`SQLITE_TOOBIG`). Writing the same data again fails the
    /// same way, unlike `SQLITE_BUSY`, `SQLITE_LOCKED`, `SQLITE_IOERR` or `SQLITE_FULL`.
    public var refusesData: Bool { [SQLITE_CONSTRAINT, SQLITE_MISMATCH, SQLITE_TOOBIG].contains(code) }

    /// Another connection held the lock for longer than the busy timeout.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    public var description: String {
        statement.isEmpty ? "\(message) (\(reason))" : "\(message) (\(reason), in: \(statement))"
    }
}
