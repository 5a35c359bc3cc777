import AccountingExtract
import ExtractSandbox
import ExtractTesting
import Foundation
import Testing

/// The README's dead end: a job started by hand (curl, as in "Walk the flow") less than an hour before `run`.
@Suite struct RunAfterRawStartTests {
    /// Concur's 409 for a run within its interval: `run` exits 75 saying so, and the refused start uses up no
    /// allowance of the local hourly guard, so that once Concur's hour has passed `run` starts without `--force`.
    @Test
    func concurRefusingARunWithinTheHourUsesNoAllowance() async throws {
        let clock = SimulatedClock(start: Date())
        var configuration = SandboxConfiguration()
        configuration.clock = clock
        configuration.jobTiming = JobTiming(queued: 1, running: 2)
        configuration.minimumRunInterval = 3600  // Concur's advice, enforced for this test (off by default)
        configuration.accessTokenLifetime = 86_400
        configuration.quirks = .none  // as the README's walk: its curl steps read the one canonical JSON form
        let server = try await SandboxServer.start(configuration)
        defer { Task { await server.shutdown() } }
        let base = server.baseURL.absoluteString.trimmingSuffix("/")
        let credentials = server.demoCredentials

        // The raw API, as the README's curl steps: a token, the definition's job-link, a POST to it.
        let token = try await Self.curl([
            "-X", "POST", base + "/oauth2/v0/token", "-H", "Content-Type: application/x-www-form-urlencoded",
            "--data",
            "grant_type=password&client_id=\(credentials.clientID)&client_secret=\(credentials.clientSecret)"
                + "&username=\(credentials.username)&password=\(credentials.password)",
        ])
        let accessToken = try #require((try Self.object(token)["access_token"]) as? String)
        let auth = ["-H", "Authorization: Bearer \(accessToken)", "-H", "Accept: application/json"]
        let definitions = try await Self.curl(auth + [base + "/api/expense/extract/v1.0/"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(definitions.utf8)) as? [[String: Any]])
        let jobLink = try #require(
            list.first { $0["name"] as? String == "Standard Accounting Extract" }?["job-link"] as? String
        )
        let started = try await Self.curl(auth + ["-X", "POST", jobLink])
        #expect(try Self.object(started)["id"] is String, "\(started)")
        clock.advance(by: 10)  // the hand-started job completes: nothing to attach to

        let state = try CLIRunner.temporaryDirectory()
        let output = try CLIRunner.temporaryDirectory()
        defer { for path in [state, output] { try? FileManager.default.removeItem(atPath: path) } }
        let environment = [
            "CONCUR_BASE_URL": server.baseURL.absoluteString,
            "CONCUR_CLIENT_ID": credentials.clientID,
            "CONCUR_CLIENT_SECRET": credentials.clientSecret,
            "CONCUR_EXTRACT_STATE": state,
        ]
        let login = try await CLIRunner.run(
            ["login", "--username", credentials.username, "--password", credentials.password],
            environment: environment
        )
        #expect(login.status == 0, "\(login)")

        let refused = try await CLIRunner.run(
            ["run", "Standard Accounting Extract", "--output-dir", output, "--no-wait"],
            environment: environment
        )
        #expect(refused.status == 75, "\(refused)")
        #expect(refused.standardError.contains("too-soon"), "\(refused)")
        #expect(refused.standardError.contains("try again in"), "Concur's own wait is passed on: \(refused)")
        #expect(refused.standardError.contains("--force"), "\(refused)")
        #expect(refused.standardError.split(separator: "\n").count == 1, "\(refused)")

        // Concur's hour passes (its clock; this machine's has not moved): no local record holds `run` back.
        clock.advance(by: 3_600)
        let again = try await CLIRunner.run(
            ["run", "Standard Accounting Extract", "--output-dir", output, "--no-wait"],
            environment: environment
        )
        #expect(again.status == 0, "the refused start used up the hourly allowance: \(again)")
        #expect(again.standardOutput.hasPrefix("started "), "\(again)")
    }

    static func curl(_ arguments: [String]) async throws -> String {
        let outcome = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            arguments: ["-s", "--max-time", "20"] + arguments,
            environment: CLIRunner.childEnvironment([:]),
            deadline: .seconds(30)
        )
        #expect(outcome.status == 0, "\(outcome)")
        return outcome.standardOutput
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
