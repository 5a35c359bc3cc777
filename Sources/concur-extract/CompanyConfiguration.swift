import AccountingExtract
import ArgumentParser
import ExtractAPI
import ExtractClient
import Foundation
import Ledger
import Logging

/// The companies a `sync --all` or `serve` runs, from a configuration file with one section per company:
///
/// ```toml
/// [company.acme]
/// base_url = "https://us.api.concursolutions.com"
/// client_id = "…"
/// client_secret_env = "ACME_CLIENT_SECRET"    # the secret is read from this environment variable
/// username = "…company UUID…"
/// password_env = "ACME_REQUEST_TOKEN"
/// credential_type = "authtoken"
/// definition = "Standard Accounting Extract"
/// every_minutes = 60
/// unbalanced = "hold"                           # or "post-balanced"
/// journal = "/etc/concur-extract/acme-journal.toml"   # offset accounts and payment type names (optional)
/// ```
///
/// `client_secret` and `password` may also stand in the file itself (keep it mode 0600).
struct CompanyConfiguration: Sendable {
    var name: String
    var baseURL: Geolocation
    var client: ClientCredentials
    var login: LoginCredentials?
    var definition: String
    var every: Duration
    var format: ExtractAPI.Format
    var unbalancedReports: LedgerLoader.UnbalancedReportPolicy
    var journal: JournalConfiguration = JournalConfiguration()

    static func load(
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [CompanyConfiguration] {
        let file = try ConfigurationFile(path: path)
        var names: [String] = []
        for key in file.values.keys.sorted() where key.hasPrefix("company.") {
            let rest = key.dropFirst("company.".count)
            guard let dot = rest.firstIndex(of: ".") else { continue }
            let name = String(rest[..<dot])
            if !names.contains(name) { names.append(name) }
        }
        guard !names.isEmpty else { throw ValidationError("\(path) lists no [company.NAME] section") }
        return try names.map { name in
            func value(_ key: String) -> String? {
                if let direct = file["company.\(name).\(key)"] { return direct }
                if let variable = file["company.\(name).\(key)_env"] { return environment[variable] }
                return nil
            }
            guard let base = value("base_url"), let geolocation = Geolocation(base) else {
                throw ValidationError("\(path): company \(name) needs a base_url (https)")
            }
            guard let clientID = value("client_id"), let secret = value("client_secret") else {
                throw ValidationError(
                    "\(path): company \(name) needs client_id and client_secret (or client_secret_env naming a set variable)"
                )
            }
            var login: LoginCredentials?
            if let username = value("username"), let password = value("password") {
                login = LoginCredentials(
                    username: username,
                    password: password,
                    credentialType: value("credential_type")
                )
            }
            let minutes = Int(value("every_minutes") ?? "60") ?? 60
            let format: ExtractAPI.Format = value("format")?.lowercased() == "json" ? .json : .xml
            guard let policy = LedgerLoader.UnbalancedReportPolicy(rawValue: value("unbalanced") ?? "hold") else {
                throw ValidationError("\(path): company \(name): unbalanced is hold or post-balanced")
            }
            return CompanyConfiguration(
                name: name,
                baseURL: geolocation,
                client: ClientCredentials(clientID: clientID, clientSecret: secret),
                login: login,
                definition: value("definition") ?? "Standard Accounting Extract",
                every: .seconds(max(1, minutes) * 60),
                format: format,
                unbalancedReports: policy,
                journal: try value("journal").map {
                    try PostingOptions.journalConfiguration(ConfigurationFile(path: $0))
                }
                    ?? JournalConfiguration()
            )
        }
    }

    /// A client for this company, its token kept under `state/companies/NAME/`.
    func makeClient(state: URL, pollInterval: Int) throws -> ExtractClient {
        let directory = state.appendingPathComponent("companies").appendingPathComponent(name)
        try PrivateFiles.createDirectory(directory.path)
        let tokens = TokenStore(
            client: client,
            geolocation: baseURL,
            login: login,
            persistence: FileTokenPersistence(url: directory.appendingPathComponent("token.json")),
            fetcher: ExtractClient.tokenFetcher()
        )
        let poller = JobPollerConfiguration(interval: .seconds(max(5, pollInterval)), jitter: .seconds(1))
        return ExtractClient(configuration: ExtractClientConfiguration(format: format, poller: poller), tokens: tokens)
    }
}
