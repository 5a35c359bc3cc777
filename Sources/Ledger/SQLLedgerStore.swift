public import AccountingExtract
import Foundation

/// A ledger on a SQL database, the same logic on either backend: ``SQLiteLedgerStore`` (embedded, one file) and
/// ``PostgresLedgerStore`` (shared by several workers) are this store on ``SQLiteBackend`` and ``PostgresBackend``.
///
/// The backend holds the database specifics (connections, transactions, bulk writing of lines, dialect); this type
/// holds everything else once, so both behave the same. Open one with
/// ``SQLLedgerStore/open(path:clock:busyTimeout:)``, ``SQLLedgerStore/connect(url:clock:)`` or, from a
/// `--database` value, ``LedgerStores/open(_:clock:)``.
///
/// ```swift
/// let store: SQLLedgerStore<SQLiteBackend> = try await SQLiteLedgerStore.open(path: "ledger.sqlite")
/// try await store.migrate()
/// try await store.close()
/// ```
public final class SQLLedgerStore<Backend: SQLBackend>: LedgerStore {
    /// The database, typed: its own properties (the SQLite path, the PostgreSQL location).
    let backend: Backend
    /// The same database, through the module's internal SQL requirements.
    let engine: any SQLLedgerBackend

    init(backend: Backend) where Backend: SQLLedgerBackend {
        self.backend = backend
        self.engine = backend
    }

    var dialect: SQLDialect { engine.dialect }
    var now: Date { engine.clock.now }
    public var clock: any WallClock { engine.clock }

    public var description: String { engine.description }

    public func close() async throws { try await engine.close() }

    // MARK: Migrations

    @discardableResult
    public func migrate() async throws -> [Int] {
        var applied: [Int] = []
        // Every version not applied yet, lowest first, whatever else was applied before it.
        for migration in LedgerMigration.all.sorted(by: { $0.version < $1.version }) {
            let didApply: Bool
            do {
                didApply = try await engine.withTransaction { session in
                    try await prepareMigrationTable(session)
                    let rows = try await session.query(
                        "SELECT version FROM schema_migrations WHERE version = $1",
                        [.integer(Int64(migration.version))]
                    )
                    if !rows.isEmpty { return false }
                    for statement in migration.statements(for: dialect) { try await session.query(statement) }
                    try await migration.transform?(session)
                    try await session.query(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                        [.integer(Int64(migration.version)), .text(migration.name), .timestamp(now)]
                    )
                    return true
                }
            } catch let error as LedgerError where error.code != .databaseError {
                throw error
            } catch {
                throw LedgerError(
                    .migrationFailed,
                    "migration \(migration.version) (\(migration.name)) failed and was rolled back: \(error)"
                )
            }
            if didApply { applied.append(migration.version) }
        }
        let version = try await schemaVersion()
        if version > LedgerMigration.latestVersion {
            throw LedgerError(
                .schemaTooNew,
                "the database is at schema version \(version), this build knows up to \(LedgerMigration.latestVersion): upgrade concur-extract"
            )
        }
        return applied
    }

    private func prepareMigrationTable(_ session: any SQLSession) async throws {
        if dialect == .postgres {
            // One migrator at a time, across processes; released at the end of the transaction.
            try await session.query("SELECT pg_advisory_xact_lock(7405311001)")
        }
        let timestampType = dialect == .postgres ? "TIMESTAMPTZ" : "INTEGER"
        try await session.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at \(timestampType) NOT NULL)"
        )
    }

    /// Reads the version without writing: a database without `schema_migrations` is at version 0.
    public func schemaVersion() async throws -> Int {
        try await engine.withTransaction { session in
            let exists =
                dialect == .postgres
                ? "SELECT CAST(COUNT(*) AS BIGINT) FROM pg_tables WHERE tablename = 'schema_migrations' AND schemaname = current_schema()"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            guard try await session.query(exists).first?.int(0) ?? 0 > 0 else { return 0 }
            let rows = try await session.query(
                "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM schema_migrations"
            )
            return try rows.first?.int(0) ?? 0
        }
    }

    // MARK: Jobs

    @discardableResult
    public func recordJob(_ job: ExtractJobRecord) async throws -> Bool {
        try await engine.withTransaction { session in
            let rows = try await session.query(
                """
                INSERT INTO ledger_extract_jobs (company, job_id, definition_id, status, started_at, updated_at, posted_at,
                    job_url, state, note)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (company, job_id) DO NOTHING RETURNING job_id
                """,
                [
                    .text(job.company), .text(job.jobID), .text(job.definitionID), .text(job.status),
                    .timestamp(job.startedAt), .timestamp(job.updatedAt), .optionalTimestamp(job.postedAt),
                    .optionalText(job.url), .text(job.state.rawValue), .optionalText(job.note),
                ]
            )
            return !rows.isEmpty
        }
    }

    public func updateJob(
        company: String,
        jobID: String,
        state: PipelineState,
        status: String?,
        url: String?
    ) async throws {
        try await engine.withTransaction { session in
            let rows = try await session.query(
                """
                UPDATE ledger_extract_jobs
                SET state = $3, status = COALESCE($4, status), updated_at = $5, job_url = COALESCE($6, job_url)
                WHERE company = $1 AND job_id = $2 RETURNING job_id
                """,
                [
                    .text(company), .text(jobID), .text(state.rawValue), .optionalText(status), .timestamp(now),
                    .optionalText(url),
                ]
            )
            if rows.isEmpty { throw Self.unknownJob(company, jobID) }
        }
    }

    public func transitionJob(
        company: String,
        jobID: String,
        from: Set<PipelineState>,
        to state: PipelineState,
        note: String?
    ) async throws -> Bool {
        guard !from.isEmpty else { return false }
        return try await engine.withTransaction { session in
            let placeholders = (0..<from.count).map { "$\($0 + 6)" }.joined(separator: ", ")
            let rows = try await session.query(
                """
                UPDATE ledger_extract_jobs SET state = $3, note = COALESCE($4, note), updated_at = $5
                WHERE company = $1 AND job_id = $2 AND state IN (\(placeholders)) RETURNING job_id
                """,
                [.text(company), .text(jobID), .text(state.rawValue), .optionalText(note), .timestamp(now)]
                    + from.map(\.rawValue).sorted().map { .text($0) }
            )
            return !rows.isEmpty
        }
    }

    public func markJobPosted(company: String, jobID: String) async throws {
        try await engine.withTransaction { session in
            let rows = try await session.query(
                """
                UPDATE ledger_extract_jobs SET posted_at = COALESCE(posted_at, $3), updated_at = $3, state = $4
                WHERE company = $1 AND job_id = $2 RETURNING job_id
                """,
                [.text(company), .text(jobID), .timestamp(now), .text(PipelineState.posted.rawValue)]
            )
            if rows.isEmpty { throw Self.unknownJob(company, jobID) }
        }
    }

    // MARK: Start intents

    public func recordIntent(_ intent: StartIntent) async throws {
        try await engine.withTransaction { session in
            _ = try await session.query(
                """
                INSERT INTO ledger_start_intents (company, intent_id, definition_id, state, recorded_at, last_sent_at,
                    job_id, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                [
                    .text(intent.company), .text(intent.intentID), .text(intent.definitionID),
                    .text(intent.state.rawValue), .timestamp(intent.recordedAt), .optionalTimestamp(intent.lastSentAt),
                    .optionalText(intent.jobID), .timestamp(intent.recordedAt),
                ]
            )
        }
    }

    public func transitionIntent(
        company: String,
        intentID: String,
        from: Set<PipelineState>,
        to state: PipelineState,
        jobID: String?
    ) async throws -> Bool {
        guard !from.isEmpty else { return false }
        let time = now
        return try await engine.withTransaction { session in
            let placeholders = (0..<from.count).map { "$\($0 + 7)" }.joined(separator: ", ")
            // The time of a send is the last send: what bounds when the intent's job can have started.
            let rows = try await session.query(
                """
                UPDATE ledger_start_intents
                SET state = $3, updated_at = $4, job_id = COALESCE($5, job_id),
                    last_sent_at = COALESCE($6, last_sent_at)
                WHERE company = $1 AND intent_id = $2 AND state IN (\(placeholders)) RETURNING intent_id
                """,
                [
                    .text(company), .text(intentID), .text(state.rawValue), .timestamp(time), .optionalText(jobID),
                    .optionalTimestamp(state == .intentSending ? time : nil),
                ] + from.map(\.rawValue).sorted().map { .text($0) }
            )
            return !rows.isEmpty
        }
    }

    public func intents(company: String, openOnly: Bool) async throws -> [StartIntent] {
        try await engine.withTransaction { session in
            let open = [PipelineState.intentRecorded, .intentSending].map { "'\($0.rawValue)'" }.joined(separator: ", ")
            let rows = try await session.query(
                """
                SELECT company, intent_id, definition_id, state, recorded_at, last_sent_at, job_id
                FROM ledger_start_intents WHERE company = $1\(openOnly ? " AND state IN (\(open))" : "")
                ORDER BY recorded_at, intent_id
                """,
                [.text(company)]
            )
            return try rows.map { row in
                StartIntent(
                    company: try row.text(0),
                    definitionID: try row.text(2),
                    intentID: try row.text(1),
                    // A state this build does not know is read as a closed intent: never adopts a job.
                    state: PipelineState(rawValue: try row.text(3)).flatMap { $0.isIntent ? $0 : nil } ?? .ambiguous,
                    recordedAt: try row.timestamp(4),
                    lastSentAt: try row.optionalTimestamp(5),
                    jobID: try row.optionalText(6)
                )
            }
        }
    }

    private static func unknownJob(_ company: String, _ jobID: String) -> LedgerError {
        LedgerError(
            .unknownJob,
            "no extract job \(jobID) of company \(company) is recorded: record it with recordJob before polling"
        )
    }

    private static var jobColumns: String {
        "company, job_id, definition_id, status, started_at, updated_at, posted_at, job_url, state, note"
    }

    private static func job(_ row: SQLRow) throws -> ExtractJobRecord {
        ExtractJobRecord(
            company: try row.text(0),
            definitionID: try row.text(2),
            jobID: try row.text(1),
            status: try row.text(3),
            startedAt: try row.timestamp(4),
            updatedAt: try row.timestamp(5),
            postedAt: try row.optionalTimestamp(6),
            url: try row.optionalText(7),
            // A state this build does not know is treated as the safest one: never posted silently.
            state: PipelineState(rawValue: try row.text(8)).flatMap { $0.isIntent ? nil : $0 } ?? .foreign,
            note: try row.optionalText(9)
        )
    }

    public func job(company: String, jobID: String) async throws -> ExtractJobRecord? {
        try await engine.withTransaction { session in
            let rows = try await session.query(
                "SELECT \(Self.jobColumns) FROM ledger_extract_jobs WHERE company = $1 AND job_id = $2",
                [.text(company), .text(jobID)]
            )
            return try rows.first.map(Self.job)
        }
    }

    public func jobs(company: String?, includePosted: Bool) async throws -> [ExtractJobRecord] {
        try await engine.withTransaction { session in
            var conditions: [String] = []
            var binds: [SQLValue] = []
            if let company {
                binds.append(.text(company))
                conditions.append("company = $\(binds.count)")
            }
            if !includePosted { conditions.append("posted_at IS NULL") }
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let rows = try await session.query(
                "SELECT \(Self.jobColumns) FROM ledger_extract_jobs\(filter) ORDER BY started_at, company, job_id",
                binds
            )
            return try rows.map(Self.job)
        }
    }

    // MARK: Raw files

    @discardableResult
    public func recordRawFile(_ file: ArchivedFile) async throws -> Bool {
        try await engine.withTransaction { session in
            let rows = try await session.query(
                """
                INSERT INTO ledger_raw_files (sha256, size_bytes, archive_path, original_name, received_at, company, job_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING RETURNING sha256
                """,
                [
                    .text(file.sha256), .integer(file.size), .text(file.archivePath), .text(file.originalName),
                    .timestamp(file.receivedAt), .optionalText(file.company), .optionalText(file.jobID),
                ]
            )
            // The archive is global; each company's (and job's) receipt of the file is recorded on its own.
            try await session.query(
                """
                INSERT INTO ledger_raw_file_uses (sha256, company, job_id, original_name, received_at)
                VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256, company, job_id) DO NOTHING
                """,
                [
                    .text(file.sha256), .text(file.company ?? ""), .text(file.jobID ?? ""), .text(file.originalName),
                    .timestamp(file.receivedAt),
                ]
            )
            return !rows.isEmpty
        }
    }

    public func rawFileUses(sha256: String) async throws -> [ArchivedFile] {
        try await engine.withTransaction { session in
            let rows = try await session.query(
                """
                SELECT f.sha256, f.size_bytes, f.archive_path, u.original_name, u.received_at, u.company, u.job_id
                FROM ledger_raw_file_uses u JOIN ledger_raw_files f ON f.sha256 = u.sha256
                WHERE u.sha256 = $1 ORDER BY u.received_at, u.company, u.job_id
                """,
                [.text(sha256)]
            )
            return try rows.map(Self.archivedFile)
        }
    }

    public func rawFile(sha256: String) async throws -> ArchivedFile? {
        try await engine.withTransaction { session in
            let rows = try await session.query(
                """
                SELECT sha256, size_bytes, archive_path, original_name, received_at, company, job_id
                FROM ledger_raw_files WHERE sha256 = $1
                """,
                [.text(sha256)]
            )
            return try rows.first.map(Self.archivedFile)
        }
    }

    /// An archived file from a row of `sha256, size_bytes, archive_path, original_name, received_at, company,
    /// job_id`. No company or job is `nil` whether stored as NULL (`ledger_raw_files`) or as the empty string
    /// (`ledger_raw_file_uses`, whose key needs a value): "" is never a real company or job.
    private static func archivedFile(_ row: SQLRow) throws -> ArchivedFile {
        ArchivedFile(
            sha256: try row.text(0),
            size: try row.integer(1),
            archivePath: try row.text(2),
            originalName: try row.text(3),
            receivedAt: try row.timestamp(4),
            company: try row.optionalText(5).flatMap { $0.isEmpty ? nil : $0 },
            jobID: try row.optionalText(6).flatMap { $0.isEmpty ? nil : $0 }
        )
    }
}
