import AccountingExtract
import EmbeddedSQLite
import Foundation

/// Runs statements on the SQLite connection, translating `$n` placeholders to `?n`.
struct SQLiteSession: SQLSession {
    let connection: SQLiteConnection

    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let statement = Self.positional(sql)
        let values = binds.map { value -> SQLiteValue in
            switch value {
            case .integer(let integer): .integer(integer)
            case .text(let text): .text(text)
            case .timestamp(let date): .integer(Int64((date.timeIntervalSince1970 * 1000).rounded()))
            case .null: .null
            }
        }
        do {
            return try await connection.withDatabase { database in
                try database.query(statement, values).map { row in
                    SQLRow(
                        values: row.map { column in
                            switch column {
                            case .integer(let integer): .integer(integer)
                            case .text(let text): .text(text)
                            case .real(let double): .text(String(double))
                            case .blob(let bytes): .text(String(decoding: bytes, as: UTF8.self))
                            case .null: .null
                            }
                        }
                    )
                }
            }
        } catch {
            throw Self.ledgerError(error)
        }
    }

    /// `$12` → `?12`, outside quoted text.
    static func positional(_ sql: String) -> String {
        guard sql.utf8.contains(UInt8(ascii: "$")) else { return sql }
        var output = [UInt8]()
        output.reserveCapacity(sql.utf8.count)
        var inQuote = false
        for byte in sql.utf8 {
            if byte == UInt8(ascii: "'") { inQuote.toggle() }
            output.append(byte == UInt8(ascii: "$") && !inQuote ? UInt8(ascii: "?") : byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func ledgerError(_ error: any Error) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? SQLiteError {
            return LedgerError(
                error.refusesData ? .databaseRefused : .databaseError,
                "SQLite: \(error)",
                databaseCode: error.reason
            )
        }
        return LedgerError(.databaseError, "SQLite: \(error)")
    }
}

/// The SQLite side of ``SQLLedgerStore``: serialized `BEGIN IMMEDIATE` transactions, and lines written through one
/// prepared `INSERT` reused for every line. Open a store on it with
/// ``SQLLedgerStore/open(path:clock:busyTimeout:)``.
///
/// ```swift
/// let store: SQLLedgerStore<SQLiteBackend> = try await SQLiteLedgerStore.open(path: "ledger.sqlite")
/// ```
public struct SQLiteBackend: SQLBackend, SQLLedgerBackend {
    let path: String
    let connection: SQLiteConnection
    let clock: any WallClock
    let lock = AsyncLock()

    var dialect: SQLDialect { .sqlite }
    var description: String { "sqlite:\(path)" }

    func close() async throws {
        try await lock.withLock {
            await connection.close()
        }
    }

    func withTransaction<T: Sendable>(_ body: (any SQLSession) async throws -> T) async throws -> T {
        try await lock.withLock {
            guard await !connection.isClosed else {
                throw LedgerError(.closed, "the SQLite ledger store was closed")
            }
            return try await SQLiteSession(connection: connection).transaction(begin: "BEGIN IMMEDIATE", body)
        }
    }

    /// Rows handed to the connection's queue at a time: enough that the hop costs nothing, few enough that memory
    /// stays flat.
    static let rowsPerChunk = 2_000

    static let insertStatement = """
        INSERT INTO ledger_journal_rows (batch_key, sequence_number, origin, posting_date, account, debit, credit,
            currency, employee_id, employee_name, report_id, report_name, description, cost_object, journal_key,
            offset_account)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
        """

    /// An offset line stored on a row of its own can repeat the offset a paired row already carries; the primary
    /// key cannot see that, so this query does, when the load wrote such rows.
    static let offsetTwiceQuery = """
        SELECT o.sequence_number FROM ledger_journal_rows o
        JOIN ledger_journal_rows e ON e.batch_key = o.batch_key AND e.sequence_number = o.sequence_number
            AND e.origin = 'extract' AND e.offset_account IS NOT NULL
        WHERE o.batch_key = $1 AND o.origin = 'offset'
        ORDER BY o.sequence_number LIMIT 1
        """

    /// One stored row: a journal line, and the account of its offset line when the row carries that too.
    struct Row: Sendable {
        var line: JournalLine
        var offsetAccount: String? = nil
    }

    func insertLines<Lines: AsyncSequence>(
        _ lines: sending Lines,
        batch: LedgerBatch,
        batchKey: Int64,
        session: any SQLSession
    ) async throws -> Int where Lines.Element == JournalLine {
        let connection = connection
        var chunk: [Row] = []
        chunk.reserveCapacity(Self.rowsPerChunk)
        var count = 0
        var offsetRows = 0
        // An extract line waits here for the next line: when that is its offset, the two share one row.
        var pending: JournalLine?

        // One chunk is written on the connection's queue while the next one is gathered here. The chunk comes back
        // from the queue so that it is freed here, not on the connection's thread, which is the busier one.
        var inFlight: Task<[Row], any Error>?

        func finishInFlight() async throws {
            guard let running = inFlight else { return }
            inFlight = nil
            do {
                _ = try await running.value
            } catch let error as SQLiteError where error.isKeyViolation {
                throw Self.duplicateLine(batch, error.message, databaseCode: error.reason)
            } catch {
                throw SQLiteSession.ledgerError(error)
            }
        }

        func flush() async throws {
            try await finishInFlight()
            guard !chunk.isEmpty else { return }
            let rows = chunk
            chunk = []
            chunk.reserveCapacity(Self.rowsPerChunk)
            inFlight = Task {
                try await connection.withDatabase { database in
                    try Self.write(rows, batchKey: batchKey, into: database)
                    return rows
                }
            }
        }

        func append(_ row: Row) async throws {
            chunk.append(row)
            if chunk.count == Self.rowsPerChunk { try await flush() }
        }

        do {
            for try await line in lines {
                try batch.validate(line)
                count += 1
                if let extract = pending {
                    pending = nil
                    if line.isOffset(of: extract) {
                        try await append(Row(line: extract, offsetAccount: line.account))
                        continue
                    }
                    try await append(Row(line: extract))
                }
                if line.origin == .extract {
                    pending = line
                } else {
                    offsetRows += 1
                    try await append(Row(line: line))
                }
            }
            if let extract = pending { try await append(Row(line: extract)) }
            try await flush()
            try await finishInFlight()
        } catch {
            // Never leave a chunk being written behind the caller's ROLLBACK.
            if let running = inFlight { _ = try? await running.value }
            throw error
        }
        if offsetRows > 0 {
            let twice = try await session.query(Self.offsetTwiceQuery, [.integer(batchKey)])
            if let sequence = try twice.first?.int(0) {
                throw Self.duplicateLine(batch, "the offset line of sequence number \(sequence)", databaseCode: nil)
            }
        }
        return count
    }

    static func duplicateLine(_ batch: LedgerBatch, _ detail: String, databaseCode: String?) -> LedgerError {
        LedgerError(
            .duplicateLine,
            "batch \(batch.batchID) has a line twice (same sequence number and origin) or an impossible value: nothing was loaded (\(detail))",
            databaseCode: databaseCode
        )
    }

    /// Writes `rows` with the cached prepared `INSERT`; runs on the connection's queue.
    static func write(_ rows: [Row], batchKey: Int64, into database: SQLiteDatabase) throws {
        let insert = try database.statement(insertStatement)
        var texts = SQLiteTextBindings()
        var lastDate: CalendarDate?
        var lastDateText = ""
        for index in rows.indices {
            if rows[index].line.postingDate != lastDate {
                lastDate = rows[index].line.postingDate
                lastDateText = rows[index].line.postingDate.description
            }
            try insert.bind(batchKey, at: 1)
            try insert.bind(Int64(rows[index].line.sequenceNumber), at: 2)
            try insert.bind(rows[index].line.debit.tenThousandths, at: 6)
            try insert.bind(rows[index].line.credit.tenThousandths, at: 7)
            texts.append(rows[index].line.origin.rawValue, at: 3)
            texts.append(lastDateText, at: 4)
            texts.append(rows[index].line.account, at: 5)
            texts.append(rows[index].line.currency, at: 8)
            texts.append(rows[index].line.employeeID, at: 9)
            texts.append(rows[index].line.employeeName, at: 10)
            texts.append(rows[index].line.reportID, at: 11)
            texts.append(rows[index].line.reportName, at: 12)
            texts.append(rows[index].line.description, at: 13)
            texts.append(rows[index].line.costObject, at: 14)
            texts.append(rows[index].line.journalKey, at: 15)
            if let offsetAccount = rows[index].offsetAccount { texts.append(offsetAccount, at: 16) }
            try insert.run(&texts)
        }
    }
}
