import AccountingExtract
import ArgumentParser
import ExtractClient
import ExtractConfiguration
import ExtractSync
import Foundation
import Ledger

#if canImport(Glibc)
import Glibc
#endif

/// Where the ledger, the archive and the downloads live.
struct DataOptions: ParsableArguments {
    @Option(
        help:
            "The data directory: ledger database (SQLite by default), raw-file archive, downloads. Default: $CONCUR_EXTRACT_DATA, else $XDG_DATA_HOME/concur-extract, else ~/.local/share/concur-extract."
    )
    var dataDir: String?

    @Option(
        help:
            "The ledger database: a SQLite path (sqlite:///path) or postgres://user@host:port/db. Default: DATA-DIR/ledger.sqlite."
    )
    var database: String?

    var location: DataLocation {
        let directory: URL
        if let dataDir {
            directory = URL(fileURLWithPath: dataDir)
        } else if let env = ProcessInfo.processInfo.environment["CONCUR_EXTRACT_DATA"] {
            directory = URL(fileURLWithPath: env)
        } else {
            directory = BaseDirectories().data
        }
        return DataLocation(
            directory: directory,
            database: database ?? ProcessInfo.processInfo.environment["CONCUR_EXTRACT_DATABASE"]
        )
    }
}

/// The data directory and the ledger database.
struct DataLocation {
    var directory: URL
    /// The `--database` value; `nil` means SQLite in the data directory.
    var database: String?

    var databaseURL: String { database ?? directory.appendingPathComponent("ledger.sqlite").path }

    /// Opens (and migrates) the store and the archive: the directory, the archive and a SQLite ledger are created
    /// 0700/0600 whatever the umask; one that other users can read is reported on standard error (a warning, not
    /// a failure: the user may share it on purpose, e.g. with a backup account's group).
    func open() async throws -> (any LedgerStore, RawFileArchive) {
        try PrivateFiles.createDirectory(directory.path)
        for warning in exposureWarnings() { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        let store = try await LedgerStores.open(databaseURL)
        _ = try await store.migrate()
        let archive = try RawFileArchive(directory: directory.appendingPathComponent("archive").path)
        return (store, archive)
    }

    /// Opens the ledger for a command that reads it (or works on what it holds): never creates the data directory,
    /// the database or its schema.
    func openExisting() async throws -> any LedgerStore {
        if database == nil {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                throw LedgerError(
                    .ledgerNotFound,
                    "no data directory at \(directory.path): check --data-dir (or CONCUR_EXTRACT_DATA); a read never creates one"
                )
            }
        }
        let store = try await LedgerStores.openExisting(databaseURL)
        for warning in exposureWarnings() { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        return store
    }

    /// A warning for the data directory and for a SQLite ledger file that group or others can read.
    func exposureWarnings() -> [String] {
        var warnings = [PrivateFiles.exposure(of: directory.path, what: "the data directory")]
        if case .sqlite(path: let path)? = try? LedgerDatabaseURL(databaseURL) {
            warnings.append(PrivateFiles.exposure(of: path, what: "the ledger database"))
        }
        return warnings.compactMap { $0 }
    }
}

/// `concur-extract sync`: runs the extract and posts it to the ledger, exactly once.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Extract approved spend from Concur and post it to the ledger, exactly once.",
        discussion: """
            Starts the definition's job (or resumes one recorded earlier), polls it, downloads and archives the file, \
            checks it, and loads its balanced journal in one transaction. Rerunning after a crash finishes the work \
            with no line lost and none doubled, whatever host name Concur is reached under.

            A job of the definition this ledger did not start (another ledger's, a colleague's `run`) is foreign: \
            recorded, listed with a warning on every run, and never downloaded or posted. Post it here with \
            --adopt JOB (its URL or id), or mark it handled elsewhere with --dismiss JOB --note TEXT.

            Exit codes: 0 everything posted (or nothing new); 1 a file was quarantined, a recorded job could not be \
            reached, or the run failed; 4 everything of this ledger posted, but foreign jobs wait to be adopted or \
            dismissed; 64 bad arguments.
            """
    )

    @OptionGroup var options: ClientOptions
    @OptionGroup var data: DataOptions
    @Option(help: "The company's key in the ledger.") var company = "default"
    @Option(help: "The definition's name or id.") var definition = "Standard Accounting Extract"
    @Option(help: "Seconds between status checks (at least 5).") var pollInterval = 30
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Sync every company of --companies, concurrently.") var all = false
    @Option(help: "A configuration file with one [company.NAME] section per company (for --all).") var companies:
        String?
    @Option(help: "How many companies run at once (with --all).") var parallel = 4
    @Option(help: "This worker's name in the leases (default: host and process id).") var worker: String?
    @OptionGroup var posting: PostingOptions
    @Option(help: "Take this foreign job (its URL or id) into this ledger and post it.") var adopt: String?
    @Flag(
        help: """
            No one else starts this definition's jobs (no other ledger, no colleague): a start interrupted between \
            its POST and recording the job then adopts that job; otherwise the job is listed as foreign, to adopt.
            """
    ) var soleWriter = false
    @Option(
        help:
            "Mark this foreign or unreachable job (its URL or id; 'all': every foreign job) as handled elsewhere; needs --note."
    )
    var dismiss: String?
    @Option(help: "Where the dismissed job was handled (kept in the ledger with it).") var note: String?

    func run() async throws {
        let policy = try posting.policy()
        let journal = try posting.journalConfiguration()
        if let dismiss {
            guard let note, !note.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--dismiss needs --note TEXT saying where the job was handled")
            }
            let (store, _) = try await data.location.open()
            do {
                let records =
                    dismiss == "all"
                    ? try await SyncPipeline.dismissAllForeign(company: company, note: note, in: store)
                    : [try await SyncPipeline.dismiss(jobID: dismiss, company: company, note: note, in: store)]
                try await store.close()
                for record in records {
                    print("job \(record.jobID) of \(company) dismissed (kept in the ledger): \(note)")
                }
                if records.isEmpty { print("no foreign job of \(company) to dismiss") }
            } catch {
                try? await store.close()
                throw error
            }
            return
        }
        if all {
            try await runAll()
            return
        }
        let (client, _, _) = try options.makeClient(
            poller: JobPollerConfiguration(interval: .seconds(max(5, pollInterval)), jitter: .seconds(1))
        )
        let location = data.location
        let (store, archive) = try await location.open()
        let report = try await SyncRunner.run(
            client: client,
            store: store,
            archive: archive,
            company: company,
            definition: definition,
            downloads: location.directory.appendingPathComponent("downloads"),
            json: json,
            unbalancedReports: policy,
            adopt: adopt,
            soleWriter: soleWriter,
            journal: journal
        )
        try await store.close()
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    func runAll() async throws {
        guard let path = companies ?? ProcessInfo.processInfo.environment["CONCUR_EXTRACT_COMPANIES"] else {
            throw ValidationError("--all needs --companies FILE (or CONCUR_EXTRACT_COMPANIES)")
        }
        if soleWriter {
            throw ValidationError(
                "with --all, say sole_writer = true in each company's section instead of --sole-writer"
            )
        }
        let list = try CompanyConfiguration.load(path: path)
        let location = data.location
        let (store, archive) = try await location.open()
        let state = try options.stateDirectory()
        let outcomes = await SyncAllRunner.run(
            companies: list,
            store: store,
            archive: archive,
            location: location,
            state: state,
            worker: worker ?? Self.defaultWorker,
            parallel: parallel,
            pollInterval: pollInterval
        )
        let waiting = try await QuarantineWorkflow(store: store).waiting(companies: list.map(\.name))
        try await store.close()
        for outcome in outcomes { print("\(outcome.company): \(outcome.summary)") }
        for count in waiting { print("quarantine: \(count)") }
        if outcomes.contains(where: { $0.error != nil }) { throw ExitCode(1) }
        if outcomes.contains(where: { !($0.report?.foreignJobs.isEmpty ?? true) }) { throw ExitCode(4) }
    }

    static var defaultWorker: String { "\(ProcessInfo.processInfo.hostName)-\(getpid())" }
}

/// Runs a pipeline with progress output; shared by `sync` and `demo`.
enum SyncRunner {
    static func run(
        client: ExtractClient,
        store: any LedgerStore,
        archive: RawFileArchive,
        company: String,
        definition: String,
        downloads: URL,
        json: Bool,
        unbalancedReports: LedgerLoader.UnbalancedReportPolicy = .holdBatch,
        adopt: String? = nil,
        soleWriter: Bool = false,
        journal: JournalConfiguration = JournalConfiguration()
    ) async throws -> SyncReport {
        let started = Date()
        let pipeline = SyncPipeline(
            client: client,
            store: store,
            archive: archive,
            settings: .init(
                company: company,
                definition: definition,
                downloads: downloads,
                journal: journal,
                unbalancedReports: unbalancedReports,
                adopt: adopt,
                startWindow: SyncAllRunner.startWindow,
                soleWriter: soleWriter
            ),
            events: { event in show(event, since: started, json: json) },
            afterStep: crashHook
        )
        let report = try await pipeline.run()
        if json {
            printJSON([
                "company": report.company,
                "definition": report.definition,
                "succeeded": report.succeeded,
                "nothingNew": report.nothingNew ?? NSNull(),
                "foreignJobs": report.foreignJobs.map { job -> [String: Any] in
                    [
                        "id": job.jobID, "url": job.url, "status": job.status,
                        "startTime": job.startedAt.formatted(.iso8601), "note": job.note ?? NSNull(),
                    ]
                },
                "unreachableJobs": report.unreachableJobs.map { ["id": $0.jobID, "url": $0.url, "reason": $0.reason] },
                "jobs": report.jobs.map { job -> [String: Any] in
                    [
                        "jobId": job.jobID, "posted": job.posted, "file": job.file ?? NSNull(),
                        "size": job.size ?? NSNull(),
                        "sha256": job.sha256 ?? NSNull(), "batches": job.batches, "linesLoaded": job.linesLoaded,
                        "recordsLoaded": job.recordsLoaded,
                        "quarantined": job.quarantined.map {
                            ["id": $0.id.map { NSNumber(value: $0) } ?? NSNull(), "code": $0.code, "reason": $0.reason]
                        },
                    ]
                },
                "quarantineWaiting": report.quarantineWaiting ?? NSNull(),
                "startInFlightUntil": report.startInFlight?.formatted(.iso8601) ?? NSNull(),
            ])
        } else if let waiting = report.quarantineWaiting {
            print("quarantine: \(QuarantineCount(company: company, waiting: waiting))")
        }
        return report
    }

    /// Progress on standard output (text mode only); warnings about foreign and unreachable jobs on standard error
    /// in both modes, so that `--json` output stays one object.
    static func show(_ event: SyncEvent, since start: Date, json: Bool, prefix: String = "") {
        switch event {
        case .foreignJob, .unreachable:
            FileHandle.standardError.write(Data((prefix + describe(event, since: start) + "\n").utf8))
        default:
            if !json { print(prefix + describe(event, since: start)) }
        }
    }

    static func describe(_ event: SyncEvent, since start: Date) -> String {
        let stamp = String(format: "[%5.1fs]", Date().timeIntervalSince(start))
        switch event {
        case .definitionsFound(let names): return "\(stamp) definitions: \(names.joined(separator: ", "))"
        case .resuming(let job, let status): return "\(stamp) resuming job \(job) (last seen \(status))"
        case .adopted(let job): return "\(stamp) adopting job \(job)"
        case .foreignJob(let job):
            return
                "\(stamp) WARNING: foreign job \(job.jobID) (started \(job.startedAt.formatted(.iso8601)), \(job.status)) was not started by this ledger\(job.note.map { " (\($0.debugEscaped))" } ?? "") and is not posted: sync --adopt \(job.jobID) to post it here, or sync --dismiss \(job.jobID) --note TEXT if it was handled elsewhere (\(job.url))"
        case .unreachable(let job):
            return
                "\(stamp) ERROR: recorded job \(job.jobID) could not be resumed at \(job.url) (\(job.reason)); it stays recorded and no other job was started in its place: check the base URL, or sync --dismiss \(job.jobID) --note TEXT"
        case .intentAbandoned(let intent):
            return "\(stamp) closed \(intent): no job of it is in Concur's list"
        case .intentAmbiguous(let intent, let jobs):
            return
                "\(stamp) WARNING: closed \(intent): its job cannot be told from another writer's among \(jobs.joined(separator: ", ")); they are listed as foreign"
        case .startInFlight(let until):
            return
                "\(stamp) an earlier start of this ledger may still be under way: nothing new is started; the first run after \(until.formatted(.iso8601)) decides whether a job came of it"
        case .jobStarted(let job, let status): return "\(stamp) started job \(job) (\(status))"
        case .jobStatus(let job, let status, _):
            return "\(stamp) job \(URL(string: job)?.lastPathComponent ?? job): \(status)"
        case .downloaded(let path, let size, let sha):
            return "\(stamp) downloaded \(size) bytes, sha256 \(sha) (\(path))"
        case .loaded(let batch, let lines, let records):
            return "\(stamp) loaded batch \(batch): \(records) DETAIL lines → \(lines) journal lines (with offsets)"
        case .alreadyLoaded(let batch): return "\(stamp) batch \(batch) was already loaded: nothing changed"
        case .quarantined(let record):
            let id = record.id.map { " (quarantine id \($0))" } ?? ""
            return "\(stamp) QUARANTINED \(record.fileName)\(id): [\(record.code)] \(record.reason)"
        case .posted(let job): return "\(stamp) job \(URL(string: job)?.lastPathComponent ?? job) posted"
        case .nothingNew(let reason): return "\(stamp) nothing new to extract: \(reason)"
        }
    }

    /// For the crash tests: `CONCUR_EXTRACT_CRASH_AFTER=<step>` kills the process (SIGKILL) right after that step.
    static let crashHook: @Sendable (SyncStep) -> Void = { step in
        guard let wanted = ProcessInfo.processInfo.environment["CONCUR_EXTRACT_CRASH_AFTER"], wanted == step.rawValue
        else { return }
        kill(getpid(), SIGKILL)
    }
}

/// `concur-extract export`: writes the ledger's journal as CSV or JSON Lines, or the reconciliation.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write the journal (CSV or JSON Lines, in an ERP-neutral layout with a stable column order) or the reconciliation summary."
    )

    @OptionGroup var data: DataOptions
    @Option(help: "csv, jsonl, or reconciliation.") var format = "csv"
    @Option(help: "Only this company's batches (its name in the configuration, as sync --company).") var company:
        String?
    @Option(help: "Only this batch (with --company when several companies share the ledger).") var batch: String?
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        let store = try await data.location.openExisting()
        defer { Task { try? await store.close() } }
        let filter = try await JournalFilter.checked(company: company, batchID: batch, in: store)
        if format == "reconciliation" {
            try write(try await store.reconciliation(filter).csv)
            return
        }
        guard let exportFormat = JournalExportFormat(rawValue: format) else {
            throw ValidationError("the format is csv, jsonl or reconciliation, not '\(format)'")
        }
        if let output {
            try await store.exportJournal(exportFormat, filter, toFile: output)
        } else {
            print(try await store.exportJournal(exportFormat, filter), terminator: "")
        }
    }

    func write(_ text: String) throws {
        if let output {
            try PrivateFiles.write(Array(text.utf8), to: output)
        } else {
            print(text, terminator: "")
        }
    }
}
