public import ExtractClient
public import ExtractConfiguration

/// The exit codes of `concur-extract`: one table for every command, printed by `concur-extract --help` and in the
/// README. Codes 0, 1, 2 and 4 are those the tool has always used; the others follow `sysexits.h`.
///
/// ```swift
/// do { try await pipeline.run() }
/// catch { exit(ExitStatus(classifying: error).rawValue) }  // a ConfigurationError exits 78
/// ```
public enum ExitStatus: Int32, CaseIterable, Sendable, Codable {
    /// Everything asked for was done (or there was nothing new).
    case success = 0
    /// Not everything was posted: a file was quarantined or failed its checks, a recorded job could not be
    /// reached, or the command failed for a reason no other code names.
    case failed = 1
    /// A file named on the command line cannot be read (`parse`).
    case unreadableFile = 2
    /// Everything of this ledger was posted, but foreign jobs wait to be adopted or dismissed (`sync`).
    case foreignJobs = 4
    /// The arguments are wrong: an unknown flag, a missing value (the usage is printed).
    case usage = 64
    /// Concur (or the sandbox) cannot be reached: no connection, no answer in time.
    case network = 69
    /// Not now: the definition ran less than an hour ago (`--force` overrides), Concur throttled the client, or a
    /// job is already running; the same command succeeds later.
    case retryLater = 75
    /// Concur refused the credentials or the stored token: run `concur-extract login`.
    case authentication = 77
    /// A configuration file, flag or variable is missing or wrong (the message names the file and the key).
    case configuration = 78
    /// A second SIGINT or SIGTERM stopped `serve` without waiting for the runs in hand.
    case interrupted = 130

    /// What the code means, as the table prints it (at most 74 characters, so that a line fits 80 columns).
    public var meaning: String {
        switch self {
        case .success: "success (or nothing new to do)"
        case .failed: "failed: a file quarantined or invalid, a job unreachable, another error"
        case .unreadableFile: "a file named on the command line cannot be read"
        case .foreignJobs: "this ledger's jobs posted; foreign jobs wait (sync --adopt, --dismiss)"
        case .usage: "bad arguments (the usage is printed)"
        case .network: "network: Concur cannot be reached (no connection, no answer in time)"
        case .retryLater: "try later: hourly guard (--force overrides), throttled, job running"
        case .authentication: "authentication: credentials or token refused (run `concur-extract login`)"
        case .configuration: "configuration: a file, flag or variable is missing or wrong"
        case .interrupted: "interrupted: a second signal stopped serve"
        }
    }

    /// The whole table, one `  code  meaning` line per status.
    public static var table: String {
        allCases.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0))\($0.meaning)" }
            .joined(separator: "\n")
    }

    /// A command's own exit codes for its `--help`, in the table's words unless `notes` gives the command's.
    ///
    /// ```swift
    /// ExitStatus.help([.success, .failed, .usage])
    /// // "Exit codes: 0 success (or nothing new to do); 1 failed: …; 64 bad arguments (the usage is printed)."
    /// ```
    public static func help(_ codes: [ExitStatus], _ notes: [ExitStatus: String] = [:]) -> String {
        "Exit codes: " + codes.map { "\($0.rawValue) \(notes[$0] ?? $0.meaning)" }.joined(separator: "; ") + "."
    }

    /// The status of a command that failed with `error`; ``failed`` when no other code names the failure.
    public init(classifying error: any Error) {
        switch error {
        case is ConfigurationError: self = .configuration
        case let error as ExtractClientError: self = Self.status(of: error.code)
        default: self = .failed
        }
    }

    /// The status of `concur-extract doctor`: that of its first failed check, ``success`` when none failed.
    ///
    /// ```swift
    /// exit(ExitStatus(report).rawValue)   // a missing token exits 77
    /// ```
    public init(_ report: DoctorReport) {
        switch report.firstFailure?.problem {
        case nil: self = .success
        case .configuration: self = .configuration
        case .network: self = .network
        case .authentication: self = .authentication
        case .other: self = .failed
        }
    }

    static func status(of code: ExtractClientError.Code) -> ExitStatus {
        switch code {
        case .invalidConfiguration: .configuration
        case .unauthorized, .notAuthenticated, .refreshTokenExpired, .invalidToken: .authentication
        case .transport, .deadlineExceeded: .network
        case .tooSoon, .rateLimited, .jobRunning: .retryLater
        default: .failed
        }
    }
}
