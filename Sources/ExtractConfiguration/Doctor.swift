public import ExtractClient
public import Foundation
import Ledger

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `concur-extract doctor`: checks a setup in order, one ``DoctorCheck`` each: configuration found and readable
/// (mode 0600 when it holds a secret), base URL reachable, clock skew (the server's `Date` header), token present
/// or obtainable, scopes (EXTRCT, FISVC), geolocation, definitions visible, ledger reachable and migrated, data
/// folders writable and private, free disk. A check that needs one before it which failed is `skipped`. Nothing
/// is written but a token the store obtains or refreshes (as any command would); no secret is ever reported.
///
/// ```swift
/// let doctor = Doctor(configurationFile: path, connect: { try makeConnection() },
///                     database: "/var/lib/concur-extract/ledger.sqlite",
///                     folders: [.init("data", "/var/lib/concur-extract")])
/// let report = await doctor.run()
/// print(report.text, terminator: "")
/// ```
public struct Doctor: Sendable {
    /// The client the network checks use, from the resolved settings.
    public struct Connection: Sendable {
        public var client: ConcurClient
        public var tokens: TokenStore
        /// The configured base URL (where the login goes).
        public var baseURL: Geolocation

        public init(client: ConcurClient, tokens: TokenStore, baseURL: Geolocation) {
            self.client = client
            self.tokens = tokens
            self.baseURL = baseURL
        }
    }

    /// A folder the tool writes to (data, state), named for the reader.
    public struct Folder: Sendable {
        public var what: String
        public var path: String

        public init(_ what: String, _ path: String) {
            self.what = what
            self.path = path
        }
    }

    /// The configuration file in use (`--config`, `CONCUR_EXTRACT_CONFIG`, or the default when present); `nil`: none.
    public var configurationFile: String?
    /// Resolves the settings into a client; a ``ConfigurationError`` fails the configuration check.
    public var connect: @Sendable () throws -> Connection
    /// The ledger: a SQLite path or `postgres://…`.
    public var database: String
    public var folders: [Folder]
    /// Below this, free disk is a warning (default 1 GiB); below a tenth of it, a failure.
    public var comfortableFreeBytes: Int64 = 1 << 30
    /// A clock skew above this many seconds is a warning; above five times it, a failure (tokens' lifetimes and
    /// the hourly guard read the clock).
    public var toleratedSkewSeconds = 60

    public init(
        configurationFile: String?,
        connect: @escaping @Sendable () throws -> Connection,
        database: String,
        folders: [Folder]
    ) {
        self.configurationFile = configurationFile
        self.connect = connect
        self.database = database
        self.folders = folders
    }

    /// Runs every check, in order.
    public func run() async -> DoctorReport {
        var checks: [DoctorCheck] = []
        let (configuration, connection) = configurationCheck()
        checks.append(configuration)
        var network: [DoctorCheck] = []
        if let connection {
            network = await networkChecks(connection)
        } else {
            network = ["base-url", "clock", "token", "scopes", "geolocation", "definitions"].map {
                DoctorCheck($0, .skipped, "needs the configuration")
            }
        }
        checks += network
        checks.append(await ledgerCheck())
        checks.append(folderCheck())
        checks.append(diskCheck())
        return DoctorReport(checks: checks)
    }

    // MARK: - Configuration

    func configurationCheck() -> (DoctorCheck, Connection?) {
        var detail = "no configuration file: settings from flags and the environment"
        if let file = configurationFile {
            var info = stat()
            guard stat(file, &info) == 0 else {
                let reason = String(cString: strerror(errno))
                return (DoctorCheck("configuration", .failed, "\(file): \(reason)", problem: .configuration), nil)
            }
            let document: ConfigurationDocument
            do {
                document = try ConfigurationDocument(path: file)
                _ = try ClientFileSettings(document: document)
            } catch {
                return (DoctorCheck("configuration", .failed, "\(error)", problem: .configuration), nil)
            }
            let mode = info.st_mode & 0o777
            let modeText = "mode 0" + String(mode, radix: 8)
            if Self.holdsSecret(document.table), mode & 0o077 != 0 {
                let message =
                    "\(file) holds a secret and is \(modeText) (others can read it): run `chmod 600 \(file)`"
                return (DoctorCheck("configuration", .failed, message, problem: .configuration), nil)
            }
            detail = "\(file) (\(modeText))"
        }
        do {
            return (DoctorCheck("configuration", .ok, detail), try connect())
        } catch {
            return (DoctorCheck("configuration", .failed, "\(error)", problem: .configuration), nil)
        }
    }

    /// Whether a table, or a `[company.NAME]` section under it, holds `client_secret` or `password` itself (not
    /// the `_env` form).
    static func holdsSecret(_ table: ConfigurationTable) -> Bool {
        func holds(_ entries: [String: ConfigurationValue]) -> Bool {
            if entries.keys.contains(where: ConfigurationDocument.secretKeys.contains) { return true }
            return entries.values.contains { value in
                if case .table(let nested) = value { return holds(nested) }
                return false
            }
        }
        return holds(table.entries)
    }

    // MARK: - Network, token, Concur

    func networkChecks(_ connection: Connection) async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let base = connection.baseURL.baseURL
        let probe: ServerProbe
        do {
            probe = try await ConcurClient.probe(base)
        } catch {
            checks.append(DoctorCheck("base-url", .failed, Self.describe(error), problem: .network))
            return checks
                + ["clock", "token", "scopes", "geolocation", "definitions"].map {
                    DoctorCheck($0, .skipped, "needs the base URL")
                }
        }
        checks.append(DoctorCheck("base-url", .ok, "\(base.absoluteString) answered (HTTP \(probe.status))"))
        checks.append(clockCheck(probe))

        let token: AccessToken
        do {
            token = try await connection.tokens.validToken()
        } catch {
            let problem: DoctorCheck.Problem =
                (error as? ExtractClientError).map { [.transport, .deadlineExceeded].contains($0.code) } == true
                ? .network : .authentication
            checks.append(DoctorCheck("token", .failed, Self.describe(error), problem: problem))
            return checks
                + ["scopes", "geolocation", "definitions"].map {
                    DoctorCheck($0, .skipped, "needs a token")
                }
        }
        let expiry = ISO8601DateFormatter().string(from: token.expiresAt)
        checks.append(
            DoctorCheck("token", .ok, "valid until \(expiry)\(token.isCompanyToken == true ? " (company)" : "")")
        )
        checks.append(Self.scopeCheck(token.scopes))
        let geolocation = token.geolocation
        checks.append(
            DoctorCheck(
                "geolocation",
                .ok,
                geolocation == connection.baseURL
                    ? "\(geolocation) (the base URL)"
                    : "\(geolocation) (the token's: calls go there, not to \(connection.baseURL))"
            )
        )
        do {
            let definitions = try await connection.client.definitions()
            if let first = definitions.first {
                checks.append(
                    DoctorCheck("definitions", .ok, "\(definitions.count) visible (first: \(first.name))")
                )
            } else {
                checks.append(
                    DoctorCheck(
                        "definitions",
                        .failed,
                        "none visible: the Concur user needs the Extract permission (or the FIS source: see README)",
                        problem: .authentication
                    )
                )
            }
        } catch {
            checks.append(DoctorCheck("definitions", .failed, Self.describe(error), problem: .authentication))
        }
        return checks
    }

    func clockCheck(_ probe: ServerProbe) -> DoctorCheck {
        guard let skew = probe.clockSkewSeconds else {
            return DoctorCheck("clock", .warning, "the server sent no Date header: skew unknown")
        }
        let text =
            skew == 0 ? "in step with the server" : "\(abs(skew)) s \(skew > 0 ? "behind" : "ahead of") the server"
        if abs(skew) > 5 * toleratedSkewSeconds {
            return DoctorCheck(
                "clock",
                .failed,
                "\(text): tokens' expiry and the hourly guard read this clock; synchronize it (NTP)",
                problem: .other
            )
        }
        if abs(skew) > toleratedSkewSeconds { return DoctorCheck("clock", .warning, text + ": synchronize it (NTP)") }
        return DoctorCheck("clock", .ok, text)
    }

    /// EXTRCT is needed for the SAE extract, FISVC for the FIS source: one of them is enough; neither fails.
    static func scopeCheck(_ scopes: [String]?) -> DoctorCheck {
        guard let scopes else {
            return DoctorCheck(
                "scopes",
                .warning,
                "not recorded (a token saved by an older version): run `concur-extract login` to record them"
            )
        }
        let extract = scopes.contains("EXTRCT")
        let fis = scopes.contains("FISVC")
        switch (extract, fis) {
        case (true, true): return DoctorCheck("scopes", .ok, "EXTRCT and FISVC")
        case (true, false): return DoctorCheck("scopes", .ok, "EXTRCT (FISVC absent: needed only for the FIS source)")
        case (false, true): return DoctorCheck("scopes", .ok, "FISVC (EXTRCT absent: needed only for the SAE extract)")
        case (false, false):
            return DoctorCheck(
                "scopes",
                .failed,
                "neither EXTRCT nor FISVC: enable the app for one in Concur, then run `concur-extract login`",
                problem: .authentication
            )
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? ExtractClientError { return error.message }
        return String(describing: error).replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: - Ledger, folders, disk

    func ledgerCheck() async -> DoctorCheck {
        let url: LedgerDatabaseURL
        do { url = try LedgerDatabaseURL(database) } catch {
            return DoctorCheck("ledger", .failed, "\(error)", problem: .configuration)
        }
        if case .sqlite(let path) = url, !FileManager.default.fileExists(atPath: path) {
            return DoctorCheck("ledger", .warning, "no ledger at \(path) yet: the first `sync` (or `demo`) creates it")
        }
        do {
            let store = try await LedgerStores.open(database)
            defer { Task { try? await store.close() } }
            let version = try await store.schemaVersion()
            let latest = LedgerMigration.latestVersion
            if version == latest { return DoctorCheck("ledger", .ok, "\(url) at schema version \(version)") }
            if version > latest {
                return DoctorCheck(
                    "ledger",
                    .failed,
                    "\(url) is at schema version \(version), newer than this build's \(latest): upgrade concur-extract"
                )
            }
            return DoctorCheck(
                "ledger",
                .failed,
                "\(url) is at schema version \(version) of \(latest), not migrated: run `concur-extract sync` (it migrates first)"
            )
        } catch {
            return DoctorCheck("ledger", .failed, "\(url) cannot be opened: \(Self.describe(error))")
        }
    }

    func folderCheck() -> DoctorCheck {
        var parts: [String] = []
        var warnings: [String] = []
        for folder in folders {
            var info = stat()
            if stat(folder.path, &info) == 0 {
                let mode = info.st_mode & 0o777
                guard access(folder.path, W_OK | X_OK) == 0 else {
                    return DoctorCheck(
                        "folders",
                        .failed,
                        "the \(folder.what) folder \(folder.path) is not writable by this user"
                    )
                }
                if mode & 0o077 != 0 {
                    warnings.append(
                        "the \(folder.what) folder \(folder.path) is mode 0\(String(mode, radix: 8)) (others can read it): `chmod 700 \(folder.path)`"
                    )
                } else {
                    parts.append("\(folder.what) \(folder.path) (0\(String(mode, radix: 8)))")
                }
            } else {
                guard let parent = Self.nearestExisting(folder.path), access(parent, W_OK | X_OK) == 0 else {
                    return DoctorCheck(
                        "folders",
                        .failed,
                        "the \(folder.what) folder \(folder.path) does not exist and cannot be created here"
                    )
                }
                parts.append("\(folder.what) \(folder.path) (created 0700 on first use)")
            }
        }
        if !warnings.isEmpty { return DoctorCheck("folders", .warning, warnings.joined(separator: "; ")) }
        return DoctorCheck("folders", .ok, parts.joined(separator: ", "))
    }

    func diskCheck() -> DoctorCheck {
        guard let path = folders.first.flatMap({ Self.nearestExisting($0.path) }) else {
            return DoctorCheck("disk", .warning, "no folder to measure")
        }
        var info = statvfs()
        guard statvfs(path, &info) == 0 else {
            return DoctorCheck("disk", .warning, "cannot measure free space at \(path)")
        }
        let free = Int64(info.f_bavail) * Int64(info.f_frsize)
        let text = String(format: "%.1f", Double(free) / Double(1 << 30)) + " GiB free at \(path)"
        if free < comfortableFreeBytes / 10 {
            return DoctorCheck("disk", .failed, text + ": downloads and the archive need room")
        }
        if free < comfortableFreeBytes { return DoctorCheck("disk", .warning, text + ": little room") }
        return DoctorCheck("disk", .ok, text)
    }

    /// `path` or its nearest ancestor that exists.
    static func nearestExisting(_ path: String) -> String? {
        var url = URL(fileURLWithPath: path)
        for _ in 0..<64 {
            if FileManager.default.fileExists(atPath: url.path) { return url.path }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
        return nil
    }
}
