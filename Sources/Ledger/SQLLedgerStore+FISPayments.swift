import Foundation

extension SQLLedgerStore {
    private static var paymentColumns: String {
        "company, doc_id, payment_ref, status, clearing, recorded_at, answered_at, answer_code"
    }

    public func recordFISPayment(_ record: FISPaymentRecord) async throws -> FISPaymentRecord {
        try await engine.withTransaction { session in
            let existing = try await Self.payments(session, company: record.company, docId: record.docId)
            if let stored = existing.first(where: { $0.paymentRef == record.paymentRef }) {
                guard stored.hasSameContent(as: record) else {
                    throw LedgerError(
                        .confirmationConflict,
                        "payment \(record.paymentRef) of document \(record.docId) (company \(record.company)) is already recorded as \(stored.status) with other clearing details than the \(record.status) asked for: the recorded one is what Concur gets; give a new payment reference for a new payment"
                    )
                }
                return stored
            }
            if !record.allowsSeveral,
                let other = existing.first(where: { $0.status == record.status && $0.paymentRef != record.paymentRef })
            {
                throw LedgerError(
                    .confirmationConflict,
                    "document \(record.docId) (company \(record.company)) already has a \(other.status) payment confirmation (reference \(other.paymentRef)); a second \(record.status) under reference \(record.paymentRef) is refused: nothing was recorded or sent"
                )
            }
            try await session.query(
                """
                INSERT INTO ledger_fis_payments (company, doc_id, payment_ref, status, clearing, recorded_at)
                VALUES ($1, $2, $3, $4, $5, $6)
                """,
                [
                    .text(record.company), .text(record.docId), .text(record.paymentRef), .text(record.status),
                    .text(record.clearingJSON), .timestamp(record.recordedAt),
                ]
            )
            guard
                let stored = try await Self.payments(session, company: record.company, docId: record.docId)
                    .first(where: { $0.paymentRef == record.paymentRef })
            else {
                throw LedgerError(
                    .databaseError,
                    "the payment \(record.paymentRef) of document \(record.docId) was not stored"
                )
            }
            return stored
        }
    }

    public func answerFISPayment(company: String, docId: String, paymentRef: String, code: Int) async throws {
        let changed = try await engine.withTransaction { session in
            try await session.query(
                """
                UPDATE ledger_fis_payments SET answered_at = $4, answer_code = $5
                WHERE company = $1 AND doc_id = $2 AND payment_ref = $3 RETURNING doc_id
                """,
                [.text(company), .text(docId), .text(paymentRef), .timestamp(now), .integer(Int64(code))]
            )
        }
        guard !changed.isEmpty else {
            throw LedgerError(
                .unknownJob,
                "no payment confirmation \(paymentRef) of document \(docId) (company \(company)) is recorded: record it before sending"
            )
        }
    }

    public func fisPayments(company: String, docId: String) async throws -> [FISPaymentRecord] {
        try await engine.withTransaction { session in try await Self.payments(session, company: company, docId: docId) }
    }

    private static func payments(
        _ session: any SQLSession,
        company: String,
        docId: String
    ) async throws -> [FISPaymentRecord] {
        let rows = try await session.query(
            """
            SELECT \(paymentColumns) FROM ledger_fis_payments WHERE company = $1 AND doc_id = $2
            ORDER BY recorded_at, payment_ref
            """,
            [.text(company), .text(docId)]
        )
        return try rows.map { row throws(LedgerError) in
            FISPaymentRecord(
                company: try row.text(0),
                docId: try row.text(1),
                paymentRef: try row.text(2),
                status: try row.text(3),
                clearingJSON: try row.text(4),
                recordedAt: try row.timestamp(5),
                answeredAt: try row.optionalTimestamp(6),
                answerCode: try row.optionalText(7).flatMap { Int($0) }
            )
        }
    }
}
