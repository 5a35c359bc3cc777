public import AccountingExtract
public import ExtractAPI
public import ExtractClient
public import Foundation
public import Ledger
import Synchronization

/// Takes one company from "reports approved in Concur" to "balanced journal lines in the ledger", exactly once.
///
/// Each step is durable before the next: the job is recorded before it is polled; the file is archived
/// (content-addressed by SHA-256) before it is checked; the batch's lines and offsets are loaded in one
/// transaction keyed so that loading it again changes nothing; then the job is marked posted. A rerun after a
/// crash resumes recorded jobs (by definition and job id, under whatever host Concur is reached now), adopts the
/// job its open intent led to (``JobOwnership``), and reloads nothing twice. Jobs of the definition this ledger did
/// not start are foreign: recorded, listed in ``SyncReport/foreignJobs``, never posted unless adopted.
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
        /// A foreign job to take into this ledger and post (`sync --adopt`): its URL or id.
        public var adopt: String?
        /// How long a job's start may take (see ``JobOwnership/StartWindow``).
        public var startWindow: JobOwnership.StartWindow

        public init(
            company: String,
            definition: String = "Standard Accounting Extract",
            downloads: URL,
            journal: JournalConfiguration = JournalConfiguration(),
            readerOptions: SAEReader.Options = .strict,
            loadOptions: LoadOptions = .default,
            unbalancedReports: LedgerLoader.UnbalancedReportPolicy = .holdBatch,
            adopt: String? = nil,
            startWindow: JobOwnership.StartWindow = .default
        ) {
            self.startWindow = startWindow
            self.unbalancedReports = unbalancedReports
            self.adopt = adopt
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
    ///   - client: the Extract client, logged in to the company.
    ///   - store: the ledger the company's jobs and journal lines are recorded in.
    ///   - archive: where each downloaded file is kept before it is checked.
    ///   - settings: the company, definition and loading rules.
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
    /// before the `POST` so that a crash right after it can be recognised, and `Sending` the same intent once its
    /// first `POST` was about to leave; `Superseded` closes that mark once the
    /// job is recorded, `Abandoned` when no job came of it, `Ambiguous` when its job could not be told from another
    /// writer's (``JobOwnership``).
    static let finalStatuses: Set<String> = [
        "Sending",
        "Failed", "Quarantined", "Starting", "Superseded", "Abandoned", "Ambiguous",
    ]

    /// The prefix of the job id of an intent record (see ``finalStatuses``).
    static let intentPrefix = "intent:"

    /// `true` for a record of a real job (not an intent to start one).
    public static func isJob(_ record: ExtractJobRecord) -> Bool { !record.jobID.hasPrefix(intentPrefix) }

    /// `true` for a recorded job that a run must still finish: this ledger's own, not posted, and neither failed,
    /// quarantined nor a closed intent.
    public static func isUnfinished(_ record: ExtractJobRecord) -> Bool {
        isJob(record) && record.ownership == .owned && !record.isPosted && !finalStatuses.contains(record.status)
    }

    /// Concur's job id in what a person typed: a job URL (any host) or the id itself.
    ///
    /// ```swift
    /// SyncPipeline.concurJobID("https://us.api.concursolutions.com/api/expense/extract/v1.0/nYo/job/uIo8")  // "uIo8"
    /// ```
    public static func concurJobID(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.contains("/"), let url = URL(string: trimmed) else { return trimmed }
        return ExtractAPI.Route(url: url)?.jobID ?? url.lastPathComponent
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
        guard var record = try await store.job(company: company, jobID: jobID), isJob(record) else {
            throw SyncError(
                .unknownJob,
                "no job \(jobID) of company \(company) is recorded in this ledger; sync lists the foreign jobs it sees"
            )
        }
        guard !record.isPosted else {
            throw SyncError(.alreadyPosted, "job \(jobID) of company \(company) is posted in this ledger already")
        }
        try await store.setJobOwnership(company: company, jobID: jobID, ownership: .dismissed, note: note)
        record.ownership = .dismissed
        record.note = note
        return record
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
        where isJob(record) && record.ownership == .foreign {
            dismissed.append(try await dismiss(jobID: record.jobID, company: company, note: note, in: store))
        }
        return dismissed
    }

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
        // Host-free: the same definition and jobs whatever base URL or geolocation Concur is reached under.
        let definitionKey = definition.stableID
        let company = settings.company
        /// The ledger's record of a job Concur reports.
        func jobRecord(_ job: ExtractJob, _ ownership: ExtractJobRecord.Ownership = .owned) -> ExtractJobRecord {
            ExtractJobRecord(
                company: company,
                definitionID: definitionKey,
                jobID: job.jobID,
                status: job.status.word,
                startedAt: job.startTime.date,
                url: job.id.absoluteString,
                ownership: ownership
            )
        }
        var report = SyncReport(company: company, definition: definition.name, jobs: [], nothingNew: nil)

        // 1. What this ledger recorded, what Concur lists, and whose each job is.
        let recorded = try await store.jobs(company: company, includePosted: true).filter {
            $0.definitionID == definitionKey
        }
        let listed = try await client.jobs(of: definition)
        let window = settings.startWindow
        let decision = JobOwnership.decide(recorded: recorded, concurJobs: listed, now: Date(), window: window)
        var pending = decision.resume
        for record in pending { events(.resuming(jobID: record.jobID, status: record.status)) }

        // 2. Jobs this ledger did not start: recorded as foreign (never lost from view, never posted silently);
        //    those recorded earlier get Concur's current status.
        //    The candidates of an ambiguous interrupted start say so; the intent is closed.
        var hints: [String: String] = [:]
        for ambiguity in decision.ambiguous {
            for job in ambiguity.candidates {
                hints[job.jobID] =
                    "may be this ledger's own: \(ambiguity.reason) (at \(ExtractTimestamp(ambiguity.intent.startedAt))); adopt the right one with sync --adopt"
            }
        }
        for job in decision.foreign {
            var record = jobRecord(job, .foreign)
            record.note = hints[job.jobID]
            try await store.recordJob(record)
        }
        for ambiguity in decision.ambiguous {
            try await store.updateJob(company: company, jobID: ambiguity.intent.jobID, status: "Ambiguous")
            events(.intentAmbiguous(intentID: ambiguity.intent.jobID, jobIDs: ambiguity.candidates.map(\.jobID)))
        }
        var listedByID: [String: ExtractJob] = [:]
        for job in listed where listedByID[job.jobID] == nil { listedByID[job.jobID] = job }
        for record in recorded where record.ownership == .foreign {
            guard let job = listedByID[record.jobID],
                job.status.word != record.status || job.id.absoluteString != record.url
            else { continue }
            try await store.updateJob(
                company: company,
                jobID: record.jobID,
                status: job.status.word,
                url: job.id.absoluteString
            )
        }

        // 3. Jobs this ledger started but never recorded (a crash right after the POST): adopted, their intent closed.
        for adoption in decision.adopt {
            let record = jobRecord(adoption.job)
            try await store.recordJob(record)
            try await store.updateJob(company: company, jobID: adoption.intent.jobID, status: "Superseded")
            events(.adopted(jobID: record.jobID))
            if Self.isUnfinished(record) { pending.append(record) }
        }
        for intent in decision.abandon {
            try await store.updateJob(company: company, jobID: intent.jobID, status: "Abandoned")
            events(.intentAbandoned(intentID: intent.jobID))
        }

        // 4. A foreign job taken in explicitly (sync --adopt).
        if let wanted = settings.adopt {
            let jobID = Self.concurJobID(wanted)
            guard let current = try await store.job(company: company, jobID: jobID),
                Self.isJob(current), current.definitionID == definitionKey
            else {
                throw SyncError(
                    .unknownJob,
                    "no job \(jobID) of '\(definition.name)' is in Concur's list or this ledger: check the id (sync lists the foreign jobs)"
                )
            }
            guard !current.isPosted else {
                throw SyncError(.alreadyPosted, "job \(jobID) is posted in this ledger already: nothing to adopt")
            }
            if current.ownership != .owned {
                try await store.setJobOwnership(
                    company: company,
                    jobID: jobID,
                    ownership: .owned,
                    note: JobOwnership.adoptedNote
                )
                var adopted = current
                adopted.ownership = .owned
                events(.adopted(jobID: jobID))
                if Self.isUnfinished(adopted) { pending.append(adopted) }
            }
        }

        // 5. Nothing to resume and no start of this ledger in flight: start a job (never attaching to another's).
        if let latest = decision.inFlight.map(window.closes).max() {
            report.startInFlight = latest
            events(.startInFlight(until: latest))
        }
        if pending.isEmpty && decision.inFlight.isEmpty {
            let intent = ExtractJobRecord(
                company: company,
                definitionID: definitionKey,
                jobID: Self.intentPrefix + UUID().uuidString,
                status: JobOwnership.openIntentStatus,
                startedAt: Date()
            )
            try await store.recordJob(intent)
            afterStep(.intentRecorded)
            var started: ExtractJob?
            do {
                // Never attaches to a job someone else started (a 409, or a job that appeared meanwhile): only
                // a job this call started, or the single one that appeared after an ambiguous failure.
                started = try await client.startOwnJob(
                    definition,
                    knownJobIDs: Set(listed.map(\.jobID)),
                    sendBefore: window.sendBefore(intent),
                    willSend: { [store] in
                        // The fence: only while the intent is open (no other run judged it meanwhile).
                        let open = try await store.transitionJob(
                            company: company,
                            jobID: intent.jobID,
                            from: JobOwnership.openIntentStatuses,
                            to: JobOwnership.sendingIntentStatus
                        )
                        guard open else {
                            throw SyncError(
                                .intentClosed,
                                "another run closed this run's start of a job (its window had passed) before it was sent: nothing was sent; the next run starts again"
                            )
                        }
                    },
                    takeSingleNewJob: !decision.otherWriterSeen
                )
            } catch let error as ExtractClientError where error.code == .jobRunning {
                // Someone else's job is running: nothing was started; that job is recorded as foreign.
                try await store.updateJob(company: company, jobID: intent.jobID, status: "Abandoned")
                events(.intentAbandoned(intentID: intent.jobID))
                let known = Set(try await store.jobs(company: company, includePosted: true).map(\.jobID))
                var seen = Set<String>()
                for running in try await client.jobs(of: definition)
                where !known.contains(running.jobID) && seen.insert(running.jobID).inserted {
                    try await store.recordJob(jobRecord(running, .foreign))
                }
            } catch let error as ExtractClientError where error.tookNoEffect {
                // Nothing sent, or every attempt refused (a 4xx, 429 or 503 answer): no job came of it.
                try? await store.updateJob(company: company, jobID: intent.jobID, status: "Abandoned")
                throw error
            }
            // Any other failure leaves the intent open: whether a job came of it, the first run after its window
            // decides (adopted, abandoned, or listed as foreign when it cannot be told from another writer's).
            if let job = started {
                events(.jobStarted(jobID: job.jobID, status: job.status))
                afterStep(.jobStarted)
                let record = jobRecord(job)
                try await store.recordJob(record)
                try await store.updateJob(company: company, jobID: intent.jobID, status: "Superseded")
                afterStep(.jobRecorded)
                pending = [record]
            }
        }

        for record in pending {
            switch await currentState(of: record, in: definition) {
            case .reachable(let job):
                report.jobs.append(try await finish(record, current: job))
            case .unreachable(let unreachable):
                report.unreachableJobs.append(unreachable)
                events(.unreachable(unreachable))
            }
        }

        // 6. Every foreign job not yet adopted or dismissed, on every run.
        report.foreignJobs = try await store.jobs(company: company, includePosted: false)
            .filter { $0.definitionID == definitionKey && $0.ownership == .foreign && Self.isJob($0) }
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

    enum JobState {
        case reachable(ExtractJob)
        case unreachable(UnreachableJob)
    }

    /// The recorded job as Concur shows it now, asked under the *current* definition's job link (so a new host,
    /// port or geolocation finds the same job).
    func currentState(of record: ExtractJobRecord, in definition: ExtractDefinition) async -> JobState {
        guard let job = definition.jobURL(jobID: record.jobID), let url = URL(string: job.absoluteString + "/status")
        else {
            return .unreachable(
                UnreachableJob(jobID: record.jobID, url: record.url ?? "", reason: "the job id makes no URL")
            )
        }
        do {
            return .reachable(try await client.status(at: url))
        } catch let error as ExtractClientError {
            let answer = error.statusCode.map { "HTTP \($0): " } ?? ""
            return .unreachable(
                UnreachableJob(jobID: record.jobID, url: url.absoluteString, reason: answer + error.message)
            )
        } catch {
            return .unreachable(UnreachableJob(jobID: record.jobID, url: url.absoluteString, reason: "\(error)"))
        }
    }

    /// Polls, downloads, archives, checks, loads and posts one recorded job (`current`: its state just read).
    func finish(_ record: ExtractJobRecord, current: ExtractJob) async throws -> SyncReport.Job {
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
        try await store.updateJob(
            company: settings.company,
            jobID: record.jobID,
            status: done.status.word,
            url: done.id.absoluteString
        )
        afterStep(.jobCompleted)

        let directory = settings.downloads.appendingPathComponent(Self.safeName(settings.company))
        let file: DownloadedExtract
        do {
            file = try await client.download(done, into: directory)
        } catch let error as ExtractClientError where error.code == .unsafeArchive {
            guard let refused = error.underlying as? RefusedArchive else { throw error }
            return try await quarantine(refused, of: record, into: result)
        }
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
            file.removeExtractedCopies()  // the zip holding them is archived
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
                originalName: file.originalNames[sae] ?? sae.lastPathComponent,
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
        // Every entry is archived now (loaded or quarantined, beside the zip): the extracted copies go.
        file.removeExtractedCopies()
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

    /// A downloaded zip the archive limits refused: the zip is archived as it came (raw files are never lost),
    /// quarantined with the refusal's code and reason, and the job marked quarantined, so that the run exits
    /// non-zero and later runs do not download it again (the quarantine workflow shows it).
    func quarantine(
        _ refused: RefusedArchive,
        of record: ExtractJobRecord,
        into result: SyncReport.Job
    ) async throws -> SyncReport.Job {
        var result = result
        result.file = refused.path.path
        result.size = refused.size
        result.sha256 = refused.sha256
        events(.downloaded(path: refused.path.path, size: refused.size, sha256: refused.sha256))
        let archived = try archive.store(
            fileAt: refused.path.path,
            originalName: refused.path.lastPathComponent,
            company: settings.company,
            jobID: record.jobID
        )
        try await store.recordRawFile(archived)
        let reason = refused.reason
        let quarantine = try await store.quarantine(
            QuarantineRecord(
                sha256: refused.sha256,
                fileName: refused.path.lastPathComponent,
                code: reason.code.rawValue,
                reason: "the zip was refused: \(reason.message)",
                batchID: nil,
                company: settings.company,
                jobID: record.jobID,
                value: reason.value
            )
        )
        try await store.updateJob(company: settings.company, jobID: record.jobID, status: "Quarantined")
        result.quarantined.append(quarantine)
        events(.quarantined(quarantine))
        try? FileManager.default.removeItem(at: refused.path)  // the archive keeps the lasting copy
        return result
    }

    static func safeName(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
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
