import AccountingExtract
import Foundation

extension SQLLedgerStore {
    private static var confirmationColumns: String {
        """
        company, doc_id, result, document_number, fiscal_year, posting_date, messages, recorded_at, answered_at,
        answer_code
        """
    }

    public func recordFISConfirmation(_ record: FISConfirmationRecord) async throws -> FISConfirmationRecord {
        try await engine.withTransaction { session in
            try await session.query(
                """
                INSERT INTO ledger_fis_confirmations (company, doc_id, result, document_number, fiscal_year,
                    posting_date, messages, recorded_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (company, doc_id) DO NOTHING
                """,
                [
                    .text(record.company), .text(record.docId), .text(record.result.rawValue),
                    .optionalText(record.documentNumber), record.fiscalYear.map { .integer(Int64($0)) } ?? .null,
                    .optionalText(record.postingDate?.description), .text(record.messagesJSON),
                    .timestamp(record.recordedAt),
                ]
            )
            guard let stored = try await Self.confirmation(session, company: record.company, docId: record.docId)
            else {
                throw LedgerError(.databaseError, "the confirmation of document \(record.docId) was not stored")
            }
            guard stored.hasSameContent(as: record) else {
                throw LedgerError(
                    .confirmationConflict,
                    "document \(record.docId) of company \(record.company) already has a recorded \(stored.result.rawValue) confirmation (document number \(stored.documentNumber ?? "none")) that differs from the \(record.result.rawValue) one asked for: the recorded one is what Concur gets; nothing was changed"
                )
            }
            return stored
        }
    }

    public func answerFISConfirmation(company: String, docId: String, code: Int) async throws {
        let changed = try await engine.withTransaction { session in
            try await session.query(
                """
                UPDATE ledger_fis_confirmations SET answered_at = $3, answer_code = $4
                WHERE company = $1 AND doc_id = $2 RETURNING doc_id
                """,
                [.text(company), .text(docId), .timestamp(now), .integer(Int64(code))]
            )
        }
        guard !changed.isEmpty else {
            throw LedgerError(
                .unknownJob,
                "no posting confirmation of document \(docId) (company \(company)) is recorded: record it before sending"
            )
        }
    }

    public func fisConfirmation(company: String, docId: String) async throws -> FISConfirmationRecord? {
        try await engine.withTransaction { session in
            try await Self.confirmation(session, company: company, docId: docId)
        }
    }

    public func fisPostingReference(company: String, docId: String) async throws -> FISPostingReference? {
        try await engine.withTransaction { session in
            let rows = try await session.query(
                "SELECT batch_key, \(dialect.dateText("batch_date")) FROM ledger_batches WHERE company = $1 AND batch_id = $2",
                [.text(company), .text(FISJournalBuilder.batchID(docId: docId))]
            )
            guard let row = rows.first else { return nil }
            let text = try row.text(1)
            guard let date = try? CalendarDate(parsing: text) else {
                throw LedgerError(.databaseError, "a stored batch date is not YYYY-MM-DD: \(text)")
            }
            return FISPostingReference(
                documentNumber: "CE-\(try row.integer(0))",
                fiscalYear: date.year,
                postingDate: date
            )
        }
    }

    private static func confirmation(
        _ session: any SQLSession,
        company: String,
        docId: String
    ) async throws -> FISConfirmationRecord? {
        let rows = try await session.query(
            "SELECT \(confirmationColumns) FROM ledger_fis_confirmations WHERE company = $1 AND doc_id = $2",
            [.text(company), .text(docId)]
        )
        guard let row = rows.first else { return nil }
        let resultText = try row.text(2)
        guard let result = FISConfirmationRecord.Result(rawValue: resultText) else {
            throw LedgerError(
                .databaseError,
                "a stored confirmation result is neither success nor error: \(resultText)"
            )
        }
        let dateText = try row.optionalText(5)
        return FISConfirmationRecord(
            company: try row.text(0),
            docId: try row.text(1),
            result: result,
            documentNumber: try row.optionalText(3),
            fiscalYear: try row.optionalText(4).flatMap { Int($0) },
            postingDate: try dateText.map { text throws(LedgerError) in
                guard let date = try? CalendarDate(parsing: text) else {
                    throw LedgerError(.databaseError, "a stored posting date is not YYYY-MM-DD: \(text)")
                }
                return date
            },
            messagesJSON: try row.text(6),
            recordedAt: try row.timestamp(7),
            answeredAt: try row.optionalTimestamp(8),
            answerCode: try row.optionalText(9).flatMap { Int($0) }
        )
    }
}
