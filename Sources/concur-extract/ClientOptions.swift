import AccountingExtract
import ArgumentParser
import ExtractAPI
import ExtractClient
import ExtractConfiguration
import Foundation
import Logging

/// The options every command that talks to Concur shares. Each value comes from a flag, else the environment,
/// else the configuration file; flags win.
struct ClientOptions: ParsableArguments {
    @Option(
        help:
            "A configuration file (TOML). Default: $CONCUR_EXTRACT_CONFIG, else $XDG_CONFIG_HOME/concur-extract/config.toml (~/.config/…) when present."
    )
    var config: String?

    @Option(
        help:
            "The base URL to log in at (env CONCUR_BASE_URL; config base_url). Later calls follow the token's geolocation."
    )
    var baseURL: String?

    @Option(help: "The app's client ID (env CONCUR_CLIENT_ID; config client_id).")
    var clientID: String?

    @Option(
        help:
            "The app's client secret (env CONCUR_CLIENT_SECRET; config client_secret). Prefer the environment: flags show in process lists."
    )
    var clientSecret: String?

    @Option(
        help:
            "For login: the user name, or the company UUID with --credential-type authtoken (env CONCUR_USERNAME; config username)."
    )
    var username: String?

    @Option(help: "For login: the password, or the company request token (env CONCUR_PASSWORD; config password).")
    var password: String?

    @Option(
        help: "For login: 'authtoken' for a company request token (env CONCUR_CREDENTIAL_TYPE; config credential_type)."
    )
    var credentialType: String?

    @Option(
        help:
            "Where the token and run history are kept, mode 0700 (env CONCUR_EXTRACT_STATE; config state_dir). Default: $XDG_STATE_HOME/concur-extract, else ~/.local/state/concur-extract."
    )
    var stateDir: String?

    @Option(help: "The API's wire format: xml (Concur's default) or json (env CONCUR_FORMAT; config format).")
    var wireFormat: String?

    /// `--format`, the wire format's old spelling: kept hidden for one release (`--format` now means what is
    /// printed or exported).
    @Option(name: .customLong("format"), help: .hidden)
    var deprecatedFormat: String?

    @Flag(help: "Log each request and its correlation id to standard error.")
    var verbose = false

    @Option(
        help: ArgumentHelp(
            "Record every exchange with Concur in FILE as HAR 1.2 (mode 0600, rewritten after each exchange), with tokens, secrets, cookies and personal data redacted: safe to share, and `sandbox --replay FILE` answers it.",
            valueName: "FILE"
        )
    )
    var trace: String?

    /// The configuration file in use: `--config`, else `CONCUR_EXTRACT_CONFIG`, else the default `config.toml` when
    /// it exists; `nil` when there is none.
    var configurationFile: String? {
        if let path = config ?? ProcessInfo.processInfo.environment["CONCUR_EXTRACT_CONFIG"] { return path }
        let standard = BaseDirectories().config.appendingPathComponent("config.toml").path
        return FileManager.default.fileExists(atPath: standard) ? standard : nil
    }

    /// The state directory alone (no credentials needed).
    func stateDirectory() throws -> URL { try Self.stateDirectory(flag: stateDir) }

    /// Where tokens and run history live when no flag, variable or configuration file says otherwise.
    static var defaultStateDirectory: URL { BaseDirectories().state }

    /// The state directory from a flag, else `CONCUR_EXTRACT_STATE`, else the default; created with mode 0700.
    static func stateDirectory(flag: String?) throws -> URL {
        let url =
            (flag ?? ProcessInfo.processInfo.environment["CONCUR_EXTRACT_STATE"]).map { URL(fileURLWithPath: $0) }
            ?? defaultStateDirectory
        try PrivateFiles.createDirectory(url.path)
        return url
    }

    struct Resolved {
        var baseURL: Geolocation
        var client: ClientCredentials
        var login: LoginCredentials?
        var stateDirectory: URL
        var format: ExtractWire.Format
    }

    func resolve() throws -> Resolved {
        let environment = ProcessInfo.processInfo.environment
        var file = ClientFileSettings()
        let fileName = configurationFile
        if let fileName { file = try ClientFileSettings(path: fileName) }
        func value(_ flag: String?, _ env: String, _ key: KeyPath<ClientFileSettings, String?>) -> String? {
            flag ?? environment[env] ?? file[keyPath: key]
        }
        guard let clientID = value(clientID, "CONCUR_CLIENT_ID", \.clientID), !clientID.isEmpty else {
            throw ConfigurationError(
                .missingKey,
                file: "",
                line: 0,
                key: "client_id",
                "no client ID: give --client-id, CONCUR_CLIENT_ID or client_id in \(fileName ?? "a configuration file")"
            )
        }
        guard let clientSecret = value(clientSecret, "CONCUR_CLIENT_SECRET", \.clientSecret), !clientSecret.isEmpty
        else {
            throw ConfigurationError(
                .missingKey,
                file: "",
                line: 0,
                key: "client_secret",
                "no client secret: set CONCUR_CLIENT_SECRET (or client_secret in a configuration file of mode 0600)"
            )
        }
        let base = value(baseURL, "CONCUR_BASE_URL", \.baseURL) ?? "https://us.api.concursolutions.com"
        let source =
            baseURL != nil
            ? "--base-url"
            : environment["CONCUR_BASE_URL"] != nil ? "CONCUR_BASE_URL" : "base_url in \(fileName ?? "the defaults")"
        guard Geolocation.refusal(of: base) == nil, let geolocation = Geolocation(base) else {
            let refusal = Geolocation.refusal(of: base) ?? "'\(base)' is not valid"
            throw ConfigurationError(.badValue, file: "", line: 0, key: "base_url", "the base URL (\(source)) \(refusal)")
        }
        var login: LoginCredentials?
        if let username = value(username, "CONCUR_USERNAME", \.username),
            let password = value(password, "CONCUR_PASSWORD", \.password)
        {
            login = LoginCredentials(
                username: username,
                password: password,
                credentialType: value(credentialType, "CONCUR_CREDENTIAL_TYPE", \.credentialType)
            )
        }
        let state =
            value(stateDir, "CONCUR_EXTRACT_STATE", \.stateDirectory).map { URL(fileURLWithPath: $0) }
            ?? Self.defaultStateDirectory
        if deprecatedFormat != nil { Deprecation.warn("--format", use: "--wire-format") }
        let formatText = value(wireFormat ?? deprecatedFormat, "CONCUR_FORMAT", \.format) ?? "xml"
        guard let wire = ["xml": ExtractWire.Format.xml, "json": .json][formatText.lowercased()] else {
            throw ConfigurationError(
                .badValue,
                file: "",
                line: 0,
                key: "format",
                "the wire format (--wire-format, CONCUR_FORMAT or format) is xml or json, not '\(formatText)'"
            )
        }
        return Resolved(
            baseURL: geolocation,
            client: ClientCredentials(clientID: clientID, clientSecret: clientSecret),
            login: login,
            stateDirectory: state,
            format: wire
        )
    }

    /// The token store (persisted in the state directory) and a client over it.
    func makeClient(
        poller: JobPollerConfiguration = JobPollerConfiguration()
    ) throws -> (ConcurClient, TokenStore, Resolved) {
        let resolved = try resolve()
        try PrivateFiles.createDirectory(resolved.stateDirectory.path)
        var logger = Logger(label: "concur-extract")
        logger.logLevel = verbose ? .info : .warning
        let recorder = try makeTrace(resolved)
        let configuration = ExtractClientConfiguration(format: resolved.format, poller: poller, trace: recorder)
        let tokens = TokenStore(
            client: resolved.client,
            geolocation: resolved.baseURL,
            login: resolved.login,
            persistence: FileTokenPersistence(url: resolved.stateDirectory.appendingPathComponent("token.json")),
            clock: configuration.clock,
            fetcher: ConcurClient.tokenFetcher(logger: logger, trace: recorder)
        )
        let client = ConcurClient(
            configuration: configuration,
            tokens: tokens,
            logger: logger
        )
        return (client, tokens, resolved)
    }
}

extension ClientOptions {
    /// The `--trace` recorder, its file created now (so a bad path fails before any request), with the
    /// configured secrets to redact wherever they appear.
    func makeTrace(_ resolved: Resolved) throws -> TraceRecorder? {
        guard let trace else { return nil }
        let secrets = [resolved.client.clientSecret, resolved.login?.password].compactMap { $0 }
        return try TraceRecorder(path: trace, secrets: secrets, creatorVersion: ConcurExtract.version)
    }

    /// JOB of `status` and `fetch`: the job's URL, as `run` prints it.
    static func jobURL(_ text: String) throws -> URL {
        guard let url = URL(string: text), url.scheme != nil else {
            throw ValidationError("JOB is the job's URL, as `run` prints it")
        }
        return url
    }
}

/// Prints a Codable report as one line of JSON (sorted keys, ISO 8601 dates), as every `--json` prints.
func printEncoded<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
