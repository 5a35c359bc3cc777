import AccountingExtract
import Foundation
import SQLiteNIO

/// Runs statements on the SQLite connection, translating `$n` placeholders to `?n`.
struct SQLiteSession: SQLSession {
    let connection: SQLiteConnection

    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let data = binds.map { value -> SQLiteData in
            switch value {
            case .integer(let integer): .integer(Int(integer))
            case .text(let text): .text(text)
            case .timestamp(let date): .integer(Int((date.timeIntervalSince1970 * 1000).rounded()))
            case .null: .null
            }
        }
        let rows: [SQLiteRow]
        do {
            rows = try await connection.query(Self.positional(sql), data)
        } catch {
            throw Self.ledgerError(error, sql)
        }
        return rows.map { row in
            SQLRow(
                values: row.columns.map { column in
                    switch column.data {
                    case .integer(let integer): .integer(Int64(integer))
                    case .text(let text): .text(text)
                    case .float(let double): .text(String(double))
                    case .blob(let buffer): .text(String(decoding: buffer.readableBytesView, as: UTF8.self))
                    case .null: .null
                    }
                }
            )
        }
    }

    /// Runs a statement with SQLite's own placeholders (`?`).
    func execute(native sql: String, _ binds: [SQLiteData]) async throws {
        do {
            _ = try await connection.query(sql, binds)
        } catch {
            throw Self.ledgerError(error, sql)
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

    static func ledgerError(_ error: any Error, _ sql: String) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? SQLiteError {
            let statement = sql.split(separator: "\n").first.map { String($0.prefix(80)) } ?? ""
            return LedgerError(
                .databaseError,
                "SQLite: \(error.message) (in: \(statement))",
                databaseCode: "\(error.reason)"
            )
        }
        return LedgerError(.databaseError, "SQLite: \(error)")
    }
}

/// The SQLite side of ``SQLLedgerCore``: serialized `BEGIN IMMEDIATE` transactions and multi-row inserts.
struct SQLiteBackend: SQLLedgerBackend {
    let connection: SQLiteConnection
    let threadPool: NIOThreadPool
    let clock: LedgerClock
    let lock = AsyncLock()

    var dialect: SQLDialect { .sqlite }

    func withTransaction<T: Sendable>(_ body: (any SQLSession) async throws -> T) async throws -> T {
        try await lock.withLock {
            guard !connection.isClosed else { throw LedgerError(.closed, "the SQLite ledger store was closed") }
            let session = SQLiteSession(connection: connection)
            try await session.query("BEGIN IMMEDIATE")
            do {
                let value = try await body(session)
                try await session.query("COMMIT")
                return value
            } catch {
                _ = try? await session.query("ROLLBACK")
                throw error
            }
        }
    }

    static let columnsPerLine = 15
    static let linesPerStatement = 1_000

    static func insertStatement(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columnsPerLine).joined(separator: ",") + ")"
        return """
            INSERT INTO ledger_journal_lines (batch_key, sequence_number, origin, posting_date, account, debit, credit,
                currency, employee_id, employee_name, report_id, report_name, description, cost_object, journal_key)
            VALUES
            """ + Array(repeating: row, count: rows).joined(separator: ",")
    }

    func insertLines<Lines: AsyncSequence>(
        _ lines: sending Lines,
        batch: LedgerBatch,
        batchKey: Int64,
        session: any SQLSession
    ) async throws -> Int where Lines.Element == JournalLine {
        let sqlite = SQLiteSession(connection: connection)
        let fullStatement = Self.insertStatement(rows: Self.linesPerStatement)
        var binds: [SQLiteData] = []
        binds.reserveCapacity(Self.columnsPerLine * Self.linesPerStatement)
        var rowsInStatement = 0
        var count = 0
        var lastDate: CalendarDate?
        var lastDateText = SQLiteData.null
        let key = SQLiteData.integer(Int(batchKey))
        let extract = SQLiteData.text(JournalLine.Origin.extract.rawValue)
        let offset = SQLiteData.text(JournalLine.Origin.offset.rawValue)

        // One statement runs on the connection's thread while the next one's values are gathered here.
        var inFlight: Task<Void, any Error>?

        func finishInFlight() async throws {
            guard let running = inFlight else { return }
            inFlight = nil
            do {
                try await running.value
            } catch let error as LedgerError where error.databaseCode?.contains("constraint") == true {
                throw LedgerError(
                    .duplicateLine,
                    "batch \(batch.batchID) has a line twice (same sequence number and origin) or an impossible value: nothing was loaded (\(error.message))",
                    databaseCode: error.databaseCode
                )
            }
        }

        func flush() async throws {
            try await finishInFlight()
            guard rowsInStatement > 0 else { return }
            let sql =
                rowsInStatement == Self.linesPerStatement ? fullStatement : Self.insertStatement(rows: rowsInStatement)
            let values = binds
            inFlight = Task { try await sqlite.execute(native: sql, values) }
            binds.removeAll(keepingCapacity: true)
            rowsInStatement = 0
        }

        do {
            for try await line in lines {
                try SQLLedgerCore<Self>.validate(line, batch)
                if line.postingDate != lastDate {
                    lastDate = line.postingDate
                    lastDateText = .text(line.postingDate.description)
                }
                binds.append(key)
                binds.append(.integer(line.sequenceNumber))
                binds.append(line.origin == .extract ? extract : offset)
                binds.append(lastDateText)
                binds.append(.text(line.account))
                binds.append(.integer(Int(line.debit.tenThousandths)))
                binds.append(.integer(Int(line.credit.tenThousandths)))
                binds.append(.text(line.currency))
                binds.append(.text(line.employeeID))
                binds.append(.text(line.employeeName))
                binds.append(.text(line.reportID))
                binds.append(.text(line.reportName))
                binds.append(.text(line.description))
                binds.append(.text(line.costObject))
                binds.append(.text(line.journalKey))
                rowsInStatement += 1
                count += 1
                if rowsInStatement == Self.linesPerStatement { try await flush() }
            }
            try await flush()
            try await finishInFlight()
        } catch {
            // Never leave a statement running behind the caller's ROLLBACK.
            if let running = inFlight { _ = try? await running.value }
            throw error
        }
        return count
    }
}
