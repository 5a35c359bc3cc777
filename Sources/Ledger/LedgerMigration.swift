/// One numbered change of the ledger schema, applied once, in its own transaction, and recorded in
/// `schema_migrations`.
///
/// ```swift
/// let applied = try await store.migrate()   // e.g. [1, 2] on a new database, [] afterwards
/// ```
public struct LedgerMigration: Sendable, Hashable {
    public let version: Int
    public let name: String
    let sqlite: [String]
    let postgres: [String]
    /// Work on the rows that SQL alone does not express well, run after the statements in the same transaction.
    let transform: (@Sendable (any SQLSession) async throws -> Void)?

    init(
        version: Int,
        name: String,
        sqlite: [String],
        postgres: [String],
        transform: (@Sendable (any SQLSession) async throws -> Void)? = nil
    ) {
        self.version = version
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
        self.transform = transform
    }

    public static func == (lhs: LedgerMigration, rhs: LedgerMigration) -> Bool {
        lhs.version == rhs.version && lhs.name == rhs.name
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(version)
        hasher.combine(name)
    }

    func statements(for dialect: SQLDialect) -> [String] {
        dialect == .postgres ? postgres : sqlite
    }

    /// Every migration this build knows, in order. The runner applies each version not applied yet, lowest first,
    /// so versions added on different branches (4, 5, 6) apply whatever order they landed in.
    public static let all: [LedgerMigration] = [core, leases, pairedLines, hostFreeJobs]

    /// The newest schema version this build knows.
    public static var latestVersion: Int { all.map(\.version).max() ?? 0 }

    /// Batches, journal lines, extract jobs, the raw-file manifest and quarantine.
    ///
    /// Journal lines carry their batch's `batch_key` without a foreign key: the load writes the batch row and its
    /// lines in one transaction, and a per-row foreign-key check (a trigger on PostgreSQL) would cost more than a
    /// third of the load's time.
    static let core = LedgerMigration(
        version: 1,
        name: "core ledger",
        sqlite: [
            """
            CREATE TABLE ledger_extract_jobs (
                company TEXT NOT NULL,
                job_id TEXT NOT NULL,
                definition_id TEXT NOT NULL,
                status TEXT NOT NULL,
                started_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                posted_at INTEGER,
                PRIMARY KEY (company, job_id)
            )
            """,
            """
            CREATE TABLE ledger_raw_files (
                sha256 TEXT PRIMARY KEY,
                size_bytes INTEGER NOT NULL,
                archive_path TEXT NOT NULL,
                original_name TEXT NOT NULL,
                received_at INTEGER NOT NULL,
                company TEXT,
                job_id TEXT
            )
            """,
            """
            CREATE TABLE ledger_batches (
                batch_key INTEGER PRIMARY KEY,
                batch_id TEXT NOT NULL,
                batch_date TEXT NOT NULL,
                sha256 TEXT NOT NULL UNIQUE,
                file_name TEXT NOT NULL,
                header_record_count INTEGER NOT NULL,
                header_total INTEGER NOT NULL,
                company TEXT NOT NULL DEFAULT '',
                job_id TEXT,
                line_count INTEGER NOT NULL DEFAULT 0,
                loaded_at INTEGER NOT NULL,
                UNIQUE (company, batch_id)
            )
            """,
            """
            CREATE TABLE ledger_journal_lines (
                batch_key INTEGER NOT NULL,
                sequence_number INTEGER NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('extract', 'offset')),
                posting_date TEXT NOT NULL,
                account TEXT NOT NULL,
                debit INTEGER NOT NULL CHECK (debit >= 0),
                credit INTEGER NOT NULL CHECK (credit >= 0),
                currency TEXT NOT NULL,
                employee_id TEXT NOT NULL,
                employee_name TEXT NOT NULL,
                report_id TEXT NOT NULL,
                report_name TEXT NOT NULL,
                description TEXT NOT NULL,
                cost_object TEXT NOT NULL,
                journal_key TEXT NOT NULL,
                PRIMARY KEY (batch_key, sequence_number, origin)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX ledger_journal_lines_key ON ledger_journal_lines (journal_key) WHERE origin = 'extract'",
            """
            CREATE TABLE ledger_quarantine (
                quarantine_key INTEGER PRIMARY KEY,
                sha256 TEXT NOT NULL,
                file_name TEXT NOT NULL,
                code TEXT NOT NULL,
                reason TEXT NOT NULL,
                batch_id TEXT,
                quarantined_at INTEGER NOT NULL,
                UNIQUE (sha256, code)
            )
            """,
        ],
        postgres: [
            """
            CREATE TABLE ledger_extract_jobs (
                company TEXT NOT NULL,
                job_id TEXT NOT NULL,
                definition_id TEXT NOT NULL,
                status TEXT NOT NULL,
                started_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL,
                posted_at TIMESTAMPTZ,
                PRIMARY KEY (company, job_id)
            )
            """,
            """
            CREATE TABLE ledger_raw_files (
                sha256 TEXT PRIMARY KEY,
                size_bytes BIGINT NOT NULL,
                archive_path TEXT NOT NULL,
                original_name TEXT NOT NULL,
                received_at TIMESTAMPTZ NOT NULL,
                company TEXT,
                job_id TEXT
            )
            """,
            """
            CREATE TABLE ledger_batches (
                batch_key BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                batch_id TEXT NOT NULL,
                batch_date DATE NOT NULL,
                sha256 TEXT NOT NULL UNIQUE,
                file_name TEXT NOT NULL,
                header_record_count BIGINT NOT NULL,
                header_total BIGINT NOT NULL,
                company TEXT NOT NULL DEFAULT '',
                job_id TEXT,
                line_count BIGINT NOT NULL DEFAULT 0,
                loaded_at TIMESTAMPTZ NOT NULL,
                UNIQUE (company, batch_id)
            )
            """,
            """
            CREATE TABLE ledger_journal_lines (
                batch_key BIGINT NOT NULL,
                sequence_number BIGINT NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('extract', 'offset')),
                posting_date DATE NOT NULL,
                account TEXT NOT NULL,
                debit BIGINT NOT NULL CHECK (debit >= 0),
                credit BIGINT NOT NULL CHECK (credit >= 0),
                currency TEXT NOT NULL,
                employee_id TEXT NOT NULL,
                employee_name TEXT NOT NULL,
                report_id TEXT NOT NULL,
                report_name TEXT NOT NULL,
                description TEXT NOT NULL,
                cost_object TEXT NOT NULL,
                journal_key TEXT NOT NULL,
                PRIMARY KEY (batch_key, sequence_number, origin)
            )
            """,
            "CREATE INDEX ledger_journal_lines_key ON ledger_journal_lines (journal_key) WHERE origin = 'extract'",
            """
            CREATE TABLE ledger_quarantine (
                quarantine_key BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                sha256 TEXT NOT NULL,
                file_name TEXT NOT NULL,
                code TEXT NOT NULL,
                reason TEXT NOT NULL,
                batch_id TEXT,
                quarantined_at TIMESTAMPTZ NOT NULL,
                UNIQUE (sha256, code)
            )
            """,
        ]
    )

    /// Run leases, for several workers sharing one database.
    static let leases = LedgerMigration(
        version: 2,
        name: "run leases",
        sqlite: [
            """
            CREATE TABLE ledger_leases (
                company TEXT PRIMARY KEY,
                worker TEXT NOT NULL,
                token INTEGER NOT NULL,
                acquired_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            )
            """
        ],
        postgres: [
            """
            CREATE TABLE ledger_leases (
                company TEXT PRIMARY KEY,
                worker TEXT NOT NULL,
                token BIGINT NOT NULL,
                acquired_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL
            )
            """
        ]
    )

    /// SQLite only: an extract line and its offset line share one row.
    ///
    /// The offset of a DETAIL line repeats 11 of its extract line's 15 values, so SQLite stores the pair once, in
    /// `ledger_journal_rows`, with the offset's account in `offset_account` (its debit and credit are the extract
    /// line's, swapped). That halves the rows and bytes a load writes. The view `ledger_journal_lines` gives back
    /// every line, so every query reads the same lines on both databases. Lines that are not such a pair are
    /// stored one to a row, as before; existing lines are moved as they are. PostgreSQL keeps one line a row.
    static let pairedLines = LedgerMigration(
        version: 3,
        name: "paired journal rows",
        sqlite: [
            """
            CREATE TABLE ledger_journal_rows (
                batch_key INTEGER NOT NULL,
                sequence_number INTEGER NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('extract', 'offset')),
                posting_date TEXT NOT NULL,
                account TEXT NOT NULL,
                offset_account TEXT CHECK (offset_account IS NULL OR origin = 'extract'),
                debit INTEGER NOT NULL CHECK (debit >= 0),
                credit INTEGER NOT NULL CHECK (credit >= 0),
                currency TEXT NOT NULL,
                employee_id TEXT NOT NULL,
                employee_name TEXT NOT NULL,
                report_id TEXT NOT NULL,
                report_name TEXT NOT NULL,
                description TEXT NOT NULL,
                cost_object TEXT NOT NULL,
                journal_key TEXT NOT NULL,
                PRIMARY KEY (batch_key, sequence_number, origin)
            ) WITHOUT ROWID
            """,
            """
            INSERT INTO ledger_journal_rows (batch_key, sequence_number, origin, posting_date, account, debit, credit,
                currency, employee_id, employee_name, report_id, report_name, description, cost_object, journal_key)
            SELECT batch_key, sequence_number, origin, posting_date, account, debit, credit, currency, employee_id,
                employee_name, report_id, report_name, description, cost_object, journal_key
            FROM ledger_journal_lines
            """,
            "DROP TABLE ledger_journal_lines",
            "CREATE INDEX ledger_journal_rows_key ON ledger_journal_rows (journal_key) WHERE origin = 'extract'",
            """
            CREATE VIEW ledger_journal_lines AS
            SELECT batch_key, sequence_number, origin, posting_date, account, debit, credit, currency, employee_id,
                employee_name, report_id, report_name, description, cost_object, journal_key
            FROM ledger_journal_rows
            UNION ALL
            SELECT batch_key, sequence_number, 'offset', posting_date, offset_account, credit, debit, currency,
                employee_id, employee_name, report_id, report_name, description, cost_object, journal_key
            FROM ledger_journal_rows WHERE offset_account IS NOT NULL
            """,
        ],
        postgres: []
    )
}
