public import AccountingExtract
import Foundation

/// The posting store: where extract jobs, raw files, journal lines, quarantined files and run leases live.
///
/// Two implementations pass the same test suite: ``SQLiteLedgerStore`` (embedded, the default) and
/// ``PostgresLedgerStore``. Open either from a `--database` value with ``LedgerStores/open(_:clock:)``.
///
/// Loading is exactly-once: a batch's journal lines and their offset lines are written in one transaction,
/// keyed by (batch id, sequence number, origin), and the same file loaded again changes nothing.
///
/// ```swift
/// let store = try await LedgerStores.open("sqlite:///var/lib/concur-extract/ledger.sqlite")
/// try await store.migrate()
/// let result = try await store.load(batch, lines: SAEJournalLines(path: file))
/// print(result.status)   // .loaded, then .alreadyLoaded on a rerun
/// let csv = try await store.exportJournal(.csv, .batch(batch.batchID))
/// try await store.close()
/// ```
public protocol LedgerStore: Sendable {
    /// `sqlite` or `postgres`, with the location (never a password), for messages.
    var description: String { get }

    /// Where the store reads the time: its job, lease and quarantine stamps; ``LedgerLoader`` stamps the files it
    /// archives and quarantines with it too.
    var clock: any WallClock { get }

    /// Applies the migrations not applied yet, each once and in its own transaction.
    /// - Returns: the versions applied by this call (empty when the schema is current).
    @discardableResult
    func migrate() async throws -> [Int]

    /// The highest applied migration version (0 for an empty database).
    func schemaVersion() async throws -> Int

    // MARK: Extract jobs

    /// Records a job before it is polled. Recording the same (company, job id) again keeps the first record.
    /// - Returns: `true` when the job was new.
    @discardableResult
    func recordJob(_ job: ExtractJobRecord) async throws -> Bool

    /// Sets a recorded job's ``PipelineState``, with Concur's status word and the job's last known URL when given.
    /// Throws ``LedgerError/Code/unknownJob`` when it was never recorded.
    func updateJob(company: String, jobID: String, state: PipelineState, status: String?, url: String?) async throws

    /// Sets a recorded job's state to `state` only while it is one of `from` (compare and set, in one statement),
    /// with a note when given: adopting or dismissing a foreign job.
    /// - Returns: `false` when the record is missing or its state is not one of `from` (nothing changed).
    func transitionJob(
        company: String,
        jobID: String,
        from: Set<PipelineState>,
        to state: PipelineState,
        note: String?
    ) async throws -> Bool

    /// Marks a job's files as posted. Throws ``LedgerError/Code/unknownJob`` when it was never recorded.
    func markJobPosted(company: String, jobID: String) async throws

    func job(company: String, jobID: String) async throws -> ExtractJobRecord?

    /// Jobs by start time; with `includePosted: false` only those still to finish (to resume after a crash).
    func jobs(company: String?, includePosted: Bool) async throws -> [ExtractJobRecord]

    // MARK: Start intents

    /// Records the intent to start a job, before its `POST` (see ``StartIntent``).
    func recordIntent(_ intent: StartIntent) async throws

    /// Sets an intent's state to `state` only while it is one of `from` (compare and set, in one statement): the
    /// fence between a worker about to send a job's `POST` (`to:` ``PipelineState/intentSending``, which sets
    /// ``StartIntent/lastSentAt`` to now) and another run closing the intent. `jobID` names the job it led to.
    /// - Returns: `false` when the intent is missing or its state is not one of `from` (nothing changed).
    func transitionIntent(
        company: String,
        intentID: String,
        from: Set<PipelineState>,
        to state: PipelineState,
        jobID: String?
    ) async throws -> Bool

    /// A company's intents, oldest first; with `openOnly` only those not closed yet.
    func intents(company: String, openOnly: Bool) async throws -> [StartIntent]

    // MARK: Raw files

    /// Adds a file of the raw-file archive to the manifest (idempotent by SHA-256).
    /// - Returns: `true` when the file was new.
    @discardableResult
    func recordRawFile(_ file: ArchivedFile) async throws -> Bool

    func rawFile(sha256: String) async throws -> ArchivedFile?

    /// Every receipt of the archived file: one per (company, job) that downloaded those bytes, oldest first. The
    /// archive holds the bytes once; each company's use of them is recorded.
    func rawFileUses(sha256: String) async throws -> [ArchivedFile]

    // MARK: Batches

    /// Loads one batch: its journal lines (extract and offset) in one transaction.
    ///
    /// - Loading the same file again for the same company (same SHA-256, batch id and date) changes nothing and
    ///   returns ``LoadResult/Status/alreadyLoaded``; two concurrent loads of it load it once. Duplicates are per
    ///   company: the same bytes loaded for another company are that company's batch.
    /// - The same batch id of the company from a different file throws ``LedgerError/Code/batchConflict``.
    /// - With ``LoadOptions/resolvesQuarantine`` the quarantine entry is marked reloaded in the same transaction.
    /// - A Journal Key already loaded from another batch throws ``LedgerError/Code/duplicateJournalKey`` (or is
    ///   reported, per `options`).
    /// - Any failure, including an error thrown by `lines` (rethrown as it is), rolls the whole batch back.
    func load<Lines: AsyncSequence>(
        _ batch: LedgerBatch,
        lines: sending Lines,
        options: LoadOptions
    ) async throws -> LoadResult where Lines.Element == JournalLine

    /// The batch `batchID` of `company` (`nil`: a batch loaded without a company).
    func batch(id batchID: String, company: String?) async throws -> LoadedBatch?

    /// Loaded batches in load order.
    func batches() async throws -> [LoadedBatch]

    // MARK: Quarantine

    /// Records a refused file, with a `quarantined` event. The same file with the same code is recorded once per
    /// company. - Returns: the stored entry (with its id), new or recorded earlier.
    @discardableResult
    func quarantine(_ record: QuarantineRecord) async throws -> QuarantineRecord

    /// Quarantine entries in every state, oldest first: of `company`, or of every company when `nil`.
    func quarantinedFiles(company: String?) async throws -> [QuarantineRecord]

    /// One entry by id, or `nil`.
    func quarantineEntry(id: Int64) async throws -> QuarantineRecord?

    /// The entry's audit trail, oldest first.
    func quarantineEvents(id: Int64) async throws -> [QuarantineEvent]

    /// Marks an open entry handled outside the ledger; `note` (required) says how. Throws
    /// ``LedgerError/Code/quarantineClosed`` when the entry is not open, ``LedgerError/Code/unknownQuarantine``
    /// when there is none.
    @discardableResult
    func releaseQuarantine(id: Int64, by actor: String, note: String) async throws -> QuarantineRecord

    /// A reload found the file still refused: the entry stays open with the new reason, and the attempt is
    /// recorded as a `reload-failed` event.
    @discardableResult
    func recordFailedReload(id: Int64, failure: QuarantineRecord, by actor: String) async throws -> QuarantineRecord

    // MARK: Reading

    /// One page of the lines `filter` selects, in export order.
    func journalPage(_ filter: JournalFilter, after cursor: JournalCursor?, limit: Int) async throws -> JournalPage

    /// Totals by account and by batch (header against loaded) of the lines `filter` selects.
    func reconciliation(_ filter: JournalFilter) async throws -> ReconciliationSummary

    /// Debits and credits of the lines `filter` selects, by posting date, company, account and currency, posted
    /// from `from` to `to` (inclusive; `nil`: unbounded), sorted by date, company, currency and account.
    func postedAmountsByDay(_ filter: JournalFilter, from: CalendarDate?, to: CalendarDate?) async throws
        -> [DailyPostedAmount]

    // MARK: FIS confirmations

    /// Records the posting confirmation of a FIS document before it is sent. Recording the same content again
    /// returns the stored record (with its first time and any answer); different content throws
    /// ``LedgerError/Code/confirmationConflict``. - Returns: the stored record.
    @discardableResult
    func recordFISConfirmation(_ record: FISConfirmationRecord) async throws -> FISConfirmationRecord

    /// Records Concur's answer (its service code) to a recorded confirmation, stamped with the store's clock.
    /// Throws ``LedgerError/Code/unknownJob`` when no confirmation was recorded.
    func answerFISConfirmation(company: String, docId: String, code: Int) async throws

    func fisConfirmation(company: String, docId: String) async throws -> FISConfirmationRecord?

    /// The document number, fiscal year and posting date of a loaded FIS document (its batch `"FIS-" + docId`),
    /// or `nil` when it is not loaded.
    func fisPostingReference(company: String, docId: String) async throws -> FISPostingReference?

    /// Records the payment confirmation of a FIS document before it is sent. Recording the same content again
    /// returns the stored record (with its first time and any answer); different content under the same
    /// (company, document, reference), or a second `CP`, `RE` or `OB` of the document under another reference,
    /// throws ``LedgerError/Code/confirmationConflict``. - Returns: the stored record.
    @discardableResult
    func recordFISPayment(_ record: FISPaymentRecord) async throws -> FISPaymentRecord

    /// Records Concur's answer (its service code) to a recorded payment confirmation, stamped with the store's
    /// clock. Throws ``LedgerError/Code/unknownJob`` when none was recorded.
    func answerFISPayment(company: String, docId: String, paymentRef: String, code: Int) async throws

    /// The payment confirmations recorded for a document, oldest first.
    func fisPayments(company: String, docId: String) async throws -> [FISPaymentRecord]

    // MARK: Leases

    /// Claims the company's run for `worker` when no one holds it or the holder's lease expired.
    /// - Returns: the lease, or `nil` when another worker holds a live lease.
    func claimRun(company: String, worker: String, leaseDuration: Duration) async throws -> Lease?

    /// Extends a lease. Throws ``LedgerError/Code/leaseLost`` when it was taken over or released.
    func renew(_ lease: Lease, leaseDuration: Duration) async throws -> Lease

    /// Gives a lease up (nothing happens when it was already lost).
    func release(_ lease: Lease) async throws

    /// Closes connections. The store cannot be used afterwards.
    func close() async throws
}

extension LedgerStore {
    /// Sets a recorded job's state (its status word and URL unchanged).
    ///
    /// ```swift
    /// try await store.updateJob(company: "ACME", jobID: "1234", state: .quarantined)
    /// ```
    public func updateJob(company: String, jobID: String, state: PipelineState) async throws {
        try await updateJob(company: company, jobID: jobID, state: state, status: nil, url: nil)
    }

    /// Every quarantine entry, oldest first.
    public func quarantinedFiles() async throws -> [QuarantineRecord] { try await quarantinedFiles(company: nil) }

    /// Loads a batch with the default options (duplicate Journal Keys are refused).
    public func load<Lines: AsyncSequence>(
        _ batch: LedgerBatch,
        lines: sending Lines
    ) async throws -> LoadResult where Lines.Element == JournalLine {
        try await load(batch, lines: lines, options: .default)
    }

    /// Loads a batch from lines in memory.
    ///
    /// ```swift
    /// let result = try await store.load(batch, lines: journalLines)
    /// ```
    public func load(
        _ batch: LedgerBatch,
        lines: [JournalLine],
        options: LoadOptions = .default
    ) async throws -> LoadResult {
        try await load(batch, lines: JournalLineSequence(lines), options: options)
    }
}

/// Any `Sequence` of journal lines as an `AsyncSequence`, for ``LedgerStore/load(_:lines:options:)``.
///
/// ```swift
/// let lines = JournalLineSequence((1...1000).lazy.map { makeLine($0) })
/// try await store.load(batch, lines: lines)
/// ```
public struct JournalLineSequence<Base: Sequence>: AsyncSequence where Base.Element == JournalLine {
    public typealias Element = JournalLine
    let base: Base

    public init(_ base: Base) {
        self.base = base
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: Base.Iterator
        public mutating func next() async -> JournalLine? { iterator.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(iterator: base.makeIterator()) }
}

extension JournalLineSequence: Sendable where Base: Sendable {}
