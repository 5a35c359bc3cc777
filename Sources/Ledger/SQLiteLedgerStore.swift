public import AccountingExtract
import EmbeddedSQLite
import Foundation

/// The embedded ledger: one SQLite file (WAL mode, full sync on commit, foreign keys on).
///
/// All work of one store goes through one connection, one transaction at a time; several stores (or processes)
/// on the same file take SQLite's write lock in turn (`BEGIN IMMEDIATE`, waiting up to the busy timeout).
///
/// ```swift
/// let store = try await SQLiteLedgerStore.open(path: "/var/lib/concur-extract/ledger.sqlite")
/// try await store.migrate()
/// defer { Task { try await store.close() } }
/// ```
public final class SQLiteLedgerStore: LedgerStore {
    /// The database file.
    public let path: String
    let backend: SQLiteBackend
    var core: SQLLedgerCore<SQLiteBackend> { SQLLedgerCore(backend: backend) }

    private init(path: String, backend: SQLiteBackend) {
        self.path = path
        self.backend = backend
    }

    /// Opens (creating when needed, mode `0600` in a `0700` directory) the database file and its directory, and
    /// sets WAL mode.
    /// Call ``migrate()`` before use.
    public static func open(
        path: String,
        clock: LedgerClock = .system,
        busyTimeout: Duration = .seconds(60)
    ) async throws -> SQLiteLedgerStore {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty { try PrivateFiles.createDirectory(directory) }
            // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database's mode.
            if path != ":memory:" { try PrivateFiles.ensureFile(path) }
        } catch {
            throw LedgerError(.connectionFailed, "cannot create the SQLite database: \(error)")
        }
        // A queue of its own: a connection waiting for another's write lock blocks only itself.
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(path: path, busyTimeout: busyTimeout)
        } catch {
            throw LedgerError(.connectionFailed, "cannot open the SQLite database \(path): \(error)")
        }
        let backend = SQLiteBackend(connection: connection, clock: clock)
        do {
            let session = SQLiteSession(connection: connection)
            // 16 KiB pages: a quarter of the page writes and B-tree splits of 4 KiB ones for the same lines. It takes
            // effect only on a new database (before WAL mode is set), and is kept by the file from then on.
            try await session.query("PRAGMA page_size = 16384")
            let mode = try await session.query("PRAGMA journal_mode = WAL")
            guard (try? mode.first?.text(0).lowercased()) == "wal" else {
                throw LedgerError(
                    .connectionFailed,
                    "the SQLite database \(path) cannot use WAL mode (is it on a network file system?)"
                )
            }
            try await session.query("PRAGMA synchronous = FULL")
            try await session.query("PRAGMA foreign_keys = ON")
            try await session.query("PRAGMA cache_size = -65536")
        } catch {
            await connection.close()
            throw error
        }
        return SQLiteLedgerStore(path: path, backend: backend)
    }

    public var description: String { "sqlite:\(path)" }

    @discardableResult
    public func migrate() async throws -> [Int] { try await core.migrate() }
    public func schemaVersion() async throws -> Int { try await core.schemaVersion() }

    @discardableResult
    public func recordJob(_ job: ExtractJobRecord) async throws -> Bool { try await core.recordJob(job) }
    public func updateJob(
        company: String,
        jobID: String,
        state: PipelineState,
        status: String?,
        url: String?
    ) async throws {
        try await core.updateJob(company: company, jobID: jobID, state: state, status: status, url: url)
    }
    public func transitionJob(
        company: String,
        jobID: String,
        from: Set<PipelineState>,
        to state: PipelineState,
        note: String?
    ) async throws -> Bool {
        try await core.transitionJob(company: company, jobID: jobID, from: from, to: state, note: note)
    }
    public func recordIntent(_ intent: StartIntent) async throws { try await core.recordIntent(intent) }
    public func transitionIntent(
        company: String,
        intentID: String,
        from: Set<PipelineState>,
        to state: PipelineState,
        jobID: String?
    ) async throws -> Bool {
        try await core.transitionIntent(company: company, intentID: intentID, from: from, to: state, jobID: jobID)
    }
    public func intents(company: String, openOnly: Bool) async throws -> [StartIntent] {
        try await core.intents(company: company, openOnly: openOnly)
    }
    public func markJobPosted(company: String, jobID: String) async throws {
        try await core.markJobPosted(company: company, jobID: jobID)
    }
    public func job(company: String, jobID: String) async throws -> ExtractJobRecord? {
        try await core.job(company: company, jobID: jobID)
    }
    public func jobs(company: String?, includePosted: Bool) async throws -> [ExtractJobRecord] {
        try await core.jobs(company: company, includePosted: includePosted)
    }

    @discardableResult
    public func recordRawFile(_ file: ArchivedFile) async throws -> Bool { try await core.recordRawFile(file) }
    public func rawFile(sha256: String) async throws -> ArchivedFile? { try await core.rawFile(sha256: sha256) }
    public func rawFileUses(sha256: String) async throws -> [ArchivedFile] {
        try await core.rawFileUses(sha256: sha256)
    }

    public func load<Lines: AsyncSequence>(
        _ batch: LedgerBatch,
        lines: sending Lines,
        options: LoadOptions
    ) async throws -> LoadResult where Lines.Element == JournalLine {
        try await core.load(batch, lines: lines, options: options)
    }
    public func batch(id batchID: String, company: String?) async throws -> LoadedBatch? {
        try await core.batch(id: batchID, company: company)
    }
    public func batches() async throws -> [LoadedBatch] { try await core.batches() }

    @discardableResult
    public func quarantine(_ record: QuarantineRecord) async throws -> QuarantineRecord {
        try await core.quarantine(record)
    }
    public func quarantinedFiles(company: String?) async throws -> [QuarantineRecord] {
        try await core.quarantinedFiles(company: company)
    }
    public func quarantineEntry(id: Int64) async throws -> QuarantineRecord? { try await core.quarantineEntry(id: id) }
    public func quarantineEvents(id: Int64) async throws -> [QuarantineEvent] {
        try await core.quarantineEvents(id: id)
    }
    @discardableResult
    public func releaseQuarantine(id: Int64, by actor: String, note: String) async throws -> QuarantineRecord {
        try await core.releaseQuarantine(id: id, by: actor, note: note)
    }
    @discardableResult
    public func recordFailedReload(
        id: Int64,
        failure: QuarantineRecord,
        by actor: String
    ) async throws -> QuarantineRecord {
        try await core.recordFailedReload(id: id, failure: failure, by: actor)
    }

    public func journalPage(
        _ filter: JournalFilter,
        after cursor: JournalCursor?,
        limit: Int
    ) async throws
        -> JournalPage
    {
        try await core.journalPage(filter, after: cursor, limit: limit)
    }
    public func reconciliation(_ filter: JournalFilter) async throws -> ReconciliationSummary {
        try await core.reconciliation(filter)
    }

    public func claimRun(company: String, worker: String, leaseDuration: Duration) async throws -> Lease? {
        try await core.claimRun(company: company, worker: worker, leaseDuration: leaseDuration)
    }
    public func renew(_ lease: Lease, leaseDuration: Duration) async throws -> Lease {
        try await core.renew(lease, leaseDuration: leaseDuration)
    }
    public func release(_ lease: Lease) async throws { try await core.release(lease) }

    public func close() async throws {
        try await backend.lock.withLock {
            await backend.connection.close()
        }
    }
}
