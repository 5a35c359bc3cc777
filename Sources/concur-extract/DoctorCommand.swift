import ArgumentParser
import ExtractConfiguration
import ExtractSync
import Foundation

/// `concur-extract doctor`: checks the setup, one line a check, then a verdict; exits with the first failure's code.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the setup: configuration, server, clock, token, scopes, definitions, ledger, folders, disk.",
        discussion: """
            Each check prints one line (ok, warning, failed or skipped) and the last line is the verdict. The exit \
            code is that of the first failed check (78 configuration, 69 network, 77 token or scopes, 1 ledger, \
            folders, disk or clock); warnings exit 0. Secrets are never printed. Nothing is written but a token \
            obtained or refreshed, as any command would.
            """
                + "\n\n"
                + ExitStatus.help(
                    [.success, .failed, .usage, .network, .authentication, .configuration],
                    [.failed: "a check failed for another reason (the first failed check decides)"]
                )
    )

    @OptionGroup var client: ClientOptions
    @OptionGroup var data: DataOptions
    @Flag(help: "Print the report as one JSON object (checks: name, outcome, detail, problem; ready; verdict).")
    var json = false

    func run() async throws {
        let location = data.location
        let state = (try? client.resolve().stateDirectory) ?? ClientOptions.defaultStateDirectory
        let options = client
        let doctor = Doctor(
            configurationFile: client.configurationFile,
            connect: {
                let (concur, tokens, resolved) = try options.makeClient()
                return Doctor.Connection(client: concur, tokens: tokens, baseURL: resolved.baseURL)
            },
            database: location.databaseURL,
            folders: [.init("data", location.directory.path), .init("state", state.path)]
        )
        let report = await doctor.run()
        if json { try printEncoded(report) } else { print(report.text, terminator: "") }
        let status = ExitStatus(report)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
