import ExtractSandbox
import ExtractTesting
import Foundation
import Ledger
import Testing

/// Issue 10 item 7 from the command line: `sync` against the sandbox into a PostgreSQL ledger whose constraint
/// refuses the lines. The file is quarantined with the database's message (never the password), `sync` exits 1,
/// a rerun neither loops on it nor posts it, and `quarantine reload` loads it once the constraint is dropped.
@Suite struct DatabaseRefusalCommandTests {
    static let password = "pw-s3cr3t-7431"

    @Test func refusedBySyncQuarantinedThenReloaded() async throws {
        let server = try await SandboxServer.startForTests(reports: 12, queued: 0.1, running: 0.1)
        defer { Task { await server.shutdown() } }
        let data = try CLIRunner.temporaryDirectory()
        let plain = try await TestPostgres.freshDatabase(prefix: "sync_crash_")
        // The test cluster trusts local connections: the password is sent nowhere, but must show nowhere either.
        let database = plain.replacingOccurrences(of: "postgres@", with: "postgres:\(Self.password)@")
        let store = try await LedgerStores.open(database)
        try await store.migrate()
        try await store.close()
        // A DBA's rule the generated lines break: no journal line above 0.01 (amounts are in ten-thousandths).
        try await TestPostgres.psql(
            plain,
            "ALTER TABLE ledger_journal_lines ADD CONSTRAINT small_lines_only CHECK (debit + credit <= 100)"
        )
        let credentials = server.demoCredentials
        let environment = [
            "CONCUR_BASE_URL": server.baseURL.absoluteString,
            "CONCUR_CLIENT_ID": credentials.clientID,
            "CONCUR_CLIENT_SECRET": credentials.clientSecret,
            "CONCUR_USERNAME": credentials.username,
            "CONCUR_PASSWORD": credentials.password,
            "CONCUR_EXTRACT_STATE": data + "/state",
        ]
        let sync = ["sync", "--data-dir", data, "--database", database, "--company", "acme", "--poll-interval", "5"]
        var outputs: [String] = []

        let first = try await CLIRunner.run(sync, environment: environment)
        outputs += [first.standardOutput, first.standardError]
        #expect(first.status == 1, "\(first.standardOutput) \(first.standardError)")
        #expect(first.standardOutput.contains("QUARANTINED"), "\(first.standardOutput)")
        #expect(first.standardOutput.contains("small_lines_only"), "\(first.standardOutput)")

        let list = try await CLIRunner.run(["quarantine", "list", "--data-dir", data, "--database", database, "--json"])
        outputs += [list.standardOutput, list.standardError]
        #expect(list.status == 0, "\(list.standardError)")
        let entries = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]]
        #expect(entries?.count == 1)
        let entry = try #require(entries?.first)
        #expect(entry["code"] as? String == "database-refused")
        let reason = try #require(entry["reason"] as? String)
        #expect(reason.contains("small_lines_only") && reason.contains("23514"), "\(reason)")
        let id = try #require(entry["id"] as? Int)

        // Nothing half-loaded, the job not posted; a rerun does not try the file again.
        let ledger = try await LedgerStores.open(database)
        #expect(try await ledger.reconciliation(.company("acme")).lineCount == 0)
        let jobs = try await ledger.jobs(company: "acme", includePosted: true)
        #expect(jobs.count == 1 && jobs.first?.state == .quarantined && jobs.first?.isPosted == false)
        let rerun = try await CLIRunner.run(sync, environment: environment)
        outputs += [rerun.standardOutput, rerun.standardError]
        #expect(!rerun.standardOutput.contains("QUARANTINED"), "\(rerun.standardOutput)")
        #expect(rerun.standardOutput.contains("1 file waits in quarantine"), "\(rerun.standardOutput)")
        #expect(try await ledger.quarantinedFiles(company: "acme").count == 1)
        #expect(try await ledger.reconciliation(.company("acme")).lineCount == 0)
        let quarantinedJob = try await ledger.job(company: "acme", jobID: try #require(jobs.first?.jobID))
        #expect(quarantinedJob?.state == .quarantined && quarantinedJob?.isPosted == false)

        // The constraint dropped: the reload posts the file.
        try await TestPostgres.psql(plain, "ALTER TABLE ledger_journal_lines DROP CONSTRAINT small_lines_only")
        let reload = try await CLIRunner.run(
            ["quarantine", "reload", String(id), "--data-dir", data, "--database", database]
        )
        outputs += [reload.standardOutput, reload.standardError]
        #expect(reload.status == 0, "\(reload.standardOutput) \(reload.standardError)")
        let loaded = try await ledger.reconciliation(.company("acme"))
        #expect(loaded.isBalanced && loaded.lineCount > 0)
        #expect(loaded.batches.reduce(0) { $0 + $1.reportCount } == 12)
        #expect(try await ledger.quarantinedFiles(company: "acme").allSatisfy { $0.state == .reloaded })
        try await ledger.close()

        for output in outputs { #expect(!output.contains(Self.password), "\(output)") }
    }
}
