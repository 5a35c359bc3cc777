public import AccountingExtract
import Foundation

extension SQLLedgerStore {
    public func postedAmountsByDay(
        _ filter: JournalFilter,
        from: CalendarDate?,
        to: CalendarDate?
    ) async throws -> [DailyPostedAmount] {
        try await engine.withTransaction { session in
            var binds: [SQLValue] = []
            var conditions = filter.conditions(on: "b", binds: &binds)
            // Dates compare as their YYYY-MM-DD text: the same order as the dates, on both databases.
            if let from {
                binds.append(.text(from.description))
                conditions.append("\(dialect.dateText("l.posting_date")) >= $\(binds.count)")
            }
            if let to {
                binds.append(.text(to.description))
                conditions.append("\(dialect.dateText("l.posting_date")) <= $\(binds.count)")
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try await session.query(
                """
                SELECT \(dialect.dateText("l.posting_date")), b.company, l.account, l.currency,
                    CAST(COALESCE(SUM(l.debit), 0) AS BIGINT), CAST(COALESCE(SUM(l.credit), 0) AS BIGINT), COUNT(*)
                FROM ledger_journal_lines l JOIN ledger_batches b ON b.batch_key = l.batch_key
                \(whereClause)
                GROUP BY l.posting_date, b.company, l.account, l.currency
                """,
                binds
            )
            var days = try rows.map { row in
                let dateText = try row.text(0)
                guard let date = try? CalendarDate(parsing: dateText) else {
                    throw LedgerError(.databaseError, "a stored posting date is not YYYY-MM-DD: \(dateText)")
                }
                return DailyPostedAmount(
                    postingDate: date,
                    company: try row.text(1),
                    account: try row.text(2),
                    currency: try row.text(3),
                    debit: Amount(tenThousandths: try row.integer(4)),
                    credit: Amount(tenThousandths: try row.integer(5)),
                    lineCount: try row.int(6)
                )
            }
            // By date, company, currency, account, in byte order: the same on every database and collation.
            days.sort {
                let left = [$0.postingDate.description, $0.company, $0.currency, $0.account]
                let right = [$1.postingDate.description, $1.company, $1.currency, $1.account]
                return left.lexicographicallyPrecedes(right) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            }
            return days
        }
    }
}
