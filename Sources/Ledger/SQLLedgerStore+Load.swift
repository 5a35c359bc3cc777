public import AccountingExtract
import Foundation

extension SQLLedgerStore {
    public func load<Lines: AsyncSequence>(
        _ batch: LedgerBatch,
        lines: sending Lines,
        options: LoadOptions
    ) async throws -> LoadResult where Lines.Element == JournalLine {
        // The closure runs once; the lines move into it.
        nonisolated(unsafe) let lines = lines
        return try await engine.withTransaction { session in
            let result = try await insertBatch(batch, lines: lines, options: options, session)
            if let resolution = options.resolvesQuarantine {
                try await resolveQuarantine(resolution, batchID: batch.batchID, company: batch.company ?? "", session)
            }
            return result
        }
    }

    private func insertBatch<Lines: AsyncSequence>(
        _ batch: LedgerBatch,
        lines: sending Lines,
        options: LoadOptions,
        _ session: any SQLSession
    ) async throws -> LoadResult where Lines.Element == JournalLine {
        if let existing = try await existingBatch(batch, session) { return existing }
        let inserted = try await session.query(
            """
            INSERT INTO ledger_batches (batch_id, batch_date, sha256, file_name, header_record_count, header_total,
                company, job_id, line_count, loaded_at)
            VALUES ($1, \(dialect.dateParameter(2)), $3, $4, $5, $6, $7, $8, 0, $9)
            ON CONFLICT DO NOTHING RETURNING batch_key
            """,
            [
                .text(batch.batchID), .text(batch.batchDate.description), .text(batch.sha256),
                .text(batch.fileName),
                .integer(Int64(batch.headerRecordCount)), .integer(batch.headerTotal.tenThousandths),
                .text(batch.company ?? ""), .optionalText(batch.jobID), .timestamp(now),
            ]
        )
        guard let batchKey = try inserted.first?.integer(0) else {
            // Another loader committed the same batch (or file) between our look and our insert.
            if let existing = try await existingBatch(batch, session) { return existing }
            throw LedgerError(
                .batchConflict,
                "the file \(batch.sha256) is already loaded for this company under another batch id than \(batch.batchID)"
            )
        }
        let count = try await engine.insertLines(lines, batch: batch, batchKey: batchKey, session: session)
        try await session.query(
            "UPDATE ledger_batches SET line_count = $2 WHERE batch_key = $1",
            [.integer(batchKey), .integer(Int64(count))]
        )
        let duplicates = try await duplicateJournalKeys(
            batchKey: batchKey,
            limit: options.maximumDuplicatesListed,
            session
        )
        if !duplicates.isEmpty, options.duplicateJournalKeys == .reject {
            let listed = duplicates.prefix(5).map {
                "\($0.journalKey) (line \($0.sequenceNumber), first in batch \($0.existingBatchID))"
            }
            throw LedgerError(
                .duplicateJournalKey,
                "batch \(batch.batchID) repeats journal keys already loaded: \(listed.joined(separator: ", "))"
                    + (duplicates.count > 5 ? " and more" : "")
                    + "; nothing was loaded: quarantine the file, or load it with duplicateJournalKeys: .report"
            )
        }
        return LoadResult(
            status: .loaded,
            batchID: batch.batchID,
            linesWritten: count,
            duplicateJournalKeys: duplicates
        )
    }

    /// `alreadyLoaded` for the same file, a conflict for the same batch id or bytes from another file, `nil` when new.
    private func existingBatch(_ batch: LedgerBatch, _ session: any SQLSession) async throws -> LoadResult? {
        let rows = try await session.query(
            "SELECT batch_id, \(dialect.dateText("batch_date")), sha256 FROM ledger_batches WHERE company = $3 AND (batch_id = $1 OR sha256 = $2)",
            [.text(batch.batchID), .text(batch.sha256), .text(batch.company ?? "")]
        )
        guard let row = rows.first else { return nil }
        let batchID = try row.text(0)
        let batchDate = try row.text(1)
        let sha256 = try row.text(2)
        if rows.count == 1, batchID == batch.batchID, sha256 == batch.sha256, batchDate == batch.batchDate.description {
            return LoadResult(status: .alreadyLoaded, batchID: batch.batchID, linesWritten: 0)
        }
        throw LedgerError(
            .batchConflict,
            "batch \(batch.batchID) of \(batch.batchDate) (file \(batch.sha256)) conflicts with loaded batch \(batchID) of \(batchDate) (file \(sha256)): the same batch id or bytes from a different file; quarantine it and check with Concur which file is right"
        )
    }

    private func duplicateJournalKeys(
        batchKey: Int64,
        limit: Int,
        _ session: any SQLSession
    ) async throws -> [DuplicateJournalKey] {
        let rows = try await session.query(
            """
            SELECT n.journal_key, b.batch_id, n.sequence_number
            FROM \(dialect.journalRows) n
            JOIN \(dialect.journalRows) o ON o.journal_key = n.journal_key AND o.origin = 'extract' AND o.batch_key <> n.batch_key
            JOIN ledger_batches b ON b.batch_key = o.batch_key
            WHERE n.batch_key = $1 AND n.origin = 'extract' AND n.journal_key <> ''
              AND b.company = (SELECT company FROM ledger_batches WHERE batch_key = $1)
            ORDER BY n.sequence_number, b.batch_id LIMIT $2
            """,
            [.integer(batchKey), .integer(Int64(max(1, limit)))]
        )
        return try rows.map { row in
            DuplicateJournalKey(
                journalKey: try row.text(0),
                existingBatchID: try row.text(1),
                sequenceNumber: try row.int(2)
            )
        }
    }

    // MARK: Batches

    private var batchColumns: String {
        """
        batch_id, \(dialect.dateText("batch_date")), sha256, file_name, header_record_count, header_total, company, job_id,
        line_count, loaded_at
        """
    }

    private static func loadedBatch(_ row: SQLRow) throws -> LoadedBatch {
        let dateText = try row.text(1)
        guard let date = try? CalendarDate(parsing: dateText) else {
            throw LedgerError(.databaseError, "a stored batch date is not YYYY-MM-DD: \(dateText)")
        }
        let batch = LedgerBatch(
            batchID: try row.text(0),
            batchDate: date,
            sha256: try row.text(2),
            fileName: try row.text(3),
            headerRecordCount: try row.int(4),
            headerTotal: Amount(tenThousandths: try row.integer(5)),
            company: try row.optionalText(6).flatMap { $0.isEmpty ? nil : $0 },
            jobID: try row.optionalText(7)
        )
        return LoadedBatch(batch: batch, lineCount: try row.int(8), loadedAt: try row.timestamp(9))
    }

    public func batch(id batchID: String, company: String?) async throws -> LoadedBatch? {
        try await engine.withTransaction { session in
            let rows = try await session.query(
                "SELECT \(batchColumns) FROM ledger_batches WHERE batch_id = $1 AND company = $2",
                [.text(batchID), .text(company ?? "")]
            )
            return try rows.first.map(Self.loadedBatch)
        }
    }

    public func batches() async throws -> [LoadedBatch] {
        try await engine.withTransaction { session in
            try await session.query("SELECT \(batchColumns) FROM ledger_batches ORDER BY batch_key").map(
                Self.loadedBatch
            )
        }
    }
}
