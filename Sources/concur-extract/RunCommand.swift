import AccountingExtract
import ArgumentParser
import ExtractClient
import ExtractSync
import Foundation

/// `concur-extract run DEFINITION`: starts a job (or attaches to the running one), polls it, downloads the file.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Run an extract definition: start a job (or attach to the running one), wait for it, download the file.",
        discussion:
            "A definition runs at most once an hour (the last run is kept in the state directory); --force overrides that."
            + "\n\n"
            + ExitStatus.help([.success, .failed, .usage, .network, .retryLater, .authentication, .configuration])
    )

    @OptionGroup var options: ClientOptions
    @Argument(help: "The definition's name (e.g. \"Standard Accounting Extract\") or id.") var definition: String
    @Option(help: "The folder to put the downloaded file in.") var outputDir = "."
    /// `--output`, the folder's old spelling (`--output` is now a file): hidden for one release.
    @Option(name: .customLong("output"), help: .hidden) var deprecatedOutput: String?
    @Flag(help: "Run even if the definition ran less than an hour ago.") var force = false
    @Flag(help: "Start the job and print it, without waiting.") var noWait = false
    @Option(help: "Seconds between status checks (at least 5; Concur suggests 30).") var pollInterval = 30
    @Option(help: "The longest wait for the job, in minutes.") var maximumWait = 60
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (client, _, resolved) = try options.makeClient(
            poller: JobPollerConfiguration(
                interval: .seconds(max(5, pollInterval)),
                jitter: .seconds(max(1, pollInterval / 10)),
                maximumWait: .seconds(maximumWait * 60)
            )
        )
        let found = try await client.definition(named: definition)
        let throttle = RunThrottle(
            persistence: FileRunHistoryPersistence(url: resolved.stateDirectory.appendingPathComponent("runs.json"))
        )
        let job = try await throttle.run(
            definition: found.id.absoluteString,
            at: client.configuration.clock.now,
            force: force
        ) { try await client.startJob(found) }
        if noWait {
            if json {
                try printEncoded(JobReport(job))
            } else {
                print("started \(job.id.absoluteString) (\(job.status))")
            }
            return
        }
        let progress = TerminalProgress()
        let done = try await client.waitForCompletion(job) { job, elapsed in
            progress.show("job \(job.id.lastPathComponent): \(job.status) after \(elapsed.components.seconds) s")
        }
        progress.end()
        let report = JobReport(
            done,
            file: try await progress.download(
                done,
                with: client,
                into: DownloadFolder.resolve(outputDir, deprecated: deprecatedOutput)
            )
        )
        if json { try printEncoded(report) } else { print(report.text, terminator: "") }
    }
}
