public import AccountingExtract
public import ExtractAPI
public import ExtractClient
public import Foundation
public import Ledger

/// Takes one company from "reports approved in Concur" to "balanced journal lines in the ledger", exactly once.
///
/// Each step is durable before the next: the job is recorded before it is polled; the file is archived
/// (content-addressed by SHA-256) before it is checked; the batch's lines and offsets are loaded in one
/// transaction keyed so that loading it again changes nothing; then the job is marked posted. A rerun after a
/// crash resumes recorded jobs, adopts a job Concur started but the ledger never recorded, and reloads nothing
/// twice.
///
/// ```swift
/// let pipeline = SyncPipeline(client: client, store: store, archive: archive,
///                             settings: .init(company: "acme", definition: "Standard Accounting Extract",
///                                             downloads: URL(fileURLWithPath: "data/downloads")))
/// let report = try await pipeline.run()
/// ```
public struct SyncPipeline: Sendable {
    public struct Settings: Sendable {
        /// The company's key in the ledger.
        public var company: String
        /// The definition's name or id.
        public var definition: String
        /// Where downloads are staged (the archive keeps the lasting copy).
        public var downloads: URL
        public var journal: JournalConfiguration
        public var readerOptions: SAEReader.Options
        public var loadOptions: LoadOptions
        /// Whether a report that cannot be balanced holds back its batch (the default) or only itself.
        public var unbalancedReports: LedgerLoader.UnbalancedReportPolicy

        public init(
            company: String,
            definition: String = "Standard Accounting Extract",
            downloads: URL,
            journal: JournalConfiguration = JournalConfiguration(),
            readerOptions: SAEReader.Options = .strict,
            loadOptions: LoadOptions = .default,
            unbalancedReports: LedgerLoader.UnbalancedReportPolicy = .holdBatch
        ) {
            self.unbalancedReports = unbalancedReports
            self.company = company
            self.definition = definition
            self.downloads = downloads
            self.journal = journal
            self.readerOptions = readerOptions
            self.loadOptions = loadOptions
        }
    }

    public let client: ExtractClient
    public let store: any LedgerStore
    public let archive: RawFileArchive
    public let settings: Settings
    let events: @Sendable (SyncEvent) -> Void
    let afterStep: @Sendable (SyncStep) -> Void

    /// - Parameters:
    ///   - events: progress, for displays.
    ///   - afterStep: called after each durable step (tests use it to crash the process there).
    public init(
        client: ExtractClient,
        store: any LedgerStore,
        archive: RawFileArchive,
        settings: Settings,
        events: @escaping @Sendable (SyncEvent) -> Void = { _ in },
        afterStep: @escaping @Sendable (SyncStep) -> Void = { _ in }
    ) {
        self.client = client
        self.store = store
        self.archive = archive
        self.settings = settings
        self.events = events
        self.afterStep = afterStep
    }

    /// Statuses of records that are not to be resumed. `Starting` marks the intent to start a job, recorded
    /// before the `POST` so that a crash right after it can be recognised; `Superseded` closes that mark.
    static let finalStatuses: Set<String> = ["Failed", "Quarantined", "Starting", "Superseded"]

    /// The prefix of the job id of an intent record (see ``finalStatuses``).
    static let intentPrefix = "intent:"

    /// `true` for a record of a real job (not an intent to start one).
    public static func isJob(_ record: ExtractJobRecord) -> Bool { !record.jobID.hasPrefix(intentPrefix) }

    /// `true` for a recorded job that a run must still finish: not posted, and neither failed, quarantined nor
    /// a closed intent.
    public static func isUnfinished(_ record: ExtractJobRecord) -> Bool {
        isJob(record) && !record.isPosted && !finalStatuses.contains(record.status)
    }

    /// How much earlier than our own clock a job Concur started may seem (clock skew) and still be adopted.
    static let adoptionMargin: TimeInterval = 300

    public func run() async throws -> SyncReport {
        let definitions = try await client.definitions()
        events(.definitionsFound(definitions.map(\.name)))
        guard
            let definition = definitions.first(where: { $0.name == settings.definition })
                ?? definitions.first(where: { $0.definitionID == settings.definition })
        else {
            throw ExtractClientError(
                .http,
                "no definition named '\(settings.definition)'; the company has \(definitions.map { "'\($0.name)'" }.joined(separator: ", "))",
                statusCode: 404,
                operation: "sync"
            )
        }
        let definitionKey = definition.id.absoluteString
        /// The ledger's record of a job Concur reports.
        func jobRecord(_ job: ExtractJob) -> ExtractJobRecord {
            ExtractJobRecord(
                company: settings.company,
                definitionID: definitionKey,
                jobID: job.id.absoluteString,
                status: job.status.word,
                startedAt: job.startTime.date
            )
        }
        var report = SyncReport(company: settings.company, definition: definition.name, jobs: [], nothingNew: nil)

        // 1. Jobs recorded earlier and not yet posted (a crashed or interrupted run).
        let known = try await store.jobs(company: settings.company, includePosted: true).filter {
            $0.definitionID == definitionKey
        }
        var pending = known.filter(Self.isUnfinished).sorted { $0.startedAt < $1.startedAt }
        for record in pending { events(.resuming(jobID: record.jobID, status: record.status)) }

        // 2. A job Concur started that the ledger never recorded (a crash right after the POST): adopt it
        //    rather than start another, which would leave its reports out of the ledger.
        if pending.isEmpty, let earliest = known.map(\.startedAt).min() {
            let knownIDs = Set(known.map(\.jobID))
            for job in try await client.jobs(of: definition).reversed() where !knownIDs.contains(job.id.absoluteString)
            {
                guard job.status != .failed, job.startTime.date >= earliest.addingTimeInterval(-Self.adoptionMargin)
                else { continue }
                let record = jobRecord(job)
                try await store.recordJob(record)
                events(.adopted(jobID: record.jobID))
                pending.append(record)
            }
        }

        // 3. Nothing to resume: start a job (or attach to the one running).
        if pending.isEmpty {
            let intent = ExtractJobRecord(
                company: settings.company,
                definitionID: definitionKey,
                jobID: Self.intentPrefix + UUID().uuidString,
                status: "Starting",
                startedAt: Date()
            )
            try await store.recordJob(intent)
            let job = try await client.startJob(definition)
            events(.jobStarted(jobID: job.id.absoluteString, status: job.status))
            afterStep(.jobStarted)
            let record = jobRecord(job)
            try await store.recordJob(record)
            try await store.updateJob(company: settings.company, jobID: intent.jobID, status: "Superseded")
            afterStep(.jobRecorded)
            pending = [record]
        }

        for record in pending {
            report.jobs.append(try await finish(record))
        }
        let lines = report.jobs.reduce(0) { $0 + $1.recordsLoaded }
        if report.succeeded && lines == 0 {
            report.nothingNew = "no approved reports were waiting for extract"
            events(.nothingNew(reason: report.nothingNew ?? ""))
        }
        report.quarantineWaiting = try await QuarantineWorkflow(store: store).list(company: settings.company).count
        return report
    }

    /// Polls, downloads, archives, checks, loads and posts one recorded job.
    func finish(_ record: ExtractJobRecord) async throws -> SyncReport.Job {
        guard let url = URL(string: record.jobID) else {
            throw ExtractClientError(
                .invalidConfiguration,
                "the recorded job id '\(record.jobID)' is not a URL",
                operation: "sync"
            )
        }
        var result = SyncReport.Job(
            jobID: record.jobID,
            statuses: [],
            batches: [],
            linesLoaded: 0,
            recordsLoaded: 0,
            quarantined: [],
            posted: false
        )
        let statuses = StatusCollector()
        let current = try await client.status(at: url)
        let done: ExtractJob
        do {
            done = try await client.waitForCompletion(current) { job, elapsed in
                statuses.add(job.status.word, elapsed)
                self.events(.jobStatus(jobID: record.jobID, status: job.status, elapsed: elapsed))
            }
        } catch let error as ExtractClientError where error.code == .jobFailed {
            try await store.updateJob(company: settings.company, jobID: record.jobID, status: "Failed")
            throw error
        }
        result.statuses = statuses.values
        try await store.updateJob(company: settings.company, jobID: record.jobID, status: done.status.word)
        afterStep(.jobCompleted)

        let directory = settings.downloads.appendingPathComponent(Self.safeName(settings.company))
        let file = try await client.download(done, into: directory)
        result.file = file.path.path
        result.size = file.size
        result.sha256 = file.sha256
        events(.downloaded(path: file.path.path, size: file.size, sha256: file.sha256))
        afterStep(.downloaded)

        if file.kind == .zip {
            // Keep the zip as it came, beside its SAE entries.
            let archived = try archive.store(
                fileAt: file.path.path,
                originalName: file.path.lastPathComponent,
                company: settings.company,
                jobID: record.jobID
            )
            try await store.recordRawFile(archived)
        }
        guard !file.saeFiles.isEmpty else {
            let quarantine = try await store.quarantine(
                QuarantineRecord(
                    sha256: file.sha256,
                    fileName: file.path.lastPathComponent,
                    code: "not-an-extract",
                    reason: "the download holds no SAE file (\(file.contentType))",
                    batchID: nil,
                    company: settings.company,
                    jobID: record.jobID
                )
            )
            try await store.updateJob(company: settings.company, jobID: record.jobID, status: "Quarantined")
            result.quarantined.append(quarantine)
            events(.quarantined(quarantine))
            return result
        }
        let loader = LedgerLoader(
            store: store,
            archive: archive,
            options: settings.readerOptions,
            configuration: settings.journal,
            loadOptions: settings.loadOptions,
            unbalancedReports: settings.unbalancedReports
        )
        for sae in file.saeFiles {
            switch try await loader.loadFile(
                at: sae.path,
                originalName: sae.lastPathComponent,
                company: settings.company,
                jobID: record.jobID
            ) {
            case .loaded(let load, let batch):
                result.batches.append(load.batchID)
                result.linesLoaded += load.linesWritten
                let records = batch.headerRecordCount
                result.recordsLoaded += records
                events(.loaded(batchID: load.batchID, lines: load.linesWritten, records: records))
            case .alreadyLoaded(let batchID):
                result.batches.append(batchID)
                events(.alreadyLoaded(batchID: batchID))
            case .quarantined(let quarantine):
                result.quarantined.append(quarantine)
                events(.quarantined(quarantine))
            }
        }
        afterStep(.loaded)
        if !result.quarantined.isEmpty {
            try await store.updateJob(company: settings.company, jobID: record.jobID, status: "Quarantined")
            return result
        }
        try await store.markJobPosted(company: settings.company, jobID: record.jobID)
        result.posted = true
        events(.posted(jobID: record.jobID))
        afterStep(.posted)
        try? FileManager.default.removeItem(at: file.path)  // the archive keeps the lasting copy
        return result
    }

    static func safeName(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}

/// Statuses seen while polling, gathered from the progress callback.
final class StatusCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [(status: String, elapsed: Duration)] = []
    func add(_ status: String, _ elapsed: Duration) {
        lock.withLock {
            if seen.last?.status != status { seen.append((status, elapsed)) }
        }
    }
    var values: [(status: String, elapsed: Duration)] { lock.withLock { seen } }
}
