import ArgumentParser

/// The `concur-extract` command line.
@main
struct ConcurExtract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concur-extract",
        abstract: "Get approved spend out of SAP Concur and into the general ledger.",
        version: versionText,
        subcommands: [
            DemoCommand.self, SyncCommand.self, ServeCommand.self, ExportCommand.self, QuarantineCommand.self,
            ParseCommand.self,
            LoginCommand.self, DefinitionsCommand.self, RunCommand.self, StatusCommand.self,
            FetchCommand.self, SandboxCommand.self, GenerateCommand.self,
        ]
    )
}
