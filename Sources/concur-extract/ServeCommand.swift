import ArgumentParser
import Dispatch
import ExtractConfiguration
import ExtractSync
import Foundation
import Ledger
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `concur-extract serve`: runs every company's sync on its schedule, as a long-running process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run each company's sync on its schedule (hourly by default) until SIGTERM.",
        discussion: """
            A company is due when its last recorded job started more than its interval ago (every_minutes in \
            --companies); the schedule lives in the ledger, so several `serve` processes sharing a PostgreSQL \
            ledger share the work, each company's run claimed with a lease. On SIGTERM or SIGINT the process \
            starts nothing new, finishes the runs in hand and exits 0; a second signal exits at once (every step \
            is durable, and the next run resumes).
            """
    )

    @OptionGroup var data: DataOptions
    @Option(help: "The configuration file with one [company.NAME] section per company.") var companies: String?
    @Option(
        help:
            "Where tokens are kept (mode 0700). Default: $XDG_STATE_HOME/concur-extract, else ~/.local/state/concur-extract."
    ) var stateDir: String?
    @Option(help: "How many companies run at once.") var parallel = 4
    @Option(help: "Seconds between status checks of a job (at least 5).") var pollInterval = 30
    @Option(help: "Seconds between looks at the schedule.") var tick = 30
    @Option(help: "This worker's name in the leases (default: host and process id).") var worker: String?
    @Flag(help: "Run the companies that are due once, then exit.") var once = false

    func run() async throws {
        guard let path = companies ?? ProcessInfo.processInfo.environment["CONCUR_EXTRACT_COMPANIES"] else {
            throw ValidationError("serve needs --companies FILE (or CONCUR_EXTRACT_COMPANIES)")
        }
        let list = try CompanyConfiguration.load(path: path)
        let location = data.location
        let (store, archive) = try await location.open()
        let state = try ClientOptions.stateDirectory(flag: stateDir)
        let name = worker ?? SyncCommand.defaultWorker
        let shutdown = ShutdownSignal()
        shutdown.install()
        print("serve: \(list.count) companies, worker \(name), ledger \(location.databaseURL)")
        while !shutdown.requested {
            let due = try await Self.due(list, store: store)
            if !due.isEmpty {
                let outcomes = await SyncAllRunner.run(
                    companies: due,
                    store: store,
                    archive: archive,
                    location: location,
                    state: state,
                    worker: name,
                    parallel: parallel,
                    pollInterval: pollInterval,
                    isStillDue: { company in try await !Self.due([company], store: store).isEmpty }
                )
                for outcome in outcomes where !outcome.skipped {
                    print("serve: \(outcome.company): \(outcome.summary)")
                }
                for count in try await QuarantineWorkflow(store: store).waiting(companies: due.map(\.name)) {
                    print("serve: quarantine: \(count)")
                }
            }
            if once { break }
            await shutdown.sleep(seconds: tick)
        }
        if shutdown.requested { print("serve: stopping (signal received); the runs in hand finished") }
        try await store.close()
    }

    /// The companies whose last recorded job started longer ago than their interval (or never ran).
    static func due(_ companies: [CompanyConfiguration], store: any LedgerStore) async throws -> [CompanyConfiguration]
    {
        var due: [CompanyConfiguration] = []
        for company in companies {
            // This ledger's own jobs: a foreign job says nothing of when this ledger last ran.
            let jobs = try await store.jobs(company: company.name, includePosted: true).filter {
                $0.ownership == .owned
            }
            // A start that came to nothing is a run too.
            let starts = try await store.intents(company: company.name, openOnly: false).map(\.recordedAt)
            let unfinished = jobs.contains(where: SyncPipeline.isUnfinished)
            guard let last = (jobs.map(\.startedAt) + starts).max(), !unfinished else {
                due.append(company)
                continue
            }
            if Date().timeIntervalSince(last) >= Double(company.every.components.seconds) { due.append(company) }
        }
        return due
    }
}

/// SIGTERM and SIGINT: the first asks for a graceful stop, the second exits at once.
final class ShutdownSignal: Sendable {
    /// The signals seen so far.
    private let count = Mutex(0)
    /// The installed sources, kept alive as long as this object.
    private let sources = Mutex<[any DispatchSourceSignal]>([])

    var requested: Bool { count.withLock { $0 > 0 } }

    func install() {
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            sources.withLock { sources in
                // Made under the lock, so that the (non-Sendable) source never leaves it.
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { [weak self] in self?.received() }
                source.resume()
                sources.append(source)
            }
        }
    }

    private func received() {
        let seen = count.withLock {
            $0 += 1
            return $0
        }
        if seen > 1 {
            FileHandle.standardError.write(Data("serve: second signal: exiting now; the next run resumes\n".utf8))
            exit(130)
        }
        FileHandle.standardError.write(
            Data("serve: signal received: finishing the runs in hand, starting nothing new\n".utf8)
        )
    }

    /// Sleeps up to `seconds`, waking early when a stop is requested.
    func sleep(seconds: Int) async {
        for _ in 0..<(max(1, seconds) * 10) where !requested {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
