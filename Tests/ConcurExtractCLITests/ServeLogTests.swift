import ExtractSandbox
import ExtractSync
import ExtractTesting
import Foundation
import Testing

/// `serve` as a service: its log lines reach a pipe as they happen (not when the process exits), and
/// `serve --once` exits with the table's code when a company failed.
@Suite(.serialized) struct ServeLogTests {
    /// The first line is read from the pipe while serve still runs (a job queued for a minute keeps it busy):
    /// nothing waits in a buffer. It is one JSON object with the time, the level and the event.
    @Test func theFirstLogLineArrivesWhileServeRuns() async throws {
        var configuration = SandboxConfiguration()
        configuration.companies = 1
        configuration.reportsPerCompany = 2
        configuration.jobTiming = JobTiming(queued: 60, running: 60)
        configuration.minimumRunInterval = 0
        let server = try await SandboxServer.start(configuration)
        defer { Task { await server.shutdown() } }
        let data = try CLIRunner.temporaryDirectory()
        // Mode 0700: no warning about the data directory's mode (a plain line, printed before logging starts).
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: data)
        let file = try await SyncAllTests.companiesFile(server, in: data)
        let process = try await ChildProcess.start(
            CLIRunner.executable,
            arguments: [
                "serve", "--companies", file, "--data-dir", data, "--tick", "1", "--poll-interval", "5",
                "--log-format", "json",
            ],
            environment: ["CONCUR_EXTRACT_STATE": data + "/state", "HOME": NSTemporaryDirectory()]
        )
        defer { process.send(SIGKILL) }
        let stderr = await process.standardError(containing: "sync.job_started", within: .seconds(30))
        #expect(process.isRunning, "serve still runs: the lines came through the pipe as written")
        let lines = stderr.split(separator: "\n")
        let first = try #require(lines.first, "\(stderr)")
        let object = try #require(
            (try? JSONSerialization.jsonObject(with: Data(first.utf8))) as? [String: Any],
            "not one JSON object: \(stderr)"
        )
        #expect(object["event"] as? String == "serve.started")
        #expect(object["level"] as? String == "info")
        let stamp = try #require(object["ts"] as? String)
        #expect(stamp.count == 24 && stamp.hasSuffix("Z"), "\(stamp)")
        let started = try #require(
            lines.lazy.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .first { $0["event"] as? String == "sync.job_started" }
        )
        #expect(started["company"] as? String == "c0")
        #expect(started["job"] is String)
        // Each request of the run is a line with its status and its correlation id (the answer's
        // concur-correlationid, else the one sent: what Concur's support asks for), the company named.
        let request = try #require(
            lines.lazy.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .first { $0["correlation-id"] != nil },
            "\(stderr)"
        )
        #expect(request["company"] as? String == "c0")
        #expect(request["status"] as? String == "201" || request["status"] as? String == "200", "\(request)")
        let correlation = try #require(request["correlation-id"] as? String)
        #expect(correlation.count >= 16 && !correlation.contains("redacted"), "\(correlation)")
        // Every line is one JSON object, and no secret of the companies file is in any.
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)") }
        let secrets = await server.store.state.companies.flatMap { $0.clients.map(\.secret) + $0.users.map(\.password) }
        for secret in secrets { #expect(!stderr.contains(secret)) }
        _ = await process.stop(grace: .seconds(1))
    }

    /// One company of two has a wrong secret: `serve --once` runs both, then exits 1 (ExitStatus.failed), its
    /// log naming the failed company.
    @Test func serveOnceExitsWithTheFailedCodeWhenACompanyFailed() async throws {
        let server = try await SyncAllTests.sandbox(companies: 2)
        defer { Task { await server.shutdown() } }
        let data = try CLIRunner.temporaryDirectory()
        let file = try await SyncAllTests.companiesFile(server, broken: [1], in: data)
        let outcome = try await ChildProcess.run(
            CLIRunner.executable,
            arguments: ["serve", "--once", "--companies", file, "--data-dir", data, "--poll-interval", "5"],
            environment: ["CONCUR_EXTRACT_STATE": data + "/state", "HOME": NSTemporaryDirectory()],
            deadline: .seconds(120)
        )
        #expect(outcome.status == ExitStatus.failed.rawValue, "\(outcome.standardError)")
        #expect(outcome.standardError.contains(" error run.failed company=c1 "), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("run.finished company=c0 outcome=ok"), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("pass.finished companies=2 exit_code=1 failed=1"))
    }

    /// `--help` of every command lists its exit codes.
    @Test(arguments: [
        "serve", "sync", "parse", "export", "login", "run", "status", "fetch", "definitions", "generate", "init",
        "doctor", "quarantine", "sandbox", "demo", "confirm-payment",
    ])
    func everyHelpListsItsExitCodes(command: String) async throws {
        let outcome = try await ChildProcess.run(
            CLIRunner.executable,
            arguments: [command, "--help"],
            deadline: .seconds(30)
        )
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("Exit codes: 0 "), "\(command): \(outcome.standardOutput)")
    }
}
