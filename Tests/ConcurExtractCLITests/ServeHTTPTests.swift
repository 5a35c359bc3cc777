import ExtractSandbox
import ExtractTesting
import Foundation
import Ledger
import Testing

/// `serve --http 127.0.0.1:0`, the real binary against the sandbox: the port taken is printed, `/healthz` and
/// `/readyz` answer 200, and `/metrics` (scraped and parsed) counts what the ledger holds after the run.
@Suite(.serialized) struct ServeHTTPTests {
    @Test func metricsOfARunMatchTheLedger() async throws {
        let server = try await SandboxServer.startForTests(companies: 1, reports: 6, queued: 0.05, running: 0.1)
        defer { Task { await server.shutdown() } }
        let data = try CLIRunner.temporaryDirectory()
        let file = try await SyncAllTests.companiesFile(server, in: data)
        let process = try await ChildProcess.start(
            CLIRunner.executable,
            arguments: [
                "serve", "--companies", file, "--data-dir", data, "--tick", "1", "--poll-interval", "5",
                "--http", "127.0.0.1:0",
            ],
            environment: CLIRunner.childEnvironment([
                "CONCUR_EXTRACT_STATE": data + "/state", "HOME": NSTemporaryDirectory(),
            ])
        )
        defer { process.send(SIGKILL) }
        let banner = "serve: operations endpoint on http://127.0.0.1:"
        let output = await process.standardOutput(containing: banner, within: .seconds(30))
        let after = output.components(separatedBy: banner).dropFirst().first ?? ""
        let port = try #require(Int(String(after.prefix { $0.isNumber })), "\(output)")
        #expect(port > 0)
        let base = "http://127.0.0.1:\(port)"
        #expect(try await Self.curl(base + "/healthz") == (200, "ok\n"))
        // Bounded: the run (one poll after 5 s) ends within a minute.
        var text = try PrometheusText("")
        for _ in 0..<240 {
            text = try PrometheusText(try await Self.curl(base + "/metrics").body)
            if text.value("concur_extract_runs_total", ["company": "c0"]) >= 1 { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let readiness = try await Self.curl(base + "/readyz")
        #expect(readiness.status == 200, "\(readiness.body)")
        #expect(readiness.body.contains("ok token c0"), "\(readiness.body)")
        process.terminate()
        let outcome = try await process.wait(deadline: .seconds(30))
        #expect(outcome.status == 0, "\(outcome)")

        let store = try await LedgerStores.open(data + "/ledger.sqlite")
        let ledger = try await store.reconciliation(JournalFilter(company: "c0"))
        try await store.close()
        #expect(ledger.lineCount > 0)
        #expect(text.samples("concur_extract_runs_total").map(\.labels) == [["company": "c0", "outcome": "ok"]])
        #expect(text.types["concur_extract_journal_lines_total"] == "counter")
        #expect(text.value("concur_extract_journal_lines_total", ["company": "c0"]) == Double(ledger.lineCount))
        #expect(text.types["concur_extract_last_success_timestamp_seconds"] == "gauge")
        #expect(text.value("concur_extract_http_requests_total", ["operation": "start job", "method": "POST"]) == 1)
        #expect(text.value("concur_extract_token_requests_total", ["grant": "login", "outcome": "ok"]) == 1)
        #expect(text.types["concur_extract_step_duration_seconds"] == "histogram")
        #expect(text.value("concur_extract_step_duration_seconds_count", ["company": "c0", "step": "posted"]) == 1)
    }

    @Test func aBadHTTPAddressIsRefusedBeforeAnythingRuns() async throws {
        let data = try CLIRunner.temporaryDirectory()
        let outcome = try await CLIRunner.run([
            "serve", "--companies", data + "/none.toml", "--data-dir", data, "--http", "localhost",
        ])
        #expect(outcome.status == 64, "\(outcome)")
        #expect(outcome.standardError.contains("--http \"localhost\": no port (expected HOST:PORT"), "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: data + "/ledger.sqlite"), "nothing was opened")
    }

    /// `curl` (as the README's walkthrough): the status and the body.
    static func curl(_ url: String) async throws -> (status: Int, body: String) {
        let outcome = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            arguments: ["-s", "--max-time", "20", "-w", "\n%{http_code}", url],
            environment: CLIRunner.childEnvironment([:]),
            deadline: .seconds(30)
        )
        #expect(outcome.status == 0, "\(outcome)")
        var lines = outcome.standardOutput.components(separatedBy: "\n")
        let status = Int(lines.removeLast()) ?? 0
        return (status, lines.joined(separator: "\n"))
    }
}
