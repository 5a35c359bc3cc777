import Foundation

extension LedgerMigration {
    /// Version 6: a job is identified by (company, definition id, Concur's job id), whatever host Concur was
    /// reached under, and the ledger records whose job it is.
    ///
    /// Until now `job_id` and `definition_id` held the full URLs (`https://host/…/v1.0/{DefinitionID}/job/{JobID}`),
    /// so a rerun under another host name (a data-center move, `localhost` for `127.0.0.1`, a new port) no longer
    /// found its job. This keeps the ids only (the last path segment, percent-decoded), keeps the job's URL in
    /// `job_url` for information, and adds `ownership` (`owned`, `foreign`, `dismissed`; existing rows are this
    /// ledger's own) and `note`. Where one job was recorded under two host names, the row that got further is kept
    /// (posted first, then the most recently updated). The job ids that batches and raw files name are rewritten the
    /// same way.
    static let hostFreeJobs = LedgerMigration(
        version: 6,
        name: "host-free job identity and ownership",
        sqlite: addedColumns,
        postgres: addedColumns,
        transform: { session in try await rewriteJobIDs(session) }
    )

    private static let addedColumns = [
        "ALTER TABLE ledger_extract_jobs ADD COLUMN job_url TEXT",
        "ALTER TABLE ledger_extract_jobs ADD COLUMN ownership TEXT NOT NULL DEFAULT 'owned'",
        "ALTER TABLE ledger_extract_jobs ADD COLUMN note TEXT",
    ]

    /// The id in a definition or job URL: its last path segment, percent-decoded. Text that is not a URL (an id
    /// already, or an `intent:` mark) is returned as it is.
    ///
    /// ```swift
    /// LedgerMigration.concurID(fromURL: "https://h/api/expense/extract/v1.0/nYo%24P/job/uIo8")   // "uIo8"
    /// ```
    static func concurID(fromURL text: String) -> String {
        guard text.contains("/") else { return text }
        var path = Substring(URLComponents(string: text)?.percentEncodedPath ?? text)
        while path.hasSuffix("/") { path.removeLast() }
        guard let last = path.split(separator: "/").last else { return text }
        return String(last).removingPercentEncoding ?? String(last)
    }

    private static func rewriteJobIDs(_ session: any SQLSession) async throws {
        let rows = try await session.query(
            """
            SELECT company, job_id, definition_id, CASE WHEN posted_at IS NULL THEN 0 ELSE 1 END, updated_at
            FROM ledger_extract_jobs
            """
        )
        struct Row {
            var company: String
            var jobID: String
            var definitionID: String
            var posted: Bool
            var updatedAt: Date
        }
        let all = try rows.map {
            Row(
                company: try $0.text(0),
                jobID: try $0.text(1),
                definitionID: try $0.text(2),
                posted: try $0.integer(3) == 1,
                updatedAt: try $0.timestamp(4)
            )
        }
        let groups = Dictionary(grouping: all) { [$0.company, concurID(fromURL: $0.jobID)] }
        for (key, group) in groups {
            let newID = key[1]
            let ordered = group.sorted {
                $0.posted != $1.posted ? $0.posted : $0.updatedAt > $1.updatedAt
            }
            guard let kept = ordered.first else { continue }
            for dropped in ordered.dropFirst() {
                try await session.query(
                    "DELETE FROM ledger_extract_jobs WHERE company = $1 AND job_id = $2",
                    [.text(dropped.company), .text(dropped.jobID)]
                )
            }
            let newDefinition = concurID(fromURL: kept.definitionID)
            guard newID != kept.jobID || newDefinition != kept.definitionID else { continue }
            try await session.query(
                """
                UPDATE ledger_extract_jobs SET job_id = $3, definition_id = $4, job_url = COALESCE($5, job_url)
                WHERE company = $1 AND job_id = $2
                """,
                [
                    .text(kept.company), .text(kept.jobID), .text(newID), .text(newDefinition),
                    .optionalText(kept.jobID.contains("/") ? kept.jobID : nil),
                ]
            )
        }
        for table in ["ledger_batches", "ledger_raw_files"] {
            let named = try await session.query("SELECT DISTINCT job_id FROM \(table) WHERE job_id LIKE '%/%'")
            for row in named {
                let old = try row.text(0)
                try await session.query(
                    "UPDATE \(table) SET job_id = $2 WHERE job_id = $1",
                    [.text(old), .text(concurID(fromURL: old))]
                )
            }
        }
    }
}
