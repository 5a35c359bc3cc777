import AccountingExtract
import Foundation

/// A value bound to or read from a statement, common to both databases.
enum SQLValue: Sendable, Hashable {
    case integer(Int64)
    case text(String)
    /// A point in time: `TIMESTAMPTZ` on PostgreSQL, integer milliseconds since 1970 on SQLite.
    case timestamp(Date)
    case null

    static func optionalText(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    static func optionalTimestamp(_ value: Date?) -> SQLValue { value.map { .timestamp($0) } ?? .null }
}

/// One result row, decoded eagerly into ``SQLValue``s.
struct SQLRow: Sendable {
    var values: [SQLValue]

    func integer(_ index: Int) throws(LedgerError) -> Int64 {
        guard index < values.count else { throw Self.missing(index) }
        switch values[index] {
        case .integer(let value): return value
        case .text(let text):
            if let value = Int64(text) { return value }
        default: break
        }
        throw LedgerError(.databaseError, "column \(index) is not an integer: \(values[index])")
    }

    func int(_ index: Int) throws(LedgerError) -> Int { Int(try integer(index)) }

    func text(_ index: Int) throws(LedgerError) -> String {
        guard index < values.count else { throw Self.missing(index) }
        switch values[index] {
        case .text(let text): return text
        case .integer(let value): return String(value)
        default: throw LedgerError(.databaseError, "column \(index) is not text: \(values[index])")
        }
    }

    func optionalText(_ index: Int) throws(LedgerError) -> String? {
        guard index < values.count else { throw Self.missing(index) }
        if case .null = values[index] { return nil }
        return try text(index)
    }

    func timestamp(_ index: Int) throws(LedgerError) -> Date {
        guard index < values.count else { throw Self.missing(index) }
        switch values[index] {
        case .timestamp(let date): return date
        case .integer(let milliseconds): return Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
        default: throw LedgerError(.databaseError, "column \(index) is not a timestamp: \(values[index])")
        }
    }

    func optionalTimestamp(_ index: Int) throws(LedgerError) -> Date? {
        guard index < values.count else { throw Self.missing(index) }
        if case .null = values[index] { return nil }
        return try timestamp(index)
    }

    private static func missing(_ index: Int) -> LedgerError {
        LedgerError(.databaseError, "the result has no column \(index)")
    }
}

/// The database a statement is written for; where they differ, the statement asks its dialect.
enum SQLDialect: String, Sendable {
    case sqlite
    case postgres

    /// A bound `YYYY-MM-DD` parameter as a date value.
    func dateParameter(_ number: Int) -> String {
        self == .postgres ? "CAST($\(number) AS DATE)" : "$\(number)"
    }

    /// A date column read back as `YYYY-MM-DD` text.
    func dateText(_ column: String) -> String {
        self == .postgres ? "to_char(\(column), 'YYYY-MM-DD')" : column
    }

    /// The table of stored journal rows. Every extract line is one row of it; on SQLite a row may also carry its
    /// offset line (see ``LedgerMigration/pairedLines``), and the view `ledger_journal_lines` lists every line.
    var journalRows: String { self == .sqlite ? "ledger_journal_rows" : "ledger_journal_lines" }

    /// The account of the offset line that a stored row carries, or `NULL` when it carries none.
    func offsetAccount(_ alias: String) -> String { self == .sqlite ? "\(alias).offset_account" : "NULL" }

    /// The suffix that makes concurrent claimers skip a row another transaction holds.
    var forUpdateSkipLocked: String { self == .postgres ? " FOR UPDATE SKIP LOCKED" : "" }
}

/// A connection inside a transaction. Statements use `$1`, `$2`, … placeholders on both databases.
protocol SQLSession: Sendable {
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
}

extension SQLSession {
    @discardableResult
    func query(_ sql: String) async throws -> [SQLRow] { try await query(sql, []) }

    /// Runs `body` in a transaction opened with `begin` (`BEGIN`, `BEGIN IMMEDIATE`): committed when it returns,
    /// rolled back when it throws.
    nonisolated(nonsending) func transaction<T>(
        begin: String,
        _ body: (any SQLSession) async throws -> T
    ) async throws -> T {
        try await query(begin)
        do {
            let value = try await body(self)
            try await query("COMMIT")
            return value
        } catch {
            _ = try? await query("ROLLBACK")
            throw error
        }
    }
}

/// The database under a ``SQLLedgerStore``: ``SQLiteBackend`` or ``PostgresBackend``.
///
/// What a backend must provide is internal to this module (``SQLLedgerStore`` reaches it as an internal
/// `SQLLedgerBackend`), so only these two can open a store; the type only names which database a store is on.
///
/// ```swift
/// func vacuum(_ store: SQLLedgerStore<SQLiteBackend>) { print(store.path) }
/// ```
public protocol SQLBackend: Sendable {}

/// What a database must provide for ``SQLLedgerStore`` to implement ``LedgerStore`` on it.
protocol SQLLedgerBackend: SQLBackend {
    var dialect: SQLDialect { get }
    var clock: any WallClock { get }
    /// `sqlite:` or `postgres://` with the location (never a password), for messages.
    var description: String { get }

    /// Closes the connection (or the pool); every later call throws.
    func close() async throws

    /// Runs `body` in one transaction that takes the write lock up front, committing when it returns and rolling
    /// back when it throws.
    func withTransaction<T: Sendable>(_ body: (any SQLSession) async throws -> T) async throws -> T

    /// Writes the lines of one batch, in the transaction of `session`; returns how many were written.
    func insertLines<Lines: AsyncSequence>(
        _ lines: sending Lines,
        batch: LedgerBatch,
        batchKey: Int64,
        session: any SQLSession
    ) async throws -> Int where Lines.Element == JournalLine
}
