import ArgumentParser
import ExtractOperations
import ExtractSync
import Foundation
import ServiceLifecycle

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
            "Serve the status page (/, /company/NAME), /healthz, /readyz and /metrics on HOST:PORT (port 0: a free port, printed).",
            valueName: "host:port"
        )
    ) var http: String?

    func run() async throws {
        let address: OperationsAddress?
        do {
            address = try http.map { try OperationsAddress(parsing: $0) }
        } catch {
            throw ValidationError("\(error)")
        }
        let location = data.location
        let name = worker ?? SyncCommand.defaultWorker
        let state = try ClientOptions.stateDirectory(flag: stateDir)
        var feed = SyncMetricsFeed()
        let schedule = try await CompanySchedule(
            path: companies,
            missing: "serve needs --companies FILE (or CONCUR_EXTRACT_COMPANIES)",
            location: location,
            state: state,
            json: false,
            pollInterval: pollInterval,
            configuration: .init(
                worker: name,
                parallel: parallel,
                tick: .seconds(max(1, tick)),
                leaseDuration: SyncScheduler.Configuration.leaseDuration(),
                once: once
            ),
            observe: { [feed] in feed.send($0) }
        )
        print("serve: \(schedule.companies.count) companies, worker \(name), ledger \(location.databaseURL)")
        var services: [any Service] = []
        if let address {
            let registry = OperationsMetrics.bootstrap()
            feed.metrics = SyncMetrics(store: schedule.store)
            let check = ReadinessCheck(store: schedule.store, companies: schedule.companies, state: state)
            services = [
                feed,
                OperationsServer(
                    address: address,
                    routes: [
                        OperationsServer.health(), OperationsServer.readiness(check),
                        OperationsServer.metrics(registry),
                        OperationsServer.statusPage(
                            store: schedule.store,
                            schedule: schedule.companies.map { ScheduledCompany(name: $0.name, every: $0.every) }
                        ),
                    ],
                    onListening: { port in
                        let shown = OperationsAddress(host: address.host, port: port)
                        // Written at once (not buffered): scripts and tests read the port taken.
                        FileHandle.standardOutput.write(Data("serve: operations endpoint on http://\(shown)\n".utf8))
                    }
                ),
            ]
        }
        try await ServeSignals.run(schedule.scheduler, services: services)
        try await schedule.store.close()
    }
}
