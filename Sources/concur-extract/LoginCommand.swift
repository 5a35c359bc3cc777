import ArgumentParser
import ExtractClient
import ExtractConfiguration
import ExtractSync

/// `concur-extract login`: gets a token with the password grant and keeps it (mode 0600).
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract:
            "Log in with the password grant (a user, or a company request token with --credential-type authtoken) and keep the token.",
        discussion:
            "The token and its rotated refresh token are kept in the state directory (mode 0600); later commands refresh it as needed. Secrets are never printed."
            + "\n\n"
            + ExitStatus.help([.success, .failed, .usage, .network, .retryLater, .authentication, .configuration])
    )

    @OptionGroup var options: ClientOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (_, tokens, resolved) = try options.makeClient()
        guard let login = resolved.login else {
            throw ConfigurationError(
                .missingKey,
                file: "",
                line: 0,
                key: "username",
                "login needs --username and --password (or CONCUR_USERNAME and CONCUR_PASSWORD, or username and password in the configuration file)"
            )
        }
        let report = LoginReport(try await tokens.login(login), stateDirectory: resolved.stateDirectory)
        if json { try printEncoded(report) } else { print(report.text, terminator: "") }
    }
}
