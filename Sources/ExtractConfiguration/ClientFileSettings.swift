/// The settings a command that talks to Concur may take from its configuration file (`--config`,
/// `$CONCUR_EXTRACT_CONFIG` or `config.toml`): flags win over the environment, which wins over these.
///
/// ```toml
/// base_url = "https://us.api.concursolutions.com"
/// client_id = "…"
/// client_secret = "…"       # better: CONCUR_CLIENT_SECRET in the environment
/// format = "json"
/// ```
///
/// The same file may also hold the `[company.NAME]` sections of `sync --all` and `serve` (read by
/// ``CompanyConfiguration``, which in turn passes over these keys); any other key, or a value that is not a
/// string, is a ``ConfigurationError``.
///
/// ```swift
/// let settings = try ClientFileSettings(path: "config.toml")
/// let base = settings.baseURL ?? "https://us.api.concursolutions.com"
/// ```
public struct ClientFileSettings: Sendable, Equatable {
    public var baseURL: String?
    public var clientID: String?
    public var clientSecret: String?
    public var username: String?
    public var password: String?
    public var credentialType: String?
    public var stateDirectory: String?
    /// `xml` or `json` (checked: any other value is an error).
    public var format: String?

    /// The keys of the file's top level.
    static let keys = [
        "base_url", "client_id", "client_secret", "username", "password", "credential_type", "state_dir", "format",
    ]

    /// No file: every setting unset.
    public init() {}

    /// The settings of the file at `path`.
    public init(path: String) throws(ConfigurationError) {
        try self.init(document: ConfigurationDocument(path: path))
    }

    /// The settings of a parsed file.
    public init(document: ConfigurationDocument) throws(ConfigurationError) {
        let root = document.table
        try root.requireKnown(Self.keys, tolerated: ["company"], also: " and [company.NAME] sections")
        _ = try root.table("company")
        baseURL = try root.string("base_url")
        clientID = try root.string("client_id")
        clientSecret = try root.string("client_secret")
        username = try root.string("username")
        password = try root.string("password")
        credentialType = try root.string("credential_type")
        stateDirectory = try root.string("state_dir")
        format = try root.string("format")
        if let format, !["xml", "json"].contains(format.lowercased()) {
            throw root.badValue("format", "\"xml\" or \"json\"", got: .string(format))
        }
    }
}
