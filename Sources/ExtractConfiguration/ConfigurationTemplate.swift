public import AccountingExtract
import ExtractClient
public import Foundation

/// The commented configuration file `concur-extract init` writes: the client settings of one company at the top
/// level (what every command reads), or one `[company.NAME]` section per company (what `sync --all` and `serve`
/// read), each secret named by an environment variable rather than written. The text loads through
/// ``ClientFileSettings`` (one company) or ``CompanyConfiguration`` (several).
///
/// ```swift
/// var template = ConfigurationTemplate(baseURL: "https://us.api.concursolutions.com", clientID: "abc")
/// template.companies = ["acme", "globex"]
/// try template.write(to: "/etc/concur-extract/config.toml", force: false)   // mode 0600
/// ```
public struct ConfigurationTemplate: Sendable, Hashable {
    public var baseURL: String
    public var clientID: String
    /// Written into the file (mode 0600) when given; otherwise the file says to set `CONCUR_CLIENT_SECRET`
    /// (one company) or names `NAME_CLIENT_SECRET` (several).
    public var clientSecret: String?
    /// One company: the login user (or company UUID with `credential_type = "authtoken"`), written when given.
    public var username: String?
    /// One company: the password or request token, written when given (prefer `CONCUR_PASSWORD`).
    public var password: String?
    public var credentialType: String?
    /// Empty: one company, at the top level. Otherwise one section each, in this order.
    public var companies: [String] = []
    public var definition = "Standard Accounting Extract"
    public var everyMinutes = 60
    /// When the file was written, for its first comment.
    public var date = Date()

    public init(baseURL: String, clientID: String) {
        self.baseURL = baseURL
        self.clientID = clientID
    }

    /// The environment variable a company's `key` is read from: `ACME_CLIENT_SECRET` for `acme`'s `client_secret`.
    public static func variable(company: String, key: String) -> String {
        (company + "_" + key).uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Refuses what the file would not load with: a base URL without its scheme, no client ID, a bad company name
    /// or a company named twice, a schedule out of range. The error names the flag's key.
    public func validate() throws(ConfigurationError) {
        if let refusal = Geolocation.refusal(of: baseURL) {
            throw ConfigurationError(.badValue, file: "", line: 0, key: "base_url", "the base URL \(refusal)")
        }
        guard !clientID.isEmpty else {
            throw ConfigurationError(.missingKey, file: "", line: 0, key: "client_id", "no client ID: give --client-id")
        }
        for name in companies {
            guard !name.isEmpty,
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            else {
                throw ConfigurationError(
                    .badValue,
                    file: "",
                    line: 0,
                    key: "company",
                    "the company name '\(name)' must be letters, digits, '_' or '-'"
                )
            }
        }
        if Set(companies).count != companies.count {
            throw ConfigurationError(.badValue, file: "", line: 0, key: "company", "a company is named twice")
        }
        guard (1...CompanyConfiguration.maximumMinutes).contains(everyMinutes) else {
            throw ConfigurationError(
                .badValue,
                file: "",
                line: 0,
                key: "every_minutes",
                "every_minutes is 1 to \(CompanyConfiguration.maximumMinutes), not \(everyMinutes)"
            )
        }
    }

    /// The file's text (TOML, commented).
    public var text: String {
        var lines = [
            "# concur-extract configuration, written by `concur-extract init` on \(ISO8601DateFormatter().string(from: date)).",
            "# Keep it mode 0600 (it may hold secrets). Flags win over the environment, which wins over this file.",
            "# Check the setup with `concur-extract doctor --config THIS-FILE`.",
            "",
        ]
        if companies.isEmpty {
            lines += [
                "# Where to log in (your company's data center); later calls follow the token's geolocation.",
                "base_url = \(Self.quoted(baseURL))",
                "# The app's client ID, from SAP Concur's app registration.",
                "client_id = \(Self.quoted(clientID))",
                "# The client secret: better in the environment (CONCUR_CLIENT_SECRET) than here.",
                clientSecret.map { "client_secret = \(Self.quoted($0))" } ?? "# client_secret = \"…\"",
                "# For `concur-extract login` (or a first run): the user, or the company UUID with credential_type",
                "# \"authtoken\" and the company request token as the password (better: CONCUR_PASSWORD).",
                username.map { "username = \(Self.quoted($0))" } ?? "# username = \"…\"",
                password.map { "password = \(Self.quoted($0))" } ?? "# password = \"…\"",
                credentialType.map { "credential_type = \(Self.quoted($0))" } ?? "# credential_type = \"authtoken\"",
                "# The API's wire format, xml (Concur's default) or json; where tokens and run history live.",
                "# format = \"xml\"",
                "# state_dir = \"~/.local/state/concur-extract\"",
            ]
        } else {
            lines += [
                "# One section per company, for `concur-extract sync --all --companies THIS-FILE` and `serve`.",
                "# Secrets are read from the environment variables named by the *_env keys: set them before running.",
            ]
            for name in companies {
                let variable = { (key: String) in Self.quoted(Self.variable(company: name, key: key)) }
                lines += [
                    "",
                    "[company.\(name)]",
                    "base_url = \(Self.quoted(baseURL))",
                    "client_id = \(Self.quoted(clientID))",
                    "client_secret_env = \(variable("client_secret"))",
                    "# The company UUID and its request token (company-level authentication).",
                    "username_env = \(variable("username"))",
                    "password_env = \(variable("password"))",
                    "credential_type = \(Self.quoted(credentialType ?? "authtoken"))",
                    "definition = \(Self.quoted(definition))",
                    "every_minutes = \(everyMinutes)",
                    "# unbalanced = \"hold\"          # or \"post-balanced\"",
                    "# journal = \"/etc/concur-extract/\(name)-journal.toml\"   # offset, tax and party accounts (optional)",
                ]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``text`` to `path` (mode 0600 whatever the umask; its folder created 0700 when missing), refusing to
    /// replace a file unless `force`.
    @discardableResult
    public func write(to path: String, force: Bool) throws(ConfigurationError) -> WrittenConfiguration {
        try validate()
        if !force, FileManager.default.fileExists(atPath: path) {
            throw ConfigurationError(
                .alreadyExists,
                file: path,
                line: 0,
                "the file exists: give --force to replace it (or -o another file)"
            )
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            if !FileManager.default.fileExists(atPath: folder) { try PrivateFiles.createDirectory(folder) }
            try PrivateFiles.write(Array(text.utf8), to: path)
        } catch {
            throw ConfigurationError(.unreadable, file: path, line: 0, "cannot write: \(error)")
        }
        return WrittenConfiguration(file: path, companies: companies)
    }

    /// A TOML basic string.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// What `concur-extract init` wrote (its `--json`).
public struct WrittenConfiguration: Sendable, Hashable, Codable {
    public var file: String
    /// The `[company.NAME]` sections; empty for one company's top-level settings.
    public var companies: [String]
    /// Always `"0600"`.
    public var mode = "0600"

    public init(file: String, companies: [String]) {
        self.file = file
        self.companies = companies
    }

    /// `wrote FILE (mode 0600, …)` and the next step.
    public var text: String {
        let what =
            companies.isEmpty ? "one company's client settings" : "companies: " + companies.joined(separator: ", ")
        return "wrote \(file) (mode 0600, \(what))\nnext: concur-extract doctor --config \(file)\n"
    }
}
