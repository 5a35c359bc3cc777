import AccountingExtract
import Foundation
import Logging
import PostgresNIO

/// Runs statements on one pooled PostgreSQL connection.
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger

    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .integer(let integer): bindings.append(integer)
            case .text(let text): bindings.append(text)
            case .timestamp(let date): bindings.append(date)
            case .null: bindings.appendNull()
            }
        }
        do {
            let sequence = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            var rows: [SQLRow] = []
            for try await row in sequence {
                var values: [SQLValue] = []
                values.reserveCapacity(row.count)
                for cell in row {
                    values.append(try Self.value(of: cell))
                }
                rows.append(SQLRow(values: values))
            }
            return rows
        } catch {
            throw Self.ledgerError(error, sql)
        }
    }

    static func value(of cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .timestamptz, .timestamp: return .timestamp(try cell.decode(Date.self))
        case .void: return .null
        default: return .text(try cell.decode(String.self))
        }
    }

    /// What went wrong, without the URL or credentials (PostgresNIO's own description hides everything).
    static func summary(of error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            var text = message
            if let detail = error.serverInfo?[.detail] { text += " — \(detail)" }
            if let hint = error.serverInfo?[.hint] { text += " (hint: \(hint))" }
            return text
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    static func ledgerError(_ error: any Error, _ sql: String) -> any Error {
        if error is LedgerError || error is CancellationError { return error }
        let statement = sql.split(separator: "\n").first.map { String($0.prefix(80)) } ?? ""
        let state = (error as? PSQLError)?.serverInfo?[.sqlState]
        return LedgerError(
            state.map(LedgerError.isRefusal(sqlState:)) == true ? .databaseRefused : .databaseError,
            "PostgreSQL: \(summary(of: error)) (in: \(statement))",
            databaseCode: state
        )
    }
}

/// The PostgreSQL side of ``SQLLedgerStore``: pooled transactions and `COPY` for journal lines. Open a store on it
/// with ``SQLLedgerStore/connect(url:clock:)``.
///
/// ```swift
/// let store: SQLLedgerStore<PostgresBackend> =
///     try await PostgresLedgerStore.connect(url: "postgres://127.0.0.1/ledger")
/// ```
public struct PostgresBackend: SQLBackend, SQLLedgerBackend {
    let location: LedgerDatabaseURL.PostgresLocation
    let client: PostgresClient
    /// Runs the pool; cancelled by ``close()``.
    let runTask: Task<Void, Never>
    let clock: any WallClock
    let logger: Logger

    var dialect: SQLDialect { .postgres }
    var description: String { location.description }

    func close() async throws {
        runTask.cancel()
        await runTask.value
    }

    func withTransaction<T: Sendable>(_ body: (any SQLSession) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await PostgresSession(connection: connection, logger: logger).transaction(begin: "BEGIN", body)
            }
        } catch let error as PSQLError {
            throw PostgresSession.ledgerError(error, "")
        }
    }

    static let columns = [
        "batch_key", "sequence_number", "origin", "posting_date", "account", "debit", "credit", "currency",
        "employee_id", "employee_name", "report_id", "report_name", "description", "cost_object", "journal_key",
    ]

    /// Bytes sent per `CopyData` message.
    static let chunkSize = 1 << 18

    func insertLines<Lines: AsyncSequence>(
        _ lines: sending Lines,
        batch: LedgerBatch,
        batchKey: Int64,
        session: any SQLSession
    ) async throws -> Int where Lines.Element == JournalLine {
        guard let session = session as? PostgresSession else {
            throw LedgerError(.databaseError, "internal: a PostgreSQL load needs a PostgreSQL session")
        }
        var count = 0
        nonisolated(unsafe) let lines = lines
        do {
            try await session.connection.copyFrom(table: "ledger_journal_lines", columns: Self.columns, logger: logger)
            { writer in
                var buffer = ByteBuffer()
                buffer.reserveCapacity(Self.chunkSize + 4096)
                var lastDate: CalendarDate?
                var dateText: [UInt8] = []
                var prefix: [UInt8] = []
                CopyText.appendInteger(batchKey, to: &prefix)
                prefix.append(0x09)
                for try await line in lines {
                    try batch.validate(line)
                    if line.postingDate != lastDate {
                        lastDate = line.postingDate
                        dateText = Array(line.postingDate.description.utf8)
                    }
                    buffer.writeBytes(prefix)
                    CopyText.writeInteger(Int64(line.sequenceNumber), to: &buffer)
                    buffer.writeInteger(UInt8(0x09))
                    buffer.writeString(line.origin.rawValue)
                    buffer.writeInteger(UInt8(0x09))
                    buffer.writeBytes(dateText)
                    buffer.writeInteger(UInt8(0x09))
                    CopyText.writeText(line.account, to: &buffer)
                    buffer.writeInteger(UInt8(0x09))
                    CopyText.writeInteger(line.debit.tenThousandths, to: &buffer)
                    buffer.writeInteger(UInt8(0x09))
                    CopyText.writeInteger(line.credit.tenThousandths, to: &buffer)
                    CopyText.writeField(line.currency, to: &buffer)
                    CopyText.writeField(line.employeeID, to: &buffer)
                    CopyText.writeField(line.employeeName, to: &buffer)
                    CopyText.writeField(line.reportID, to: &buffer)
                    CopyText.writeField(line.reportName, to: &buffer)
                    CopyText.writeField(line.description, to: &buffer)
                    CopyText.writeField(line.costObject, to: &buffer)
                    CopyText.writeField(line.journalKey, to: &buffer)
                    buffer.writeInteger(UInt8(0x0A))
                    count += 1
                    if buffer.readableBytes >= Self.chunkSize {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
        } catch let error as PSQLError {
            let state = error.serverInfo?[.sqlState]
            if state == "23505" {
                throw LedgerError(
                    .duplicateLine,
                    "batch \(batch.batchID) has a line twice (same sequence number and origin): nothing was loaded (\(PostgresSession.summary(of: error)))",
                    databaseCode: state
                )
            }
            throw PostgresSession.ledgerError(error, "COPY ledger_journal_lines")
        }
        try await refreshStatisticsIfStale(afterCopying: count, session)
        return count
    }

    /// Lines below which a load never refreshes the statistics.
    static let statisticsThreshold = 1_000

    /// PostgreSQL plans the duplicate Journal Key check from the table's statistics. Statistics taken while the
    /// table was (nearly) empty make it scan the whole table for every line: a first load of 1,000,000 lines then
    /// ran for hours. So, as PostgreSQL's documentation advises after a bulk load, a COPY of more lines than the
    /// statistics say the table holds is followed by `ANALYZE` (in the load's transaction, so it sees the new
    /// lines). Once the statistics are current this never runs, and other loads are not held up by its lock.
    func refreshStatisticsIfStale(afterCopying count: Int, _ session: PostgresSession) async throws {
        guard count >= Self.statisticsThreshold else { return }
        let rows = try await session.query(
            "SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = CAST('ledger_journal_lines' AS regclass)"
        )
        let recorded = try rows.first?.integer(0) ?? -1
        if recorded < Int64(count) { try await session.query("ANALYZE ledger_journal_lines") }
    }
}

/// PostgreSQL's `COPY … FROM STDIN (FORMAT text)` encoding.
enum CopyText {
    /// Writes a tab, then the text.
    static func writeField(_ text: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0x09))
        writeText(text, to: &buffer)
    }

    /// Writes text with backslash, tab, newline and carriage return escaped.
    static func writeText(_ text: String, to buffer: inout ByteBuffer) {
        let utf8 = text.utf8
        let special = utf8.contains { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard special else {
            buffer.writeString(text)
            return
        }
        for byte in utf8 {
            switch byte {
            case 0x5C: buffer.writeBytes([0x5C, 0x5C])
            case 0x09: buffer.writeBytes([0x5C, UInt8(ascii: "t")])
            case 0x0A: buffer.writeBytes([0x5C, UInt8(ascii: "n")])
            case 0x0D: buffer.writeBytes([0x5C, UInt8(ascii: "r")])
            default: buffer.writeInteger(byte)
            }
        }
    }

    static func writeInteger(_ value: Int64, to buffer: inout ByteBuffer) {
        var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { raw in
            var index = raw.count
            var magnitude = value.magnitude
            repeat {
                index -= 1
                raw[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                index -= 1
                raw[index] = UInt8(ascii: "-")
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[index...]))
        }
    }

    static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        var buffer = ByteBuffer()
        writeInteger(value, to: &buffer)
        output.append(contentsOf: buffer.readableBytesView)
    }
}
