extension LedgerMigration {
    /// Version 7: the pipeline's state in a column of its own, and intents out of the job table.
    ///
    /// Until now a job's progress was read from its status word (`Quarantined`, `Failed`, posted or not) and its
    /// `ownership`, and an intent to start a job was a row of `ledger_extract_jobs` whose job id began with
    /// `intent:` and whose status was `Starting`, `Sending`, `Superseded`, `Abandoned` or `Ambiguous`. Now:
    ///
    /// - `ledger_extract_jobs.state` holds the job's ``PipelineState`` (`started` … `posted`, `failed`,
    ///   `quarantined`, `foreign`, `dismissed`), derived for existing rows from `posted_at`, `ownership` and the
    ///   status; the `ownership` column goes (it is read from the state);
    /// - `ledger_start_intents` holds the intents (id without the prefix, state, recorded time, last send), moved
    ///   from the job table.
    static let pipelineState = LedgerMigration(
        version: 7,
        name: "pipeline state and start intents",
        sqlite: statements(timestamp: "INTEGER"),
        postgres: statements(timestamp: "TIMESTAMPTZ")
    )

    private static func statements(timestamp: String) -> [String] {
        [
            """
            CREATE TABLE ledger_start_intents (
                company TEXT NOT NULL,
                intent_id TEXT NOT NULL,
                definition_id TEXT NOT NULL,
                state TEXT NOT NULL,
                recorded_at \(timestamp) NOT NULL,
                last_sent_at \(timestamp),
                job_id TEXT,
                updated_at \(timestamp) NOT NULL,
                PRIMARY KEY (company, intent_id)
            )
            """,
            """
            INSERT INTO ledger_start_intents (company, intent_id, definition_id, state, recorded_at, last_sent_at,
                job_id, updated_at)
            SELECT company, substr(job_id, 8), definition_id,
                CASE status
                    WHEN 'Starting' THEN 'intent-recorded' WHEN 'Sending' THEN 'intent-sending'
                    WHEN 'Superseded' THEN 'superseded' WHEN 'Abandoned' THEN 'abandoned' ELSE 'ambiguous' END,
                started_at, CASE WHEN status = 'Sending' THEN updated_at ELSE NULL END, NULL, updated_at
            FROM ledger_extract_jobs WHERE job_id LIKE 'intent:%'
            """,
            "DELETE FROM ledger_extract_jobs WHERE job_id LIKE 'intent:%'",
            "ALTER TABLE ledger_extract_jobs ADD COLUMN state TEXT NOT NULL DEFAULT 'started'",
            """
            UPDATE ledger_extract_jobs SET state = CASE
                WHEN posted_at IS NOT NULL THEN 'posted'
                WHEN ownership = 'foreign' THEN 'foreign'
                WHEN ownership = 'dismissed' THEN 'dismissed'
                WHEN status = 'Failed' THEN 'failed'
                WHEN status = 'Quarantined' THEN 'quarantined'
                WHEN status = 'Completed' THEN 'completed'
                ELSE 'started' END
            """,
            "ALTER TABLE ledger_extract_jobs DROP COLUMN ownership",
        ]
    }
}
