import AccountingExtract
import ExtractSandbox
import ExtractTesting
import Foundation
import Ledger
import Testing

/// Many companies: `sync --all` under a limit, one company's failure isolated; two `serve` workers sharing a
/// PostgreSQL ledger; a graceful stop on SIGTERM.
@Suite(.serialized) struct SyncAllTests {
    static func sandbox(companies: Int) async throws -> SandboxServer {
        return try await SandboxServer.startForTests(companies: companies, reports: 8, queued: 0.2, running: 0.3)
    }

    /// A configuration file with one section per sandbox company; `broken` names companies given a wrong secret.
    static func companiesFile(
        _ server: SandboxServer,
        broken: Set<Int> = [],
        in directory: String
    ) async throws -> String {
        let companies = await server.store.state.companies
        var text = ""
        for (index, company) in companies.enumerated() {
            guard let client = company.clients.first, let user = company.users.first(where: \.isAdministrator) else {
                continue
            }
            text += """
                [company.c\(index)]
                base_url = "\(server.baseURL.absoluteString)"
                client_id = "\(client.id)"
                client_secret = "\(broken.contains(index) ? "wrong" : client.secret)"
                username = "\(user.username)"
                password = "\(user.password)"
                every_minutes = 60

                """
        }
        let path = directory + "/companies.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func postedRecords(_ database: String, company: String) async throws -> (jobs: Int, records: Int) {
        let store = try await LedgerStores.open(database)
        defer { Task { try? await store.close() } }
        let jobs = try await store.jobs(company: company, includePosted: true).filter { $0.isPosted }
        let batches = try await store.batches().filter { $0.batch.company == company }
        return (jobs.count, batches.reduce(0) { $0 + $1.batch.headerRecordCount })
    }

    @Test func syncAllIsolatesAFailingCompany() async throws {
        let server = try await Self.sandbox(companies: 3)
        defer { Task { await server.shutdown() } }
        let data = try CLIRunner.temporaryDirectory()
        let file = try await Self.companiesFile(server, broken: [1], in: data)
        let outcome = try await CLIRunner.run(
            ["sync", "--all", "--companies", file, "--data-dir", data, "--parallel", "2", "--poll-interval", "5"],
            environment: ["CONCUR_EXTRACT_STATE": data + "/state"]
        )
        #expect(outcome.status == 1, "one company fails, so the exit is non-zero")
        #expect(outcome.standardOutput.contains("c0: ok"))
        #expect(outcome.standardOutput.contains("c2: ok"))
        #expect(outcome.standardOutput.contains("c1: FAILED"))
        #expect(!outcome.standardOutput.contains("wrong"), "no secret in the output")
        let database = data + "/ledger.sqlite"
        for company in ["c0", "c2"] {
            let posted = try await Self.postedRecords(database, company: company)
            #expect(posted.jobs == 1 && posted.records > 0, "\(company): \(posted)")
        }
        #expect(try await Self.postedRecords(database, company: "c1").jobs == 0)
    }

    @Test func twoWorkersShareTheWorkOnPostgres() async throws {
        let server = try await Self.sandbox(companies: 4)
        defer { Task { await server.shutdown() } }
        let data = try CLIRunner.temporaryDirectory()
        let file = try await Self.companiesFile(server, in: data)
        let database = try await TestPostgres.freshDatabase(prefix: "sync_crash_")
        func worker(_ name: String) async throws -> CLIRunner.Outcome {
            try await CLIRunner.run(
                [
                    "serve", "--once", "--companies", file, "--data-dir", data + "/" + name, "--database", database,
                    "--worker", name, "--parallel", "2", "--poll-interval", "5",
                ],
                environment: ["CONCUR_EXTRACT_STATE": data + "/state-" + name]
            )
        }
        async let first = worker("w1")
        async let second = worker("w2")
        let (a, b) = try await (first, second)
        #expect(a.status == 0, "\(a.standardOutput)\(a.standardError)")
        #expect(b.status == 0, "\(b.standardOutput)\(b.standardError)")
        for company in ["c0", "c1", "c2", "c3"] {
            let posted = try await Self.postedRecords(database, company: company)
            #expect(posted.jobs == 1, "\(company) was run \(posted.jobs) times")
            #expect(posted.records > 0, "\(company) posted nothing")
        }
    }

    @Test func serveStopsGracefullyOnSIGTERM() async throws {
        let server = try await Self.sandbox(companies: 1)
        defer { Task { await server.shutdown() } }
        let data = try CLIRunner.temporaryDirectory()
        let file = try await Self.companiesFile(server, in: data)
        let process = try await ChildProcess.start(
            CLIRunner.executable,
            arguments: ["serve", "--companies", file, "--data-dir", data, "--tick", "1", "--poll-interval", "5"],
            environment: ["CONCUR_EXTRACT_STATE": data + "/state", "HOME": NSTemporaryDirectory()]
        )
        // Wait (bounded) until the first run has posted, then ask it to stop.
        let database = data + "/ledger.sqlite"
        var posted = 0
        for _ in 0..<60 where posted == 0 {
            try await Task.sleep(for: .milliseconds(500))
            if FileManager.default.fileExists(atPath: database) {
                posted = (try? await Self.postedRecords(database, company: "c0").jobs) ?? 0
            }
        }
        #expect(posted == 1)
        process.terminate()  // SIGTERM
        var waited = 0
        while process.isRunning && waited < 100 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(!process.isRunning, "serve should stop within 10 s of SIGTERM")
        if process.isRunning { process.send(SIGKILL) }
        let outcome = try await process.wait(deadline: .seconds(30))
        #expect(outcome.status == 0)
    }
}
