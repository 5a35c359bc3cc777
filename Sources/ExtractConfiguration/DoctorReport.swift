/// What `concur-extract doctor` found: one ``DoctorCheck`` per check, in order, and the verdict. `--json` prints it
/// as one object; no field ever holds a secret (a token, a client secret, a password).
///
/// ```swift
/// let report = await Doctor(setup).run()
/// print(report.text)          // "ok       configuration  /home/me/.config/concur-extract/config.toml (mode 0600)" …
/// exit(report.ready ? 0 : 1)
/// ```
public struct DoctorReport: Sendable, Hashable, Codable {
    public var checks: [DoctorCheck]

    public init(checks: [DoctorCheck]) { self.checks = checks }

    /// No check failed (warnings allowed).
    public var ready: Bool { !checks.contains { $0.outcome == .failed } }

    /// The first failed check: the one the exit code names.
    public var firstFailure: DoctorCheck? { checks.first { $0.outcome == .failed } }

    /// `ready`, `ready with N warning(s)` or `not ready: N problem(s), first: NAME`.
    public var verdict: String {
        let failures = checks.filter { $0.outcome == .failed }
        let warnings = checks.filter { $0.outcome == .warning }.count
        if let first = failures.first {
            return "not ready: \(failures.count) problem\(failures.count == 1 ? "" : "s"), first: \(first.name)"
        }
        return warnings == 0 ? "ready" : "ready with \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    /// One line a check (`OUTCOME  NAME  DETAIL`), then `verdict: …`.
    public var text: String {
        let width = (checks.map(\.name.count).max() ?? 0) + 2
        let lines = checks.map {
            $0.outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.detail
        }
        return (lines + ["verdict: \(verdict)"]).joined(separator: "\n") + "\n"
    }

    enum CodingKeys: String, CodingKey { case checks, ready, verdict }

    public init(from decoder: any Decoder) throws {
        checks = try decoder.container(keyedBy: CodingKeys.self).decode([DoctorCheck].self, forKey: .checks)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(checks, forKey: .checks)
        try container.encode(ready, forKey: .ready)
        try container.encode(verdict, forKey: .verdict)
    }
}

/// One check of `concur-extract doctor`.
public struct DoctorCheck: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        case ok, warning, failed
        /// Not run: an earlier check it needs failed.
        case skipped
    }

    /// What kind of problem a failed check is, for the exit code (`ExitStatus` in ExtractSync maps it).
    public enum Problem: String, Sendable, Hashable, Codable {
        /// A file, flag or variable is missing or wrong (exit 78).
        case configuration
        /// The server cannot be reached (exit 69).
        case network
        /// No token, or credentials refused, or a scope missing (exit 77).
        case authentication
        /// Anything else: the ledger, the folders, the disk, the clock (exit 1).
        case other
    }

    /// `configuration`, `base-url`, `clock`, `token`, `scopes`, `geolocation`, `definitions`, `ledger`, `folders`,
    /// `disk`.
    public var name: String
    public var outcome: Outcome
    /// What was found, or what to do; never a secret.
    public var detail: String
    /// For a failed check, what kind of problem it is.
    public var problem: Problem?

    public init(_ name: String, _ outcome: Outcome, _ detail: String, problem: Problem? = nil) {
        self.name = name
        self.outcome = outcome
        self.detail = detail
        self.problem = outcome == .failed ? problem ?? .other : nil
    }
}
