import ArgumentParser
import ExtractOperations
import ExtractSync
import Foundation
import ServiceLifecycle
import Synchronization

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

            Every event is one log line on standard error, written at once (systemd and docker show it live): \
            time (RFC 3339, UTC), level, event and its fields (company, job, batch, …), as --log-format text \
            (default) or json; secrets never. --alert-webhook URL (or alert_webhook in a company's section) posts \
            an alert on a failed run, a quarantined file, a foreign job, and a company with no successful run \
            for twice its interval, in the background (a dead webhook never slows a run).
            """
                + "\n\n"
                + ExitStatus.help(
                    [.success, .failed, .foreignJobs, .usage, .configuration, .interrupted],
                    [
                        .success: "stopped by a signal; with --once, every company due ran well (or none was due)",
                        .failed: "with --once, a company failed (run failed, file quarantined, job unreachable)",
                        .foreignJobs: "with --once, every run succeeded but foreign jobs wait",
                    ]
                )
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
    @Flag(help: "Run the companies that are due once, then exit (non-zero when a company failed).") var once = false
    @Option(
        help: ArgumentHelp(
            "Serve the status page (/, /company/NAME), /healthz, /readyz and /metrics on HOST:PORT (port 0: a free port, printed).",
            valueName: "host:port"
        )
    ) var http: String?
    @OptionGroup var logging: LoggingOptions
    @Option(
        help: ArgumentHelp(
            "Record every exchange in FILE as a redacted HAR trace (as the client commands' --trace).",
            valueName: "FILE"
        )
    )
    var trace: String?

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
        // serve always logs (text at info unless told otherwise).
        guard let logger = try logging.logger(always: true) else { return }
        let lastPass = Mutex<Int32?>(nil)
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
            observe: { [feed] in feed.send($0) },
            logger: logger,
            alertWebhook: try logging.webhook(),
            passFinished: { report in lastPass.withLock { $0 = report.exitCode } },
            trace: trace
        )
        logger.info(
            "serve.started",
            metadata: [
                "companies": "\(schedule.companies.count)", "worker": "\(name)", "ledger": "\(location.databaseURL)",
                "alerts": "\(schedule.notifier.map { _ in "on" } ?? "off")",
            ]
        )
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
                        logger.info("serve.http", metadata: ["address": "http://\(shown)"])
                    }
                ),
            ]
        }
        try await ServeSignals.run(
            schedule.scheduler,
            services: services,
            notifier: schedule.notifier,
            logger: logger
        )
        try await schedule.store.close()
        // --once: the pass's exit code (ExitStatus: 1 a company failed, 4 foreign jobs wait).
        if once, let code = lastPass.withLock({ $0 }), code != 0 { throw ExitCode(code) }
    }
}
