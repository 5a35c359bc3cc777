public import AccountingExtract
import ExtractAPI
public import ExtractClient
public import ExtractConfiguration
public import Foundation
public import Ledger

/// Takes one company from "reports approved in Concur" to "balanced journal lines in the ledger", exactly once.
///
/// Extracts v1 through the shared ``PostingPipeline``: an ``ExtractFileSource`` for the definition, and the
/// ledger's checks, archive, quarantine and exactly-once keys. A rerun after a crash resumes recorded jobs (by
/// definition and job id, under whatever host Concur is reached now), adopts the job its open intent led to
/// (``JobOwnership``), and reloads nothing twice. Jobs of the definition this ledger did not start are foreign:
/// recorded, listed in ``SyncReport/foreignJobs``, never posted unless adopted.
///
/// ```swift
/// let pipeline = SyncPipeline(client: client, store: store, archive: archive,
///                             settings: .init(company: "acme", definition: "Standard Accounting Extract",
///                                             downloads: URL(fileURLWithPath: "data/downloads")))
/// let report = try await pipeline.run()
/// ```
public struct SyncPipeline: Sendable {
    /// What a sync of one definition does: how its files are checked and loaded (``posting``, shared with every
    /// ``PostingSource``) and the Extract-only choices. The posting settings read as the settings' own
    /// (`settings.company`, `settings.downloads`, …).
    ///
    /// ```swift
    /// var settings = SyncPipeline.Settings(company: "acme", downloads: URL(fileURLWithPath: "data/downloads"),
    ///                                      adopt: "uIo87jk3")
    /// settings.unbalancedReports = .postBalancedReports
    /// ```
    @dynamicMemberLookup
    public struct Settings: Sendable {
        /// The company, staging directory and loading rules (the same for every source).
        public var posting: PostingPipeline<ExtractFileSource>.Settings
        /// The Extract-only choices (definition, adopt, start window, sole writer, clock), read as the settings'
        /// own: `settings.definition`, `settings.adopt`, ….
        public var source: ExtractFileSource.Settings
        /// Where the postings come from: the Extract API (the default) or the Financial Integration Service.
        public var kind: SyncSourceKind = .extract
        /// FIS: the `systemId` this ledger acknowledges and confirms documents as.
        public var systemID: String = SyncSourceKind.defaultSystemID

        /// The posting settings and the Extract-only choices.
        public init(
            _ posting: PostingPipeline<ExtractFileSource>.Settings,
            definition: String = "Standard Accounting Extract",
            adopt: String? = nil,
            startWindow: JobOwnership.StartWindow = .default,
            soleWriter: Bool = false,
            clock: any WallClock = SystemClock()
        ) {
            self.posting = posting
            self.source = ExtractFileSource.Settings(
                definition: definition,
                adopt: adopt,
                startWindow: startWindow,
                soleWriter: soleWriter,
                clock: clock
            )
        }

        /// Every setting in one list (the posting settings' defaults are those of
        /// ``PostingPipeline/Settings/init(company:downloads:journal:readerOptions:loadOptions:unbalancedReports:)``).
        public init(
            company: String,
            definition: String = "Standard Accounting Extract",
            downloads: URL,
            journal: JournalConfiguration = JournalConfiguration(),
            readerOptions: SAEReader.Options = .strict,
            loadOptions: LoadOptions = .default,
            unbalancedReports: LedgerLoader.UnbalancedReportPolicy = .holdBatch,
            adopt: String? = nil,
            startWindow: JobOwnership.StartWindow = .default,
            soleWriter: Bool = false,
            clock: any WallClock = SystemClock()
        ) {
            self.init(
                .init(
                    company: company,
                    downloads: downloads,
                    journal: journal,
                    readerOptions: readerOptions,
                    loadOptions: loadOptions,
                    unbalancedReports: unbalancedReports
                ),
                definition: definition,
                adopt: adopt,
                startWindow: startWindow,
                soleWriter: soleWriter,
                clock: clock
            )
        }

        /// A posting setting, read and written as the settings' own: `settings.company`, `settings.journal`, ….
        public subscript<Value>(
            dynamicMember keyPath: WritableKeyPath<PostingPipeline<ExtractFileSource>.Settings, Value>
        ) -> Value {
            get { posting[keyPath: keyPath] }
            set { posting[keyPath: keyPath] = newValue }
        }

        /// An Extract-only setting, read and written as the settings' own: `settings.definition`, ….
        public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ExtractFileSource.Settings, Value>) -> Value {
            get { source[keyPath: keyPath] }
            set { source[keyPath: keyPath] = newValue }
        }
    }

    public let client: ConcurClient
    public let settings: Settings
    /// The shared pipeline that does the work, with an ``ExtractFileSource`` for the definition.
    let posting: PostingPipeline<ExtractFileSource>
    /// The ledger the company's jobs and journal lines are recorded in.
    public var store: any LedgerStore { posting.store }
    /// Where each downloaded file is kept before it is checked.
    public var archive: RawFileStore { posting.archive }

    /// - Parameters:
    ///   - client: the Extract client, logged in to the company.
    ///   - store: the ledger the company's jobs and journal lines are recorded in.
    ///   - archive: where each downloaded file is kept before it is checked.
    ///   - settings: the company, definition and loading rules.
    ///   - events: progress, for displays.
    ///   - afterStep: called after each durable step (tests use it to crash the process there).
    public init(
        client: ConcurClient,
        store: any LedgerStore,
        archive: RawFileStore,
        settings: Settings,
        events: @escaping @Sendable (SyncEvent) -> Void = { _ in },
        afterStep: @escaping @Sendable (SyncStep) -> Void = { _ in }
    ) {
        self.client = client
        self.settings = settings
        let source = ExtractFileSource(client: client, settings: settings.source)
        posting = PostingPipeline(
            source: source,
            store: store,
            archive: archive,
            settings: settings.posting,
            events: events,
            afterStep: afterStep
        )
    }

    /// `true` for a recorded job that a run must still finish: this ledger's own, neither posted, failed,
    /// quarantined, foreign nor dismissed (see `PipelineState/isResumable`).
    public static func isUnfinished(_ record: ExtractJobRecord) -> Bool { record.state.isResumable }

    /// Concur's job id in what a person typed: a job URL (any host) or the id itself.
    ///
    /// ```swift
    /// SyncPipeline.concurJobID("https://us.api.concursolutions.com/api/expense/extract/v1.0/nYo/job/uIo8")  // "uIo8"
    /// ```
    public static func concurJobID(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.contains("/"), let url = URL(string: trimmed) else { return trimmed }
        return ExtractWire.Route(url: url)?.jobID ?? url.lastPathComponent
    }

    /// Marks a foreign (or unreachable) job as handled elsewhere: it stays in the ledger with the note, and runs no
    /// longer warn about it or try to resume it.
    ///
    /// ```swift
    /// try await SyncPipeline.dismiss(jobID: "uIo87jk3", company: "acme", note: "posted by the staging ledger",
    ///                                in: store)
    /// ```
    @discardableResult
    public static func dismiss(
        jobID text: String,
        company: String,
        note: String,
        in store: any LedgerStore
    ) async throws -> ExtractJobRecord {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let jobID = concurJobID(text)
        guard !note.isEmpty else {
            throw SyncError(
                .noteRequired,
                "say where job \(jobID) was handled: --dismiss \(jobID) --note 'posted by …'"
            )
        }
        guard let record = try await store.job(company: company, jobID: jobID) else {
            throw SyncError(
                .unknownJob,
                "no job \(jobID) of company \(company) is recorded in this ledger; sync lists the foreign jobs it sees"
            )
        }
        guard !record.isPosted else {
            throw SyncError(.alreadyPosted, "job \(jobID) of company \(company) is posted in this ledger already")
        }
        guard let dismissed = try await store.apply(.dismissed, to: record, note: note) else {
            throw SyncError(
                .unknownJob,
                "job \(jobID) of company \(company) is \(record.state.rawValue) (it changed meanwhile?): nothing dismissed"
            )
        }
        return dismissed
    }

    /// Dismisses every foreign job of `company` not yet adopted or dismissed, with one note: for a ledger that
    /// starts where another integration left off, whose history Concur lists (up to 100 jobs per definition).
    ///
    /// ```swift
    /// let dismissed = try await SyncPipeline.dismissAllForeign(company: "acme", note: "history before go-live",
    ///                                                          in: store)
    /// ```
    public static func dismissAllForeign(
        company: String,
        note: String,
        in store: any LedgerStore
    ) async throws -> [ExtractJobRecord] {
        var dismissed: [ExtractJobRecord] = []
        for record in try await store.jobs(company: company, includePosted: false)
        where record.state == .foreign {
            dismissed.append(try await dismiss(jobID: record.jobID, company: company, note: note, in: store))
        }
        return dismissed
    }

    /// Runs the sync once: see ``SyncPipeline``. With ``Settings/kind`` `.fis`, the same pipeline reads the
    /// company's FIS documents (``FISDocumentSource``) instead of its extract jobs.
    public func run() async throws -> SyncReport {
        switch settings.kind {
        case .extract:
            return try await posting.run()
        case .fis:
            let fis = PostingPipeline(
                source: FISDocumentSource(client: client, settings: .init(systemID: settings.systemID)),
                store: posting.store,
                archive: posting.archive,
                settings: PostingPipeline<FISDocumentSource>.Settings(
                    company: settings.company,
                    downloads: settings.downloads,
                    journal: settings.journal,
                    readerOptions: settings.readerOptions,
                    loadOptions: settings.loadOptions,
                    unbalancedReports: settings.unbalancedReports
                ),
                events: posting.events,
                afterStep: posting.afterStep
            )
            return try await fis.run()
        }
    }

    static func safeName(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
