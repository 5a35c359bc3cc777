public import AccountingExtract
import Foundation
import Logging
import PostgresNIO

/// The shared ledger on PostgreSQL, for several workers: connections from a pool, transactions in READ COMMITTED
/// with unique keys deciding races, journal lines written with `COPY`, and run leases claimed with
/// `SELECT … FOR UPDATE SKIP LOCKED`.
///
/// ```swift
/// let store = try await PostgresLedgerStore.connect(url: "postgres://ledger@127.0.0.1:5432/ledger")
/// try await store.migrate()
/// // …
/// try await store.close()
/// ```
public final class PostgresLedgerStore: LedgerStore {
    /// Where the database is (its description never shows the password).
    public let location: LedgerDatabaseURL.PostgresLocation
    let backend: PostgresBackend
    private let runTask: Task<Void, Never>
    var core: SQLLedgerCore<PostgresBackend> { SQLLedgerCore(backend: backend) }

    private init(location: LedgerDatabaseURL.PostgresLocation, backend: PostgresBackend, runTask: Task<Void, Never>) {
        self.location = location
        self.backend = backend
        self.runTask = runTask
    }

    /// Connects to `postgres://user:password@host:port/database`.
    public static func connect(url: String, clock: LedgerClock = .system) async throws -> PostgresLedgerStore {
        guard case .postgres(let location) = try LedgerDatabaseURL(url) else {
            throw LedgerError(.invalidDatabaseURL, "not a postgres:// URL")
        }
        return try await connect(location, clock: clock)
    }

    /// Connects and checks the connection with one query (failing within `connectTimeout`).
    public static func connect(
        _ location: LedgerDatabaseURL.PostgresLocation,
        clock: LedgerClock = .system,
        maximumConnections: Int = 8,
        connectTimeout: Duration = .seconds(10)
    ) async throws -> PostgresLedgerStore {
        let tls: PostgresClient.Configuration.TLS
        switch location.sslMode {
        case "disable", "allow": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: location.host,
            port: location.port,
            username: location.username,
            password: location.password,
            database: location.database,
            tls: tls
        )
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = connectTimeout
        let logger = {
            var logger = Logger(label: "concur-extract.ledger.postgres")
            logger.logLevel = .warning
            return logger
        }()
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runTask = Task { await client.run() }
        let backend = PostgresBackend(client: client, clock: clock, logger: logger)
        let store = PostgresLedgerStore(location: location, backend: backend, runTask: runTask)
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        _ = try await connection.query("SELECT 1", logger: logger)
                    }
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: connectTimeout)
                    return false
                }
                let connected = try await group.next() ?? false
                group.cancelAll()
                if !connected {
                    throw LedgerError(
                        .connectionFailed,
                        "no answer from PostgreSQL at \(location) within \(connectTimeout)"
                    )
                }
            }
        } catch {
            runTask.cancel()
            if let error = error as? LedgerError { throw error }
            throw LedgerError(
                .connectionFailed,
                "cannot connect to PostgreSQL at \(location): \(PostgresSession.summary(of: error)); check the host, port, user and that the server runs",
                databaseCode: (error as? PSQLError)?.serverInfo?[.sqlState]
            )
        }
        return store
    }

    public var description: String { location.description }

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
        runTask.cancel()
        await runTask.value
    }
}
