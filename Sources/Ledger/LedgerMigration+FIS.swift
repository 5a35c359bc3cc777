extension LedgerMigration {
    /// Version 8: the FIS posting confirmations and payment confirmations (issue 12).
    ///
    /// - `ledger_fis_confirmations`: one row per (company, FIS document id), written **before** the confirmation
    ///   is sent with its exact content (result, document number, fiscal year, posting date, system messages as
    ///   JSON), and updated with Concur's answer (`answered_at`, `answer_code`). A crash after sending re-sends the
    ///   recorded content; the content never changes once recorded.
    /// - `ledger_fis_payments`: one row per (company, document id, payment reference), the same way.
    static let fisConfirmations = LedgerMigration(
        version: 8,
        name: "FIS posting and payment confirmations",
        sqlite: fisStatements(timestamp: "INTEGER"),
        postgres: fisStatements(timestamp: "TIMESTAMPTZ")
    )

    private static func fisStatements(timestamp: String) -> [String] {
        [
            """
            CREATE TABLE ledger_fis_confirmations (
                company TEXT NOT NULL,
                doc_id TEXT NOT NULL,
                result TEXT NOT NULL CHECK (result IN ('success', 'error')),
                document_number TEXT,
                fiscal_year INTEGER,
                posting_date TEXT,
                messages TEXT NOT NULL,
                recorded_at \(timestamp) NOT NULL,
                answered_at \(timestamp),
                answer_code INTEGER,
                PRIMARY KEY (company, doc_id)
            )
            """,
            """
            CREATE TABLE ledger_fis_payments (
                company TEXT NOT NULL,
                doc_id TEXT NOT NULL,
                payment_ref TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('CP', 'PP', 'RE', 'OB')),
                clearing TEXT NOT NULL,
                recorded_at \(timestamp) NOT NULL,
                answered_at \(timestamp),
                answer_code INTEGER,
                PRIMARY KEY (company, doc_id, payment_ref)
            )
            """,
        ]
    }
}
