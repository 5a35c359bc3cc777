import ArgumentParser
import ExtractClient
import ExtractSync
import Foundation

/// `concur-extract fetch JOB`: downloads a completed job's file.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a completed job's file (JOB is the job's URL).",
        discussion: ExitStatus.help([.success, .failed, .usage, .network, .retryLater, .authentication, .configuration])
    )

    @OptionGroup var options: ClientOptions
    @Argument(help: "The job's URL.") var job: String
    @Option(help: "The folder to put the downloaded file in.") var outputDir = "."
    /// `--output`, the folder's old spelling (`--output` is now a file): hidden for one release.
    @Option(name: .customLong("output"), help: .hidden) var deprecatedOutput: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (client, _, _) = try options.makeClient()
        let url = try ClientOptions.jobURL(job)
        let current = try await client.status(at: url)
        guard current.status == .completed else {
            throw ValidationError(
                "the job is \(current.status), not Completed; nothing to fetch yet (see `concur-extract status`)"
            )
        }
        let file = try await TerminalProgress().download(
            current,
            with: client,
            into: DownloadFolder.resolve(outputDir, deprecated: deprecatedOutput)
        )
        let report = JobReport(current, file: file)
        if json { try printEncoded(report) } else { print(report.text, terminator: "") }
    }
}
