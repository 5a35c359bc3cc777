public import AccountingExtract
public import Foundation
public import Ledger
import Synchronization

/// Takes the work a ``PostingSource`` finds from "ready at Concur" to "balanced journal lines in the ledger",
/// exactly once: a loop that performs ``SyncMachine``'s actions and stores each new `PipelineState` before the
/// next action.
///
/// Each step is durable before the next: the unit is recorded before it is polled; the file is archived
/// (content-addressed by SHA-256) before it is checked; the batch's lines and offsets are loaded in one
/// transaction keyed so that loading it again changes nothing; then the unit is marked posted. A rerun after a
/// crash resumes every unfinished unit from its fetch, and reloads nothing twice.
///
/// ```swift
/// let pipeline = PostingPipeline(source: ExtractFileSource(client: client), store: store, archive: archive,
///                                settings: .init(company: "acme", downloads: URL(fileURLWithPath: "data/downloads")))
/// let report = try await pipeline.run()
/// ```
public struct PostingPipeline<Source: PostingSource>: Sendable {
    /// How files are checked and loaded (shared by every source).
    public struct Settings: Sendable {
        /// The company's key in the ledger.
        public var company: String
        /// Where downloads are staged (the archive keeps the lasting copy).
        public var downloads: URL
        public var journal: JournalConfiguration
        public var readerOptions: SAEReader.Options
        public var loadOptions: LoadOptions
        /// Whether a report that cannot be balanced holds back its batch (the default) or only itself.
        public var unbalancedReports: LedgerLoader.UnbalancedReportPolicy

        public init(
            company: String,
            downloads: URL,
            journal: JournalConfiguration = JournalConfiguration(),
            readerOptions: SAEReader.Options = .strict,
            loadOptions: LoadOptions = .default,
            unbalancedReports: LedgerLoader.UnbalancedReportPolicy = .holdBatch
        ) {
            self.company = company
            self.downloads = downloads
            self.journal = journal
            self.readerOptions = readerOptions
            self.loadOptions = loadOptions
            self.unbalancedReports = unbalancedReports
        }
    }

    public let source: Source
    public let store: any LedgerStore
    public let archive: RawFileStore
    public let settings: Settings
    let events: @Sendable (SyncEvent) -> Void
    let afterStep: @Sendable (SyncStep) -> Void

    /// - Parameters:
    ///   - source: where the work comes from.
    ///   - store: the ledger the units and journal lines are recorded in.
    ///   - archive: where each downloaded file is kept before it is checked.
    ///   - settings: the company and the loading rules.
    ///   - events: progress, for displays.
    ///   - afterStep: called after each durable step (tests use it to crash the process there).
    public init(
        source: Source,
        store: any LedgerStore,
        archive: RawFileStore,
        settings: Settings,
        events: @escaping @Sendable (SyncEvent) -> Void = { _ in },
        afterStep: @escaping @Sendable (SyncStep) -> Void = { _ in }
    ) {
        self.source = source
        self.store = store
        self.archive = archive
        self.settings = settings
        self.events = events
        self.afterStep = afterStep
    }

    var context: PostingContext {
        PostingContext(store: store, company: settings.company, events: events, afterStep: afterStep)
    }

    public func run() async throws -> SyncReport {
        let plan = try await source.findWork(context)
        var report = SyncReport(company: settings.company, definition: plan.title, jobs: [], nothingNew: nil)
        report.startInFlight = plan.startInFlight
        var pending: [PendingConfirmation] = []
        for unit in plan.units {
            switch await source.check(unit, in: plan.scope) {
            case .reachable(let handle) where source.unitKind == .documents:
                let finished = try await finishDocument(unit, handle: handle)
                report.jobs.append(finished.job)
                if let confirmation = finished.pending { pending.append(confirmation) }
            case .reachable(let handle):
                report.jobs.append(try await finish(unit, handle: handle))
            case .unreachable(let unreachable):
                report.unreachableJobs.append(unreachable)
                events(.unreachable(unreachable))
            }
        }
        // FIS: the recorded posting confirmations, sent in batches, each answer recorded.
        try await sendConfirmations(pending, into: &report)

        // Every foreign unit not yet adopted or dismissed, on every run.
        report.foreignJobs = try await store.jobs(company: settings.company, includePosted: false)
            .filter { $0.definitionID == plan.scopeID && $0.state == .foreign }
            .map {
                ForeignJob(
                    jobID: $0.jobID,
                    url: $0.url ?? "",
                    startedAt: $0.startedAt,
                    status: $0.status,
                    note: $0.note
                )
            }
        for foreign in report.foreignJobs { events(.foreignJob(foreign)) }

        let lines = report.jobs.reduce(0) { $0 + $1.recordsLoaded }
        if report.succeeded && lines == 0 {
            report.nothingNew = "no approved reports were waiting for extract"
            events(.nothingNew(reason: report.nothingNew ?? ""))
        }
        report.quarantineWaiting = try await QuarantineWorkflow(store: store).list(company: settings.company).count
        return report
    }

    /// Performs ``SyncMachine``'s actions for one recorded unit until it is at rest (posted, quarantined or
    /// failed), storing each new state before the next action.
    func finish(_ record: ExtractJobRecord, handle: Source.Handle) async throws -> SyncReport.Job {
        guard let first = SyncMachine.resumeAction(for: record.state) else {
            throw SyncError(.invalidTransition, "job \(record.jobID) is \(record.state.rawValue): nothing to resume")
        }
        var work = UnitWork<Source.Handle>(record: record, handle: handle)
        var state = record.state
        var action = first
        while action != .none {
            let event = try await perform(action, on: &work)
            guard let step = SyncMachine.transition(from: state, on: event) else {
                throw SyncError(
                    .invalidTransition,
                    "job \(record.jobID): \(event) cannot happen in state \(state.rawValue) (after \(action))"
                )
            }
            try await recordState(step.next, after: event, from: state, of: &work)
            state = step.next
            action = step.action
        }
        if let failure = work.failure { throw failure }
        return work.result
    }

    /// Writes the new state (the posting mark for `PipelineState/posted`) and calls the kill points at the same
    /// places as ever.
    private func recordState(
        _ next: PipelineState,
        after event: SyncMachine.Event,
        from state: PipelineState,
        of work: inout UnitWork<Source.Handle>
    ) async throws {
        let company = settings.company
        let jobID = work.record.jobID
        switch event {
        case .polled(.ready):
            try await store.updateJob(
                company: company,
                jobID: jobID,
                state: next,
                status: work.status,
                url: work.url
            )
            afterStep(.jobCompleted)
        case .fetched:
            try await store.updateJob(company: company, jobID: jobID, state: next)
            afterStep(.downloaded)
        case .loaded:
            afterStep(.loaded)
            try await store.updateJob(company: company, jobID: jobID, state: next)
        case .posted:
            // The posting mark is the action's own write (``perform(_:on:)``).
            events(.posted(jobID: jobID))
            afterStep(.posted)
            work.removeStagedDownload()
        default:
            if next != state { try await store.updateJob(company: company, jobID: jobID, state: next) }
        }
    }
}

/// What one unit's run carries between actions: the source's handle, the download, the report.
struct UnitWork<Handle: Sendable>: Sendable {
    var record: ExtractJobRecord
    var handle: Handle
    var result: SyncReport.Job
    /// The source's status word and URL when it became ready (stored with the state).
    var status: String?
    var url: String?
    var download: FetchedWork?
    /// The error to report once the failure is stored.
    var failure: (any Error)?

    init(record: ExtractJobRecord, handle: Handle) {
        self.record = record
        self.handle = handle
        self.result = SyncReport.Job(
            jobID: record.jobID,
            statuses: [],
            batches: [],
            linesLoaded: 0,
            recordsLoaded: 0,
            quarantined: [],
            posted: false
        )
    }

    /// The staged download, once every byte of it is archived (the archive keeps the lasting copy).
    func removeStagedDownload() {
        guard let download else { return }
        switch download {
        case .files(let file): try? FileManager.default.removeItem(at: file.path)
        case .refused(let refused): try? FileManager.default.removeItem(at: refused.path)
        case .document(let document): try? FileManager.default.removeItem(at: document.path)
        }
    }
}

/// Statuses seen while polling, gathered from the progress callback.
final class StatusCollector: Sendable {
    private let seen = Mutex<[(status: String, elapsed: Duration)]>([])
    func add(_ status: String, _ elapsed: Duration) {
        seen.withLock {
            if $0.last?.status != status { $0.append((status, elapsed)) }
        }
    }
    var values: [(status: String, elapsed: Duration)] { seen.withLock { $0 } }
}
