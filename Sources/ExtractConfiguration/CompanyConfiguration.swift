public import AccountingExtract
public import ExtractAPI
public import ExtractClient
public import Foundation
public import Ledger

/// One company that `sync --all` or `serve` runs, from a configuration file with one section per company:
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
/// sole_writer = false     # true: no one else starts this definition's jobs (an interrupted start adopts its job)
/// source = "extract"       # or "fis": the Financial Integration Service's documents (company token, FISVC)
/// system_id = "LEDGER01"   # FIS: the systemId this ledger acknowledges and confirms as (default concur-extract)
/// alert_webhook_env = "ACME_ALERT_WEBHOOK"   # where this company's alerts go (https; default: --alert-webhook)
/// ```
///
/// Each text key may instead be given as `KEY_env`, naming an environment variable that holds it (which must be
/// set); `client_secret` and `password` may stand in the file itself (keep it mode 0600). An unknown key, a value
/// of the wrong type or out of range, or a company named twice is a ``ConfigurationError`` naming the file, the
/// line and the key.
///
/// ```swift
/// let companies = try CompanyConfiguration.load(path: "/etc/concur-extract/companies.toml")
/// for company in companies { print(company.name, company.every) }
/// ```
public struct CompanyConfiguration: Sendable {
    public var name: String
    public var baseURL: Geolocation
    public var client: ClientCredentials
    public var login: LoginCredentials?
    public var definition: String
    public var every: Duration
    public var format: ExtractWire.Format
    public var unbalancedReports: LedgerLoader.UnbalancedReportPolicy
    /// Whether this ledger is declared the only one starting the definition's jobs (`sole_writer`, default
    /// `false`): only then does a start interrupted between its `POST` and recording the job adopt that job
    /// without `sync --adopt` (see `JobOwnership` in ExtractSync).
    public var soleWriter: Bool
    public var journal: JournalConfiguration
    /// Where the postings come from (`source`, default `extract`).
    public var source: SyncSourceKind
    /// FIS: the `systemId` of this ledger (`system_id`, default ``SyncSourceKind/defaultSystemID``).
    public var systemID: String
    /// Where this company's alerts are posted (`alert_webhook`); `nil`: the global `--alert-webhook`, if any.
    public var alertWebhook: AlertWebhook?

    /// The text keys of a company section; each may also be given as `KEY_env`.
    static let textKeys = [
        "base_url", "client_id", "client_secret", "username", "password", "credential_type", "definition", "format",
        "unbalanced", "journal", "source", "system_id", "alert_webhook",
    ]
    static let knownKeys = textKeys.flatMap { [$0, $0 + "_env"] } + ["every_minutes", "sole_writer"]
    /// The longest schedule: a year of minutes (a larger number would overflow the duration).
    static let maximumMinutes = 525_600

    /// The companies of the file at `path`, sorted by name; `environment` resolves `KEY_env`.
    public static func load(
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> [CompanyConfiguration] {
        try companies(in: ConfigurationDocument(path: path), environment: environment)
    }

    /// The companies of a parsed file, sorted by name.
    public static func companies(
        in document: ConfigurationDocument,
        environment: [String: String]
    ) throws(ConfigurationError) -> [CompanyConfiguration] {
        let root = document.table
        // The client settings may share the file (config.toml with its companies); they are read elsewhere.
        try root.requireKnown(
            ["company"],
            tolerated: ClientFileSettings.keys,
            also: ": each company's keys go under its [company.NAME] header"
        )
        guard let section = try root.table("company"), !section.entries.isEmpty else {
            throw ConfigurationError(
                .missingKey,
                file: document.file,
                line: 0,
                key: "company",
                "the file lists no [company.NAME] section"
            )
        }
        // Sorted by name, as before: the order of the runs and of their report lines.
        let names = section.entries.keys.sorted()
        var companies: [CompanyConfiguration] = []
        for name in names {
            guard let value = section.entries[name], case .table = value else {
                throw section.error(
                    .badValue,
                    name,
                    "'company.\(name)' must be a [company.NAME] section, not a value; put each company's keys under [company.NAME]"
                )
            }
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw section.error(
                    .badValue,
                    name,
                    "the company name '\(name)' must be letters, digits, '_' or '-' (it names a directory and the ledger's company)"
                )
            }
            guard let table = try section.table(name) else { continue }
            companies.append(try CompanyConfiguration(table, name: name, environment: environment))
        }
        return companies
    }

    init(_ table: ConfigurationTable, name: String, environment: [String: String]) throws(ConfigurationError) {
        try table.requireKnown(Self.knownKeys)
        /// `key`, or the variable `key_env` names; both, or a variable not set, is an error.
        func text(_ key: String) throws(ConfigurationError) -> String? {
            let direct = try table.string(key)
            guard let variable = try table.string(key + "_env") else { return direct }
            guard direct == nil else {
                throw table.error(.badValue, key + "_env", "give '\(key)' or '\(key)_env', not both")
            }
            guard let value = environment[variable], !value.isEmpty else {
                throw table.error(
                    .badValue,
                    key + "_env",
                    "'\(key)_env' names the environment variable \(variable), which is not set"
                )
            }
            return value
        }
        func missing(_ key: String, _ message: String) -> ConfigurationError {
            ConfigurationError(
                .missingKey,
                file: table.document.file,
                line: table.line(),
                key: "company.\(name).\(key)",
                "[company.\(name)] needs \(message)"
            )
        }
        guard let base = try text("base_url") else { throw missing("base_url", "a base_url (https)") }
        guard Geolocation.refusal(of: base) == nil, let geolocation = Geolocation(base) else {
            throw table.badValue(
                table.entries["base_url"] == nil ? "base_url_env" : "base_url",
                "an https URL with its scheme (http only for localhost)",
                got: .string(base)
            )
        }
        guard let clientID = try text("client_id") else { throw missing("client_id", "a client_id") }
        guard let secret = try text("client_secret") else {
            throw missing("client_secret", "a client_secret, or client_secret_env naming an environment variable")
        }
        let username = try text("username")
        let password = try text("password")
        var login: LoginCredentials?
        switch (username, password) {
        case (let username?, let password?):
            login = LoginCredentials(
                username: username,
                password: password,
                credentialType: try text("credential_type")
            )
        case (nil, nil): login = nil
        case (nil, _?): throw missing("username", "a username with its password")
        case (_?, nil): throw missing("password", "a password (or password_env) with its username")
        }
        let minutes =
            try table.integer(
                "every_minutes",
                in: 1...Self.maximumMinutes,
                expected: "a whole number of minutes ≥ 1 (at most \(Self.maximumMinutes), a year)"
            ) ?? 60
        let formats = ["xml": ExtractWire.Format.xml, "json": .json]
        let formatText = try text("format") ?? "xml"
        guard let format = formats[formatText.lowercased()] else {
            throw table.badValue(
                table.entries["format"] == nil ? "format_env" : "format",
                "\"xml\" or \"json\"",
                got: .string(formatText)
            )
        }
        let policyText = try text("unbalanced") ?? "hold"
        guard let policy = LedgerLoader.UnbalancedReportPolicy(rawValue: policyText) else {
            throw table.badValue(
                table.entries["unbalanced"] == nil ? "unbalanced_env" : "unbalanced",
                "\"hold\" or \"post-balanced\"",
                got: .string(policyText)
            )
        }
        let definition = try text("definition") ?? "Standard Accounting Extract"
        guard !definition.isEmpty else {
            throw table.badValue("definition", "the name of an extract definition", got: .string(definition))
        }
        let sourceText = try text("source") ?? SyncSourceKind.extract.rawValue
        guard let source = SyncSourceKind(rawValue: sourceText.lowercased()) else {
            throw table.badValue(
                table.entries["source"] == nil ? "source_env" : "source",
                "\"extract\" or \"fis\"",
                got: .string(sourceText)
            )
        }
        let systemID = try text("system_id") ?? SyncSourceKind.defaultSystemID
        guard (1...50).contains(systemID.count) else {
            throw table.badValue(
                table.entries["system_id"] == nil ? "system_id_env" : "system_id",
                "a FIS systemId of 1 to 50 characters",
                got: .string(systemID)
            )
        }
        if let hook = try text("alert_webhook") {
            do throws(AlertWebhook.Refusal) {
                alertWebhook = try AlertWebhook(hook)
            } catch {
                let key = table.entries["alert_webhook"] == nil ? "alert_webhook_env" : "alert_webhook"
                throw table.error(.badValue, key, "'\(key)': \(error.reason) (an https URL)")
            }
        } else {
            alertWebhook = nil
        }
        self.source = source
        self.systemID = systemID
        self.name = name
        self.baseURL = geolocation
        self.client = ClientCredentials(clientID: clientID, clientSecret: secret)
        self.login = login
        self.definition = definition
        self.every = .seconds(minutes * 60)
        self.format = format
        self.unbalancedReports = policy
        self.soleWriter = try table.boolean("sole_writer") ?? false
        self.journal =
            try text("journal").map { path throws(ConfigurationError) in
                try JournalConfiguration(configurationFile: path)
            } ?? JournalConfiguration()
    }
}
