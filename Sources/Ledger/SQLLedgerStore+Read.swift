import AccountingExtract
import Foundation

extension SQLLedgerStore {
    public func journalPage(_ filter: JournalFilter, after cursor: JournalCursor?, limit: Int) async throws -> JournalPage {
        let limit = max(1, limit)
        return try await engine.withTransaction { session in
            var binds: [SQLValue] = []
            var conditions = filter.conditions(on: "b", binds: &binds)
            if let cursor {
                // From the cursor's row on: the lines up to the cursor itself are dropped below.
                binds.append(.integer(cursor.batchKey))
                let key = binds.count
                binds.append(.integer(Int64(cursor.sequenceNumber)))
                conditions.append(
                    "(l.batch_key > $\(key) OR (l.batch_key = $\(key) AND l.sequence_number >= $\(key + 1)))"
                )
            }
            // A row holds one line or two (an extract line and its offset), and at most two rows at the cursor's
            // sequence number hold lines already returned: `limit + 2` rows always hold `limit` new lines if
            // there are that many.
            binds.append(.integer(Int64(limit + 2)))
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try await session.query(
                """
                SELECT l.batch_key, b.batch_id, l.sequence_number, l.origin, \(dialect.dateText("l.posting_date")), l.account,
                    l.debit, l.credit, l.currency, l.employee_id, l.employee_name, l.report_id, l.report_name,
                    l.description, l.cost_object, l.journal_key, \(dialect.offsetAccount("l")), b.company
                FROM \(dialect.journalRows) l JOIN ledger_batches b ON b.batch_key = l.batch_key
                \(filter)
                ORDER BY l.batch_key, l.sequence_number, l.origin LIMIT $\(binds.count)
                """,
                binds
            )
            var lines: [JournalLine] = []
            var companies: [String] = []
            lines.reserveCapacity(limit)
            companies.reserveCapacity(limit)
            var last: JournalCursor?
            rows: for row in rows {
                let company = try row.text(17)
                for (line, key) in try Self.journalLines(row) {
                    if let cursor, key <= cursor { continue }
                    guard lines.count < limit else { break rows }
                    lines.append(line)
                    companies.append(company)
                    last = key
                }
            }
            return JournalPage(lines: lines, next: lines.count == limit ? last : nil, companies: companies)
        }
    }

    /// The line a stored row holds, and the offset line it carries when it has an offset account.
    private static func journalLines(_ row: SQLRow) throws -> [(JournalLine, JournalCursor)] {
        let originText = try row.text(3)
        guard let origin = JournalLine.Origin(rawValue: originText) else {
            throw LedgerError(.databaseError, "a stored line has an unknown origin: \(originText)")
        }
        let dateText = try row.text(4)
        guard let postingDate = try? CalendarDate(parsing: dateText) else {
            throw LedgerError(.databaseError, "a stored posting date is not YYYY-MM-DD: \(dateText)")
        }
        let sequence = try row.int(2)
        let batchKey = try row.integer(0)
        let line = JournalLine(
            batchID: try row.text(1),
            sequenceNumber: sequence,
            origin: origin,
            postingDate: postingDate,
            account: try row.text(5),
            debit: Amount(tenThousandths: try row.integer(6)),
            credit: Amount(tenThousandths: try row.integer(7)),
            currency: try row.text(8),
            employeeID: try row.text(9),
            employeeName: try row.text(10),
            reportID: try row.text(11),
            reportName: try row.text(12),
            description: try row.text(13),
            costObject: try row.text(14),
            journalKey: try row.text(15)
        )
        let key = JournalCursor(batchKey: batchKey, sequenceNumber: sequence, origin: origin)
        guard let offsetAccount = try row.optionalText(16) else { return [(line, key)] }
        var offset = line
        offset.origin = .offset
        offset.account = offsetAccount
        offset.debit = line.credit
        offset.credit = line.debit
        return [(line, key), (offset, JournalCursor(batchKey: batchKey, sequenceNumber: sequence, origin: .offset))]
    }

    public func reconciliation(_ filter: JournalFilter) async throws -> ReconciliationSummary {
        try await engine.withTransaction { session in
            var binds: [SQLValue] = []
            let conditions = filter.conditions(on: "f", binds: &binds)
            let lineFilter =
                conditions.isEmpty
                ? ""
                : "WHERE l.batch_key IN (SELECT f.batch_key FROM ledger_batches f WHERE \(conditions.joined(separator: " AND ")))"
            let accountRows = try await session.query(
                """
                SELECT l.account, CAST(COALESCE(SUM(l.debit), 0) AS BIGINT), CAST(COALESCE(SUM(l.credit), 0) AS BIGINT),
                    COUNT(*), b.company
                FROM ledger_journal_lines l JOIN ledger_batches b ON b.batch_key = l.batch_key
                \(lineFilter) GROUP BY b.company, l.account
                """,
                binds
            )
            var accounts = try accountRows.map { row in
                ReconciliationSummary.AccountLine(
                    account: try row.text(0),
                    debit: Amount(tenThousandths: try row.integer(1)),
                    credit: Amount(tenThousandths: try row.integer(2)),
                    lineCount: try row.int(3),
                    company: try row.text(4)
                )
            }
            // By company, then account, in byte order: the same on every database and collation.
            accounts.sort {
                $0.company == $1.company
                    ? $0.account.utf8.lexicographicallyPrecedes($1.account.utf8)
                    : $0.company.utf8.lexicographicallyPrecedes($1.company.utf8)
            }

            var batchBinds: [SQLValue] = []
            let batchConditions = filter.conditions(on: "b", binds: &batchBinds)
            let batchFilter = batchConditions.isEmpty ? "" : "WHERE " + batchConditions.joined(separator: " AND ")
            let batchRows = try await session.query(
                """
                SELECT b.batch_id, \(dialect.dateText("b.batch_date")), b.header_record_count, b.header_total,
                    COUNT(l.sequence_number), CAST(COALESCE(SUM(l.debit - l.credit), 0) AS BIGINT), COUNT(DISTINCT l.report_id),
                    b.company
                FROM ledger_batches b
                LEFT JOIN \(dialect.journalRows) l ON l.batch_key = b.batch_key AND l.origin = 'extract'
                \(batchFilter)
                GROUP BY b.batch_key, b.batch_id, b.batch_date, b.header_record_count, b.header_total, b.company
                ORDER BY b.batch_key
                """,
                batchBinds
            )
            let batches = try batchRows.map { row in
                let dateText = try row.text(1)
                guard let date = try? CalendarDate(parsing: dateText) else {
                    throw LedgerError(.databaseError, "a stored batch date is not YYYY-MM-DD: \(dateText)")
                }
                return ReconciliationSummary.BatchLine(
                    batchID: try row.text(0),
                    batchDate: date,
                    headerRecordCount: try row.int(2),
                    headerTotal: Amount(tenThousandths: try row.integer(3)),
                    loadedRecordCount: try row.int(4),
                    loadedTotal: Amount(tenThousandths: try row.integer(5)),
                    reportCount: try row.int(6),
                    company: try row.text(7)
                )
            }
            let totals = try await session.query(
                """
                SELECT COUNT(DISTINCT l.report_id), COUNT(*), CAST(COALESCE(SUM(l.debit), 0) AS BIGINT),
                    CAST(COALESCE(SUM(l.credit), 0) AS BIGINT)
                FROM ledger_journal_lines l \(lineFilter)
                """,
                binds
            )
            guard let total = totals.first else {
                throw LedgerError(.databaseError, "the totals query returned no row")
            }
            return ReconciliationSummary(
                accounts: accounts,
                batches: batches,
                reportCount: try total.int(0),
                lineCount: try total.int(1),
                debitTotal: Amount(tenThousandths: try total.integer(2)),
                creditTotal: Amount(tenThousandths: try total.integer(3))
            )
        }
    }
}
