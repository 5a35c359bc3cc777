import ArgumentParser
import ExtractSync
import Foundation

/// The `concur-extract` command line.
@main
struct ConcurExtract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concur-extract",
        abstract: "Get approved spend out of SAP Concur and into the general ledger.",
        discussion: "Exit codes (every command):\n" + ExitStatus.table,
        version: versionText,
        subcommands: [
            DemoCommand.self, SyncCommand.self, ServeCommand.self, ExportCommand.self, QuarantineCommand.self,
            ParseCommand.self, ConfirmPaymentCommand.self, DoctorCommand.self, InitCommand.self,
            LoginCommand.self, DefinitionsCommand.self, RunCommand.self, StatusCommand.self,
            FetchCommand.self, SandboxCommand.self, GenerateCommand.self, ReportCommand.self,
        ]
    )

    /// ArgumentParser's main, except that a failure one of ``ExitStatus``'s codes names (configuration, network,
    /// authentication, try later) prints one line, `Error: …`, without the usage, and exits with that code.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            let status = ExitStatus(classifying: error)
            guard status != .failed else { exit(withError: error) }
            let line = String(describing: error).replacingOccurrences(of: "\n", with: " ")
            FileHandle.standardError.write(Data("Error: \(line)\n".utf8))
            Foundation.exit(status.rawValue)
        }
    }
}
