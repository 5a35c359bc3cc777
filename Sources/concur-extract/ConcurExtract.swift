import ArgumentParser

/// The `concur-extract` command line.
@main
struct ConcurExtract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concur-extract",
        abstract: "Get approved spend out of SAP Concur and into the general ledger.",
        subcommands: [ParseCommand.self, GenerateCommand.self, SandboxCommand.self]
    )
}
