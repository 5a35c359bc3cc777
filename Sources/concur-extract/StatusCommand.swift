import ArgumentParser
import ExtractClient
import ExtractSync
import Foundation

/// `concur-extract status JOB`: shows a job's status.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a job's status (JOB is the job's URL, as run prints it).",
        discussion: ExitStatus.help([.success, .failed, .usage, .network, .retryLater, .authentication, .configuration])
    )

    @OptionGroup var options: ClientOptions
    @Argument(help: "The job's URL.") var job: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (client, _, _) = try options.makeClient()
        let url = try ClientOptions.jobURL(job)
        let report = JobReport(try await client.status(at: url))
        if json { try printEncoded(report) } else { print(report.text, terminator: "") }
    }
}
