import ArgumentParser
import ExtractSync
import Foundation

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
    @Option(
        help: ArgumentHelp(
            "Record every exchange in FILE as a redacted HAR trace (as the client commands' --trace).",
            valueName: "FILE"
        )
    )
    var trace: String?

    func run() async throws {
        let location = data.location
        let name = worker ?? SyncCommand.defaultWorker
        let schedule = try await CompanySchedule(
            path: companies,
            missing: "serve needs --companies FILE (or CONCUR_EXTRACT_COMPANIES)",
            location: location,
            state: try ClientOptions.stateDirectory(flag: stateDir),
            json: false,
            pollInterval: pollInterval,
            configuration: .init(
                worker: name,
                parallel: parallel,
                tick: .seconds(max(1, tick)),
                leaseDuration: SyncScheduler.Configuration.leaseDuration(),
                once: once
            ),
            trace: trace
        )
        print("serve: \(schedule.companies.count) companies, worker \(name), ledger \(location.databaseURL)")
        try await ServeSignals.run(schedule.scheduler)
        try await schedule.store.close()
    }
}
