import ArgumentParser
import ExtractConfiguration
import ExtractSync
import Foundation

/// `concur-extract init`: writes a commented configuration file (mode 0600) from flags, asking for what is
/// missing only when standard input is a terminal.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented configuration file (mode 0600) for one company or several.",
        discussion: """
            Without --company it writes one company's client settings at the top level (what every command reads); \
            with --company NAME (repeatable) one [company.NAME] section each, for sync --all and serve, with their \
            secrets read from NAME_CLIENT_SECRET, NAME_USERNAME and NAME_PASSWORD. On a terminal it asks for a \
            missing base URL or client ID; otherwise they are required flags. An existing file is kept unless \
            --force.
            """
                + "\n\n" + ExitStatus.help([.success, .failed, .usage, .configuration])
    )

    @Option(
        name: .shortAndLong,
        help: "The file to write. Default: $CONCUR_EXTRACT_CONFIG, else $XDG_CONFIG_HOME/concur-extract/config.toml."
    )
    var output: String?
    @Flag(help: "Replace the file if it exists.") var force = false
    @Option(help: "The base URL to log in at (your data center), with its scheme.") var baseURL: String?
    @Option(help: "The app's client ID.") var clientID: String?
    @Option(
        help: "The client secret, written into the file (prefer CONCUR_CLIENT_SECRET; flags show in process lists)."
    )
    var clientSecret: String?
    @Option(help: "One company: the login user, or the company UUID with --credential-type authtoken.")
    var username: String?
    @Option(help: "One company: the password or request token, written into the file (prefer CONCUR_PASSWORD).")
    var password: String?
    @Option(help: "'authtoken' for a company request token.") var credentialType: String?
    @Option(name: .customLong("company"), help: "A company's section (repeatable): several companies.")
    var companies: [String] = []
    @Option(help: "The extract definition each company runs.") var definition = "Standard Accounting Extract"
    @Option(help: "How often each company runs, in minutes.") var everyMinutes = 60
    @Flag(help: "Print the result as one JSON object (file, companies, mode).") var json = false

    func run() throws {
        let interactive = isatty(STDIN_FILENO) == 1
        func value(
            _ flag: String?,
            _ key: String,
            _ question: String,
            default fallback: String? = nil
        ) throws
            -> String
        {
            if let flag { return flag }
            guard interactive else {
                if let fallback { return fallback }
                throw ConfigurationError(
                    .missingKey,
                    file: "",
                    line: 0,
                    key: key,
                    "give --\(key.replacingOccurrences(of: "_", with: "-"))"
                )
            }
            FileHandle.standardError.write(Data("\(question)\(fallback.map { " [\($0)]" } ?? ""): ".utf8))
            let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces)
            return answer.isEmpty ? fallback ?? "" : answer
        }
        var template = ConfigurationTemplate(
            baseURL: try value(
                baseURL,
                "base_url",
                "Base URL",
                default: "https://us.api.concursolutions.com"
            ),
            clientID: try value(clientID, "client_id", "Client ID")
        )
        template.clientSecret = clientSecret
        template.username = username
        template.password = password
        template.credentialType = credentialType
        template.companies = companies
        if companies.isEmpty, interactive, clientID == nil {
            let names = try value(
                nil,
                "company",
                "Companies for sync --all (names, comma-separated; empty: one)",
                default: ""
            )
            template.companies = names.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        template.definition = definition
        template.everyMinutes = everyMinutes
        let path =
            output ?? ProcessInfo.processInfo.environment["CONCUR_EXTRACT_CONFIG"]
            ?? BaseDirectories().config.appendingPathComponent("config.toml").path
        let written = try template.write(to: path, force: force)
        if json { try printEncoded(written) } else { print(written.text, terminator: "") }
    }
}
