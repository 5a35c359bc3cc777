import AccountingExtract
import ExtractSandbox
import ExtractTesting
import Foundation
import Ledger
import Testing

/// Reads never create or guess: `export` on a ledger that does not exist, unknown companies and batches.
@Suite struct ReadOnlyCommandTests {
    @Test func exportOnAMissingLedgerCreatesNothing() async throws {
        let parent = try CLIRunner.temporaryDirectory()
        let missing = parent + "/no-such-dir"
        let noDir = try await CLIRunner.run(["export", "--data-dir", missing, "--format", "csv"])
        #expect(noDir.status != 0)
        #expect(noDir.standardError.contains("no data directory at \(missing)"), "\(noDir.standardError)")
        #expect(!FileManager.default.fileExists(atPath: missing))

        let file = parent + "/ledger.sqlite"
        let noFile = try await CLIRunner.run(["export", "--database", file, "--format", "reconciliation"])
        #expect(noFile.status != 0)
        #expect(noFile.standardError.contains("no ledger database at \(file)"), "\(noFile.standardError)")
        #expect(!FileManager.default.fileExists(atPath: file))

        let list = try await CLIRunner.run(["quarantine", "list", "--data-dir", missing])
        #expect(list.status != 0)
        #expect(!FileManager.default.fileExists(atPath: missing))

        // A PostgreSQL database without the ledger's schema stays without it.
        let empty = try await TestPostgres.freshDatabase(prefix: "sync_crash_")
        let noSchema = try await CLIRunner.run(["export", "--database", empty, "--data-dir", parent])
        #expect(noSchema.status != 0)
        #expect(noSchema.standardError.contains("holds no ledger"), "\(noSchema.standardError)")
        let store = try await LedgerStores.open(empty)
        #expect(try await store.schemaVersion() == 0)
        try await store.close()
        // A database that does not exist at all.
        let absent = String(empty[..<(empty.lastIndex(of: "/") ?? empty.endIndex)]) + "/no_such_ledger_db"
        let noDatabase = try await CLIRunner.run(["export", "--database", absent, "--data-dir", parent])
        #expect(noDatabase.status != 0)
    }

    @Test func unknownCompanyOrBatchNamesTheOnesThatExist() async throws {
        let data = try CLIRunner.temporaryDirectory()
        let store = try await LedgerStores.open(data + "/ledger.sqlite")
        try await store.migrate()
        for (company, batchID) in [("acme", "567"), ("acme", "568"), ("globex", "567")] {
            let lines = LedgerFixtures.lines(batchID: batchID, details: 2, keyPrefix: company + batchID)
            var batch = LedgerFixtures.batch(batchID, lines: lines, sha256: (company + batchID).sha256Stand)
            batch.company = company
            _ = try await store.load(batch, lines: lines)
        }
        try await store.close()

        let company = try await CLIRunner.run(["export", "--data-dir", data, "--company", "acmee"])
        #expect(company.status != 0)
        #expect(
            company.standardError.contains("no company 'acmee' in the ledger; it has: acme, globex"),
            "\(company.standardError)"
        )
        let batch = try await CLIRunner.run(["export", "--data-dir", data, "--company", "acme", "--batch", "569"])
        #expect(batch.status != 0)
        #expect(
            batch.standardError.contains(
                "no batch '569' of company acme in the ledger; the batches of company acme are: 567, 568"
            ),
            "\(batch.standardError)"
        )
        let anyBatch = try await CLIRunner.run(["export", "--data-dir", data, "--batch", "1"])
        #expect(anyBatch.status != 0)
        #expect(anyBatch.standardError.contains("567, 568"), "\(anyBatch.standardError)")

        // Exports carry the company: the journal's column before the document number, and the reconciliation's.
        let csv = try await CLIRunner.run(["export", "--data-dir", data, "--batch", "567", "--company", "globex"])
        #expect(csv.status == 0, "\(csv.standardError)")
        let rows = csv.standardOutput.split(separator: "\r\n")
        #expect(rows.first?.hasSuffix(",journal_key,company,document_number") == true)
        #expect(rows.count == 5 && rows.dropFirst().allSatisfy { $0.contains(",globex,567-000") })
        let reconciliation = try await CLIRunner.run(["export", "--data-dir", data, "--format", "reconciliation"])
        #expect(reconciliation.status == 0, "\(reconciliation.standardError)")
        #expect(reconciliation.standardOutput.contains("567,2026-01-15,2,2,"), "\(reconciliation.standardOutput)")
        #expect(reconciliation.standardOutput.contains(",true,globex\n"), "\(reconciliation.standardOutput)")
        #expect(reconciliation.standardOutput.contains(",true,acme\n"))
    }
}

/// A file quarantined by `sync` against the sandbox, then the whole workflow from the command line.
@Suite struct QuarantineCommandTests {
    @Test func quarantinedBySyncThenReloadedOnceAndReleased() async throws {
        let server = try await SandboxServer.startForTests(reports: 40, queued: 0.1, running: 0.1)
        defer { Task { await server.shutdown() } }
        let data = try CLIRunner.temporaryDirectory()
        let credentials = server.demoCredentials
        let environment = [
            "CONCUR_BASE_URL": server.baseURL.absoluteString,
            "CONCUR_CLIENT_ID": credentials.clientID,
            "CONCUR_CLIENT_SECRET": credentials.clientSecret,
            "CONCUR_USERNAME": credentials.username,
            "CONCUR_PASSWORD": credentials.password,
            "CONCUR_EXTRACT_STATE": data + "/state",
            "USER": "jane",
        ]
        // A wrong payment type name: a recovered personal charge (paid by "Employee") cannot be placed.
        let wrong = data + "/journal-wrong.toml"
        try Data("employee_payment_types = \"Staff\"\n".utf8).write(to: URL(fileURLWithPath: wrong))
        let fixed = data + "/journal-fixed.toml"
        try Data("employee_payment_types = \"Staff, Employee\"\n".utf8).write(to: URL(fileURLWithPath: fixed))

        let sync = try await CLIRunner.run(
            ["sync", "--data-dir", data, "--company", "acme", "--poll-interval", "5", "--journal", wrong],
            environment: environment
        )
        #expect(sync.status == 1, "\(sync.standardOutput) \(sync.standardError)")
        #expect(sync.standardOutput.contains("QUARANTINED"), "\(sync.standardOutput)")
        #expect(sync.standardOutput.contains("quarantine: acme: 1 file waits in quarantine"), "\(sync.standardOutput)")

        let list = try await CLIRunner.run(["quarantine", "list", "--data-dir", data, "--json"])
        #expect(list.status == 0, "\(list.standardError)")
        let entries = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]]
        let entry = try #require(entries?.first)
        #expect(entries?.count == 1)
        let id = try #require(entry["id"] as? Int)
        #expect(entry["company"] as? String == "acme")
        // The payee the configuration cannot place (issue 9 item 7): field 165, named with its line and value.
        #expect(entry["code"] as? String == "unknown-payment-type")
        #expect((entry["jobID"] as? String)?.isEmpty == false)
        #expect(entry["line"] as? Int != nil && entry["field"] as? Int == 165, "\(entry)")
        #expect(entry["value"] as? String == "Employee", "\(entry)")

        let show = try await CLIRunner.run(["quarantine", "show", String(id), "--data-dir", data, "--json"])
        #expect(show.status == 0, "\(show.standardError)")
        let detail = try JSONSerialization.jsonObject(with: Data(show.standardOutput.utf8)) as? [String: Any]
        let shown = try #require(detail?["entry"] as? [String: Any])
        let sha = try #require(shown["sha256"] as? String)
        let archivePath = try #require(detail?["archivePath"] as? String)
        #expect(archivePath.hasSuffix(sha) && detail?["archived"] as? Bool == true)
        #expect(try RawFileStore.sha256(ofFileAt: archivePath) == sha)

        // Still wrong: the reload fails, exits 1 and keeps the entry.
        let failed = try await CLIRunner.run(
            ["quarantine", "reload", String(id), "--data-dir", data, "--journal", wrong, "--json"]
        )
        #expect(failed.status == 1, "\(failed.standardOutput) \(failed.standardError)")
        #expect(failed.standardOutput.contains("still-quarantined"))

        // Fixed: posted once; a second reload changes nothing.
        let reload = try await CLIRunner.run([
            "quarantine", "reload", String(id), "--data-dir", data, "--journal", fixed,
        ])
        #expect(reload.status == 0, "\(reload.standardOutput) \(reload.standardError)")
        #expect(reload.standardOutput.contains("reloaded as batch"), "\(reload.standardOutput)")
        let store = try await LedgerStores.openExisting(data + "/ledger.sqlite")
        let loaded = try await store.reconciliation(.company("acme"))
        #expect(loaded.isBalanced && loaded.lineCount > 0)
        let again = try await CLIRunner.run([
            "quarantine", "reload", String(id), "--data-dir", data, "--journal", fixed,
        ])
        #expect(again.status == 0 && again.standardOutput.contains("already reloaded"), "\(again.standardOutput)")
        #expect(try await store.reconciliation(.company("acme")) == loaded)
        #expect(try await store.batches().count == 1)

        // Release: refused for a reloaded entry, and a note is required.
        let noNote = try await CLIRunner.run(["quarantine", "release", String(id), "--data-dir", data])
        #expect(noNote.status != 0)
        let releaseReloaded = try await CLIRunner.run(
            ["quarantine", "release", String(id), "--data-dir", data, "--note", "by hand"]
        )
        #expect(releaseReloaded.status != 0)
        #expect(releaseReloaded.standardError.contains("quarantine-closed"), "\(releaseReloaded.standardError)")

        // A second file, released with a note: the audit trail keeps who, when and why.
        let broken = data + "/broken.txt"
        try Data("EXTRACT|2026-01-15|1|2|100.00\nnot a detail line\n".utf8).write(to: URL(fileURLWithPath: broken))
        let archive = try RawFileStore(directory: data + "/archive")
        guard
            case .quarantined(let other) = try await LedgerLoader(store: store, archive: archive)
                .loadFile(at: broken, company: "acme", jobID: "job-2")
        else {
            Issue.record("the broken file should be quarantined")
            return
        }
        let otherID = String(try #require(other.id))
        let release = try await CLIRunner.run(
            [
                "quarantine", "release", otherID, "--data-dir", data, "--note", "re-sent by Concur support", "--by",
                "joe",
                "--json",
            ]
        )
        #expect(release.status == 0, "\(release.standardError)")
        let trail = try await CLIRunner.run(["quarantine", "show", otherID, "--data-dir", data])
        #expect(trail.standardOutput.contains("released by joe: re-sent by Concur support"), "\(trail.standardOutput)")
        let firstTrail = try await store.quarantineEvents(id: Int64(id))
        #expect(firstTrail.map(\.kind) == [.quarantined, .reloadFailed, .reloaded])
        #expect(firstTrail.first?.actor == "jane")  // the sync's OS user
        #expect(firstTrail.dropFirst().allSatisfy { $0.actor == QuarantineEvent.currentUser })
        #expect(try await store.quarantinedFiles().allSatisfy { $0.state != .open })
        try await store.close()
    }
}
