import ArgumentParser
import ExtractClient
import ExtractSync

/// `concur-extract definitions`: lists the company's extract definitions.
struct DefinitionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "definitions",
        abstract: "List the company's extract definitions.",
        discussion: ExitStatus.help([.success, .failed, .usage, .network, .retryLater, .authentication, .configuration])
    )

    @OptionGroup var options: ClientOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (client, _, _) = try options.makeClient()
        let definitions = try await client.definitions().map(DefinitionReport.init)
        if json { return try printEncoded(definitions) }
        for definition in definitions { print(definition.text) }
    }
}
