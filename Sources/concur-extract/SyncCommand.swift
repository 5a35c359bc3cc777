import ArgumentParser
import ExtractClient
import ExtractConfiguration
import ExtractSync
import Foundation

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

            --log-format text|json (or --log-level) writes the progress as log lines on standard error, one an event \
            with its time and fields, secrets never; the report still goes to standard output (text, or --json). \
            With --all, --alert-webhook URL posts an alert for each failed run, quarantined file and foreign job.
            """
                + "\n\n"
                + ExitStatus.help(
                    [.success, .failed, .foreignJobs, .usage, .network, .retryLater, .authentication, .configuration],
                    [
                        .success: "everything posted (or nothing new)",
                        .failed:
                            "a file quarantined, a recorded job unreachable, or the run failed (--all: any company)",
                        .foreignJobs: "everything of this ledger posted, but foreign jobs wait (--adopt, --dismiss)",
                    ]
                )
    )

    @OptionGroup var options: ClientOptions
    @OptionGroup var data: DataOptions
    @Option(help: "The company's key in the ledger.") var company = "default"
    @Option(help: "The definition's name or id.") var definition = "Standard Accounting Extract"
    @Option(help: "Seconds between status checks (at least 5).") var pollInterval = 30
    @Flag(help: "Print the report as one JSON object (with --all: the pass's, every company's outcome).")
    var json = false
    @Flag(help: "Sync every company of --companies, concurrently.") var all = false
    @Option(help: "A configuration file with one [company.NAME] section per company (for --all).") var companies:
        String?
    @Option(help: "How many companies run at once (with --all).") var parallel = 4
    @Option(help: "This worker's name in the leases (default: host and process id).") var worker: String?
    @OptionGroup var posting: PostingOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Take this foreign job (its URL or id) into this ledger and post it.") var adopt: String?
    @Flag(help: "No one else starts this definition's jobs: an interrupted start then adopts its job unasked.")
    var soleWriter = false
    @Option(
        help:
            "Mark this foreign or unreachable job (its URL or id; 'all': every foreign job) as handled elsewhere; needs --note."
    )
    var dismiss: String?
    @Option(help: "Where the dismissed job was handled (kept in the ledger with it).") var note: String?
    @Option(
        help:
            "Where postings come from: 'extract' (jobs and SAE files) or 'fis' (Financial Integration Service documents; a company token with FISVC)."
    )
    var source: String = "extract"
    @Option(help: "FIS: the systemId this ledger acknowledges and confirms as (env CONCUR_FIS_SYSTEM_ID).")
    var systemID: String?

    func run() async throws {
        let policy = try posting.policy()
        let journal = try posting.journalConfiguration()
        if let dismiss { return try await runDismiss(dismiss) }
        if all { return try await runAll() }
        if logging.alertWebhook != nil {
            throw ValidationError(
                "--alert-webhook is for sync --all and serve (a single sync reports by its exit code)"
            )
        }
        let (client, _, _) = try options.makeClient(
            poller: JobPollerConfiguration(interval: .seconds(max(5, pollInterval)), jitter: .seconds(1))
        )
        let location = data.location
        let (store, archive) = try await location.open()
        var settings = SyncPipeline.Settings(
            company: company,
            definition: definition,
            downloads: location.directory.appendingPathComponent("downloads"),
            journal: journal,
            unbalancedReports: policy,
            adopt: adopt,
            startWindow: .fromEnvironment(),
            soleWriter: soleWriter
        )
        settings.kind = try sourceKind()
        settings.systemID =
            systemID ?? ProcessInfo.processInfo.environment["CONCUR_FIS_SYSTEM_ID"] ?? SyncSourceKind.defaultSystemID
        let report = try await SyncOutput.run(
            client: client,
            store: store,
            archive: archive,
            settings,
            json: json,
            logger: try logging.logger(always: false)
        )
        try await store.close()
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// `--source`, checked.
    func sourceKind() throws -> SyncSourceKind {
        guard let kind = SyncSourceKind(rawValue: source.lowercased()) else {
            throw ValidationError("--source must be 'extract' or 'fis', got '\(source)'")
        }
        return kind
    }
}
