import ExtractSandbox
import ExtractSync
import Foundation
import Testing

/// The tool's exit codes (Swift Testing has an `ExitStatus` of its own).
typealias ToolExit = ExtractSync.ExitStatus

/// Each error a user can run into prints one line naming what to fix (never the usage text, a build path or a
/// secret) and exits with its code from the one table, ``ToolExit``; old flag spellings still work and warn.
@Suite struct ActionableErrorTests {
    static let secret = "s3cret-Client-Value"

    /// Checks what every error case shares: the code, one `Error:` line, no usage, no build path, no secret.
    static func expectActionable(
        _ outcome: CLIRunner.Outcome,
        _ status: ToolExit,
        mentioning words: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let text = outcome.standardError
        #expect(outcome.status == status.rawValue, "\(outcome)", sourceLocation: sourceLocation)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("warning: ") }
        #expect(lines.count == 1 && lines[0].hasPrefix("Error: "), "\(text)", sourceLocation: sourceLocation)
        #expect(!text.contains("Usage:") && !text.contains("USAGE:"), "\(text)", sourceLocation: sourceLocation)
        #expect(!text.contains("/.build/") && !text.contains(".swift:"), "\(text)", sourceLocation: sourceLocation)
        #expect(!text.contains(secret) && !outcome.standardOutput.contains(secret), sourceLocation: sourceLocation)
        for word in words { #expect(text.contains(word), "\(word): \(text)", sourceLocation: sourceLocation) }
    }

    static func run(_ arguments: [String], _ environment: [String: String] = [:]) async throws -> CLIRunner.Outcome {
        let state = try CLIRunner.temporaryDirectory()
        return try await CLIRunner.run(
            arguments,
            environment: ["CONCUR_EXTRACT_STATE": state, "CONCUR_CLIENT_SECRET": secret].merging(environment) { $1 }
        )
    }

    @Test func aMissingClientIDIsAConfigurationErrorWithoutUsage() async throws {
        let outcome = try await Self.run(["definitions"])
        Self.expectActionable(outcome, .configuration, mentioning: ["client ID", "--client-id", "CONCUR_CLIENT_ID"])
    }

    @Test func aBadConfigurationFileNamesTheFileLineAndKey() async throws {
        let file = try CLIRunner.temporaryDirectory() + "/config.toml"
        try "client_id = \"a\"\nclient_idd = \"x\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try await Self.run(["definitions", "--config", file])
        Self.expectActionable(outcome, .configuration, mentioning: ["\(file):2:", "client_idd"])
    }

    /// A base URL without a scheme used to be tried as https and fail inside TLS; each bad form is refused by name.
    @Test(arguments: [
        ("localhost:8080", "has no scheme: write https://localhost:8080"),
        ("ftp://example.com", "has the scheme 'ftp'"),
        ("http://example.com", "plain http off this machine"),
    ])
    func aBadBaseURLIsRefusedByName(base: String, expected: String) async throws {
        for (arguments, source) in [
            (["definitions", "--client-id", "a", "--base-url", base], "--base-url"),
            (["definitions", "--client-id", "a"], "CONCUR_BASE_URL"),
        ] {
            let outcome = try await Self.run(arguments, ["CONCUR_BASE_URL": base])
            Self.expectActionable(outcome, .configuration, mentioning: [expected, source])
        }
    }

    /// How long a run of the tool that connects to nothing (`--help`) takes now: process start-up under the
    /// machine's present load, the reference the time bounds below are measured against (a full parallel test
    /// run on two cores has made a start-up alone take seconds).
    static func startUpReference() async throws -> Duration {
        let started = ContinuousClock.now
        _ = try await Self.run(["--help"])
        return ContinuousClock.now - started
    }

    /// A port nothing listens on: the error names the host, the port and the system's reason, within the
    /// configured connect timeout (2 s) past the start-up measured in the same run.
    @Test func aConnectionThatCannotBeMadeFailsFastNamingHostAndPort() async throws {
        let port = try await Self.closedPort()
        let reference = try await Self.startUpReference()
        let started = ContinuousClock.now
        let outcome = try await Self.run(
            ["login", "--client-id", "a", "--base-url", "http://127.0.0.1:\(port)", "--username", "u"],
            ["CONCUR_PASSWORD": Self.secret, "CONCUR_CONNECT_TIMEOUT": "2"]
        )
        Self.expectActionable(outcome, .network, mentioning: ["127.0.0.1:\(port)", "connection refused"])
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < reference * 2 + .seconds(4), "\(elapsed), start-up \(reference)")
    }

    /// A refused connection fails at once, not after the connection pool has retried it for the whole connect
    /// timeout (the default 10 s here).
    @Test func aRefusedConnectionFailsWithoutWaitingForTheConnectTimeout() async throws {
        let port = try await Self.closedPort()
        let reference = try await Self.startUpReference()
        let started = ContinuousClock.now
        let outcome = try await Self.run(
            ["login", "--client-id", "a", "--base-url", "http://127.0.0.1:\(port)", "--username", "u"],
            ["CONCUR_PASSWORD": Self.secret]
        )
        let elapsed = ContinuousClock.now - started
        Self.expectActionable(outcome, .network, mentioning: ["127.0.0.1:\(port)", "connection refused"])
        #expect(elapsed < reference * 2 + .seconds(2), "\(elapsed), start-up \(reference)")
    }

    @Test func noStoredTokenSaysToLogIn() async throws {
        let server = try await SandboxServer.startForTests(reports: 1, queued: 0.1, running: 0.1)
        defer { Task { await server.shutdown() } }
        let outcome = try await Self.run([
            "definitions", "--client-id", "a", "--base-url", server.baseURL.absoluteString,
        ])
        Self.expectActionable(outcome, .authentication, mentioning: ["concur-extract login"])
    }

    /// The old spellings are hidden aliases for one release: they still work, and say what replaces them.
    @Test func theOldFormatFlagStillWorksAndWarns() async throws {
        let outcome = try await Self.run(["definitions", "--client-id", "a", "--format", "nonsense"])
        #expect(outcome.standardError.contains("warning: --format is deprecated"), "\(outcome)")
        #expect(outcome.standardError.contains("use --wire-format"), "\(outcome)")
        Self.expectActionable(outcome, .configuration, mentioning: ["'nonsense'"])
        let current = try await Self.run(["definitions", "--client-id", "a", "--wire-format", "nonsense"])
        #expect(!current.standardError.contains("deprecated"), "\(current)")
        Self.expectActionable(current, .configuration, mentioning: ["--wire-format", "'nonsense'"])
    }

    @Test func helpPrintsTheExitCodeTable() async throws {
        let outcome = try await CLIRunner.run(["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains(ToolExit.table), "\(outcome.standardOutput)")
        for status in ToolExit.allCases {
            #expect(outcome.standardOutput.contains("  \(status.rawValue) "), "\(status)")
        }
    }

    /// The README's exit-code table lists every code of the one table.
    @Test func theReadmeListsEveryExitCode() throws {
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for status in ToolExit.allCases {
            #expect(readme.contains("| \(status.rawValue) | \(status.meaning) |"), "\(status)")
        }
    }

    /// A loopback port that was free a moment ago (bound, then closed).
    static func closedPort() async throws -> Int {
        let server = try await SandboxServer.startForTests(reports: 0, queued: 0.1, running: 0.1)
        let port = server.baseURL.port ?? 1
        await server.shutdown()
        return port
    }
}
