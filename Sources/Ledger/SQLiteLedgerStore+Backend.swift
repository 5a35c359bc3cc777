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
    static let linesPerStatement = 5_000

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
        // Lines travel as one JSON array per statement, unpacked by SQLite's json_each: one short statement to
        // prepare and two values to bind per chunk, instead of 15 bound values per line.
        let statement = """
            INSERT INTO ledger_journal_lines (batch_key, sequence_number, origin, posting_date, account, debit, credit,
                currency, employee_id, employee_name, report_id, report_name, description, cost_object, journal_key)
            SELECT ?1, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,
                value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11, value ->> 12, value ->> 13
            FROM json_each(?2)
            """
        var json: [UInt8] = []
        json.reserveCapacity(Self.linesPerStatement * 300)
        json.append(UInt8(ascii: "["))
        var rowsInStatement = 0
        var count = 0
        var lastDate: CalendarDate?
        var lastDateJSON: [UInt8] = []
        let key = SQLiteData.integer(Int(batchKey))

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
            json.append(UInt8(ascii: "]"))
            let values: [SQLiteData] = [key, .text(String(decoding: json, as: UTF8.self))]
            inFlight = Task { try await sqlite.execute(native: statement, values) }
            json.removeAll(keepingCapacity: true)
            json.append(UInt8(ascii: "["))
            rowsInStatement = 0
        }

        do {
            for try await line in lines {
                try SQLLedgerCore<Self>.validate(line, batch)
                if line.postingDate != lastDate {
                    lastDate = line.postingDate
                    lastDateJSON = []
                    JSONText.appendString(line.postingDate.description, to: &lastDateJSON)
                }
                if rowsInStatement > 0 { json.append(UInt8(ascii: ",")) }
                json.append(UInt8(ascii: "["))
                JSONText.appendInteger(line.sequenceNumber, to: &json)
                json.append(contentsOf: line.origin == .extract ? JSONText.extract : JSONText.offset)
                json.append(UInt8(ascii: ","))
                json.append(contentsOf: lastDateJSON)
                json.append(UInt8(ascii: ","))
                JSONText.appendString(line.account, to: &json)
                json.append(UInt8(ascii: ","))
                JSONText.appendInteger(Int(line.debit.tenThousandths), to: &json)
                json.append(UInt8(ascii: ","))
                JSONText.appendInteger(Int(line.credit.tenThousandths), to: &json)
                for text in [line.currency, line.employeeID, line.employeeName, line.reportID, line.reportName, line.description, line.costObject, line.journalKey] {
                    json.append(UInt8(ascii: ","))
                    JSONText.appendString(text, to: &json)
                }
                json.append(UInt8(ascii: "]"))
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


/// Minimal JSON writing for the bulk insert: strings escaped per RFC 8259, integers as digits.
enum JSONText {
    static let extract = Array(",\"extract\"".utf8)
    static let offset = Array(",\"offset\"".utf8)
    static let hex = Array("0123456789abcdef".utf8)

    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0..<0x20:
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    static func appendInteger(_ value: Int, to output: inout [UInt8]) {
        output.append(contentsOf: String(value).utf8)
    }
}
