import AccountingExtract
import ExtractTesting
import Foundation
import Ledger
import Testing

/// One suite, run against a real SQLite file and a real PostgreSQL database.
@Suite("Ledger store (SQLite and PostgreSQL)")
struct LedgerStoreTests {
    @Test(
        "PostgreSQL is configured for the shared suite",
        .disabled(if: StoreKind.skipsPostgres, "LEDGER_TEST_SKIP_POSTGRES=1")
    )
    func postgresIsConfigured() async throws {
        // LEDGER_TEST_POSTGRES_URL, or the cluster .ci/start-postgres.sh starts for a plain `swift test`.
        let url = try await TestPostgres.adminURL() ?? ""
        #expect(url.hasPrefix("postgres://"), Comment(rawValue: StoreKind.howToStartPostgres))
    }

    @Test("migrations are numbered, applied once, and idempotent", arguments: StoreKind.tested)
    func migrationsAreIdempotent(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            #expect(try await store.schemaVersion() == LedgerMigration.latestVersion)
            #expect(try await store.migrate() == [])
            #expect(try await store.migrate() == [])
            let second = try await harness.openSecondStore()
            #expect(try await second.migrate() == [])
            #expect(try await second.schemaVersion() == LedgerMigration.latestVersion)
            try await second.close()
        }
    }

    @Test("a new database gets every migration in order", arguments: StoreKind.tested)
    func newDatabaseMigrates(kind: StoreKind) async throws {
        guard kind == .sqlite else { return }  // PostgreSQL: the harness's own migrate() is the fresh case
        let directory = NSTemporaryDirectory() + "ledger-fresh-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await LedgerStores.open(directory + "/ledger.sqlite")
        #expect(try await store.schemaVersion() == 0)
        #expect(try await store.migrate() == LedgerMigration.all.map(\.version).sorted())
        #expect(try await store.migrate() == [])
        try await store.close()
    }

    @Test("loading the same batch again changes nothing", arguments: StoreKind.tested)
    func reloadChangesNothing(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let lines = LedgerFixtures.lines(batchID: "B1", details: 25)
            let batch = LedgerFixtures.batch("B1", lines: lines)
            let first = try await store.load(batch, lines: lines)
            #expect(first.status == .loaded)
            #expect(first.linesWritten == 50)
            let csv = try await store.exportJournal(.csv, .all)
            let summary = try await store.reconciliation(.all)

            let second = try await store.load(batch, lines: lines)
            #expect(second.status == .alreadyLoaded)
            #expect(second.linesWritten == 0)
            #expect(try await store.exportJournal(.csv, .all) == csv)
            #expect(try await store.reconciliation(.all) == summary)
            #expect(try await store.batches().count == 1)
            #expect(try await store.batch(id: "B1", company: nil)?.lineCount == 50)
        }
    }

    @Test("two concurrent loads of the same batch load it once", arguments: StoreKind.tested)
    func concurrentLoadsLoadOnce(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let lines = LedgerFixtures.lines(batchID: "C1", details: 2_000)
            let batch = LedgerFixtures.batch("C1", lines: lines)
            let other = try await harness.openSecondStore()
            async let a = store.load(batch, lines: lines)
            async let b = other.load(batch, lines: lines)
            async let c = store.load(batch, lines: lines)
            let results = try await [a, b, c]
            #expect(results.filter { $0.status == .loaded }.count == 1)
            #expect(results.filter { $0.status == .alreadyLoaded }.count == 2)
            let summary = try await store.reconciliation(.batch("C1"))
            #expect(summary.lineCount == 4_000)
            #expect(summary.batches.first?.loadedRecordCount == 2_000)
            try await other.close()
        }
    }

    @Test("a failure in the middle of a load rolls everything back", arguments: StoreKind.tested)
    func failureMidLoadRollsBack(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let lines = LedgerFixtures.lines(batchID: "F1", details: 3_000)
            let batch = LedgerFixtures.batch("F1", lines: lines)
            // The source breaks after 2,500 lines (more than one insert statement or COPY chunk).
            await #expect(throws: FailingLines.InjectedFailure.self) {
                try await store.load(batch, lines: FailingLines(lines: lines, failAfter: 2_500))
            }
            try await expectEmpty(store)

            // A line of another batch in the middle.
            var foreign = lines
            foreign[1_501].batchID = "OTHER"
            let invalid = await #expect(throws: LedgerError.self) { try await store.load(batch, lines: foreign) }
            #expect(invalid?.code == .invalidLine)
            try await expectEmpty(store)

            // The same line twice: the database's key refuses it.
            var doubled = lines
            doubled.append(lines[10])
            let duplicate = await #expect(throws: LedgerError.self) { try await store.load(batch, lines: doubled) }
            #expect(duplicate?.code == .duplicateLine)
            try await expectEmpty(store)

            // Nothing was left behind: the batch loads whole afterwards.
            let result = try await store.load(batch, lines: lines)
            #expect(result.status == .loaded)
            #expect(result.linesWritten == 6_000)
        }
    }

    private func expectEmpty(_ store: any LedgerStore) async throws {
        #expect(try await store.batches().isEmpty)
        #expect(try await store.journalPage(.all, after: nil, limit: 10).lines.isEmpty)
        #expect(try await store.reconciliation(.all).lineCount == 0)
    }

    @Test("the same batch id from a different file is a conflict", arguments: StoreKind.tested)
    func batchConflict(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let lines = LedgerFixtures.lines(batchID: "K1", details: 3)
            let batch = LedgerFixtures.batch("K1", lines: lines)
            _ = try await store.load(batch, lines: lines)
            var other = batch
            other.sha256 = String(repeating: "a", count: 64)
            let error = await #expect(throws: LedgerError.self) { try await store.load(other, lines: lines) }
            #expect(error?.code == .batchConflict)
            var redated = batch
            redated.batchDate = LedgerFixtures.postingDate
            let dateError = await #expect(throws: LedgerError.self) { try await store.load(redated, lines: lines) }
            #expect(dateError?.code == .batchConflict)
            #expect(try await store.reconciliation(.all).lineCount == 6)
        }
    }

    @Test("a journal key delivered twice across batches is caught", arguments: StoreKind.tested)
    func duplicateJournalKey(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let first = LedgerFixtures.lines(batchID: "D1", details: 5, keyPrefix: "K")
            _ = try await store.load(LedgerFixtures.batch("D1", lines: first), lines: first)
            // D2 repeats all five keys K-1 … K-5.
            let second = LedgerFixtures.lines(batchID: "D2", details: 5, keyPrefix: "K")
            let batch = LedgerFixtures.batch("D2", lines: second)
            let error = await #expect(throws: LedgerError.self) { try await store.load(batch, lines: second) }
            #expect(error?.code == .duplicateJournalKey)
            #expect(error?.message.contains("K-1") == true)
            #expect(try await store.batch(id: "D2", company: nil) == nil)

            let reported = try await store.load(
                batch,
                lines: second,
                options: LoadOptions(duplicateJournalKeys: .report)
            )
            #expect(reported.status == .loaded)
            #expect(reported.duplicateJournalKeys.map(\.journalKey) == ["K-1", "K-2", "K-3", "K-4", "K-5"])
            #expect(reported.duplicateJournalKeys.allSatisfy { $0.existingBatchID == "D1" })

            // Fresh keys are not flagged.
            let third = LedgerFixtures.lines(batchID: "D3", details: 5)
            let clean = try await store.load(LedgerFixtures.batch("D3", lines: third), lines: third)
            #expect(clean.duplicateJournalKeys.isEmpty)
        }
    }

    @Test("quarantine keeps the file's reason and code, once", arguments: StoreKind.tested)
    func quarantine(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let record = QuarantineRecord(
                sha256: String(repeating: "b", count: 64),
                fileName: "bad.txt",
                code: "count-mismatch",
                reason: "header says 12 lines, file has 11",
                batchID: "Q1",
                quarantinedAt: harness.clock.now
            )
            try await store.quarantine(record)
            try await store.quarantine(record)
            var other = record
            other.code = "invalid-amount"
            try await store.quarantine(other)
            let listed = try await store.quarantinedFiles()
            #expect(listed.map(\.code) == ["count-mismatch", "invalid-amount"])
            var first = listed.first
            #expect(first?.id != nil && first?.state == .open)
            first?.id = nil
            first?.updatedAt = nil
            #expect(first == record)
            #expect(try await store.batches().isEmpty)
        }
    }

    @Test("exports are byte-stable: column order, 4-place amounts, CSV quoting", arguments: StoreKind.tested)
    func exportsAreByteStable(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            var lines = LedgerFixtures.lines(batchID: "X1", details: 1)
            lines[0].description = "Dinner, \"client\"\nsecond line\ttab \\ back"
            lines[0].employeeName = "Zoë Ångström"
            lines[0].debit = Amount(tenThousandths: 1_234_500)
            lines[1].credit = Amount(tenThousandths: 1_234_500)
            lines[1].description = lines[0].description
            lines[1].employeeName = lines[0].employeeName
            var batch = LedgerFixtures.batch("X1", lines: lines)
            batch.company = "acme, inc"
            _ = try await store.load(batch, lines: lines)

            let csv = try await store.exportJournal(.csv, .batch("X1"))
            let expectedCSV =
                "posting_date,account,debit,credit,currency,employee_id,employee_name,report_id,report_name,description,cost_object,batch_id,sequence,origin,journal_key,company,document_number\r\n"
                + "2026-01-14,6000,123.4500,0.0000,USD,E100,Zoë Ångström,R0,Trip 0,\"Dinner, \"\"client\"\"\nsecond line\ttab \\ back\",CC0,X1,1,extract,X1-1,\"acme, inc\",X1-0001\r\n"
                + "2026-01-14,2000,0.0000,123.4500,USD,E100,Zoë Ångström,R0,Trip 0,\"Dinner, \"\"client\"\"\nsecond line\ttab \\ back\",CC0,X1,1,offset,X1-1,\"acme, inc\",X1-0001\r\n"
            #expect(csv == expectedCSV)

            let jsonl = try await store.exportJournal(.jsonLines, .batch("X1"))
            let expectedJSONL =
                #"{"posting_date":"2026-01-14","account":"6000","debit":"123.4500","credit":"0.0000","currency":"USD","employee_id":"E100","employee_name":"Zoë Ångström","report_id":"R0","report_name":"Trip 0","description":"Dinner, \"client\"\nsecond line\ttab \\ back","cost_object":"CC0","batch_id":"X1","sequence":1,"origin":"extract","journal_key":"X1-1","company":"acme, inc","document_number":"X1-0001"}"#
                + "\n"
                + #"{"posting_date":"2026-01-14","account":"2000","debit":"0.0000","credit":"123.4500","currency":"USD","employee_id":"E100","employee_name":"Zoë Ångström","report_id":"R0","report_name":"Trip 0","description":"Dinner, \"client\"\nsecond line\ttab \\ back","cost_object":"CC0","batch_id":"X1","sequence":1,"origin":"offset","journal_key":"X1-1","company":"acme, inc","document_number":"X1-0001"}"#
                + "\n"
            #expect(jsonl == expectedJSONL)
            // Every line parses as JSON with the right values.
            for row in jsonl.split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any]
                #expect(object?["description"] as? String == lines[0].description)
            }

            // A file export has the same bytes.
            let path = NSTemporaryDirectory() + "ledger-export-\(UUID().uuidString).csv"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await store.exportJournal(.csv, .batch("X1"), toFile: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == expectedCSV)
        }
    }

    @Test("exports filter by batch and page through everything in order", arguments: StoreKind.tested)
    func exportsFilterAndPage(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let a = LedgerFixtures.lines(batchID: "P1", details: 7)
            let b = LedgerFixtures.lines(batchID: "P2", details: 4)
            _ = try await store.load(LedgerFixtures.batch("P1", lines: a), lines: a)
            _ = try await store.load(LedgerFixtures.batch("P2", lines: b), lines: b)
            var cursor: JournalCursor?
            var seen: [JournalLine] = []
            repeat {
                let page = try await store.journalPage(.all, after: cursor, limit: 3)
                #expect(page.lines.count <= 3)
                seen += page.lines
                cursor = page.next
            } while cursor != nil
            #expect(seen == a + b)
            let onlyB = try await store.exportJournal(.jsonLines, .batch("P2"))
            #expect(onlyB.split(separator: "\n").count == 8)
            #expect(!onlyB.contains("\"batch_id\":\"P1\""))
            var chunks = 0
            try await store.exportJournal(.csv, .all, pageSize: 4) { _ in chunks += 1 }
            #expect(chunks == 1 + 6)  // header + ceil(22 / 4) pages
        }
    }

    @Test("reconciliation: totals by account, reports, header against loaded", arguments: StoreKind.tested)
    func reconciliation(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let lines = LedgerFixtures.lines(batchID: "R1", details: 6)
            _ = try await store.load(LedgerFixtures.batch("R1", lines: lines), lines: lines)
            var short = LedgerFixtures.lines(batchID: "R2", details: 2)
            var header = LedgerFixtures.batch("R2", lines: short)
            header.headerRecordCount = 3  // the file announced a line that was not loaded
            header.headerTotal = header.headerTotal + Amount(units: 10)
            short[0].employeeID = "E999"
            _ = try await store.load(header, lines: short)

            let one = try await store.reconciliation(.batch("R1"))
            let expectedDebit = lines.reduce(Amount.zero) { $0 + $1.debit }
            #expect(one.debitTotal == expectedDebit)
            #expect(one.creditTotal == expectedDebit)
            #expect(one.lineCount == 12)
            #expect(one.reportCount == 3)
            #expect(one.accounts.map(\.account) == ["2000", "6000", "6100", "6200"])
            #expect(one.accounts.first?.credit == expectedDebit)
            #expect(one.accounts.first?.lineCount == 6)
            #expect(one.batches.count == 1)
            #expect(one.batches.first?.matchesHeader == true)
            #expect(one.batches.first?.loadedTotal == expectedDebit)
            #expect(one.isBalanced)

            let all = try await store.reconciliation(.all)
            #expect(all.batches.map(\.batchID) == ["R1", "R2"])
            #expect(all.batches.last?.matchesHeader == false)
            #expect(all.batches.last?.loadedRecordCount == 2)
            #expect(all.batches.last?.headerRecordCount == 3)
            #expect(all.lineCount == 16)
            #expect(all.debitTotal == all.creditTotal)
            #expect(!all.isBalanced)  // R2 differs from its header
            #expect(try await store.reconciliation(.batch("NONE")).lineCount == 0)
        }
    }

    @Test("extract jobs are recorded before polling and resumed until posted", arguments: StoreKind.tested)
    func extractJobs(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let job = ExtractJobRecord(
                company: "ACME",
                definitionID: "def-1",
                jobID: "J1",
                status: "Queued",
                startedAt: harness.clock.now
            )
            #expect(try await store.recordJob(job))
            #expect(try await !store.recordJob(job))
            harness.clock.advance(by: 5)
            try await store.updateJob(company: "ACME", jobID: "J1", state: .completed, status: "Completed", url: nil)
            #expect(try await store.job(company: "ACME", jobID: "J1")?.state == .completed)
            let other = ExtractJobRecord(
                company: "BETA",
                definitionID: "def-2",
                jobID: "J1",
                status: "Queued",
                startedAt: harness.clock.now
            )
            try await store.recordJob(other)
            #expect(try await store.jobs(company: nil, includePosted: false).map(\.company) == ["ACME", "BETA"])
            try await store.markJobPosted(company: "ACME", jobID: "J1")
            let posted = try await store.job(company: "ACME", jobID: "J1")
            #expect(posted?.status == "Completed" && posted?.state == .posted)
            #expect(posted?.postedAt == harness.clock.now)
            #expect(posted?.startedAt == job.startedAt)
            #expect(try await store.jobs(company: nil, includePosted: false).map(\.company) == ["BETA"])
            #expect(try await store.jobs(company: "ACME", includePosted: true).count == 1)
            let error = await #expect(throws: LedgerError.self) {
                try await store.updateJob(company: "ACME", jobID: "nope", state: .failed)
            }
            #expect(error?.code == .unknownJob)
        }
    }

    @Test("leases: claim, exclusion, expiry, takeover by a second worker", arguments: StoreKind.tested)
    func leases(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let other = try await harness.openSecondStore()
            let first = try #require(
                try await store.claimRun(company: "ACME", worker: "w1", leaseDuration: .seconds(30))
            )
            #expect(first.worker == "w1")
            #expect(try await other.claimRun(company: "ACME", worker: "w2", leaseDuration: .seconds(30)) == nil)
            // Another company is independent.
            #expect(try await other.claimRun(company: "BETA", worker: "w2", leaseDuration: .seconds(30)) != nil)

            harness.clock.advance(by: 20)
            let renewed = try await store.renew(first, leaseDuration: .seconds(30))
            #expect(renewed.expiresAt == harness.clock.now.addingTimeInterval(30))
            harness.clock.advance(by: 20)
            #expect(try await other.claimRun(company: "ACME", worker: "w2", leaseDuration: .seconds(30)) == nil)

            // w1 dies; after expiry w2 takes over with a higher token.
            harness.clock.advance(by: 11)
            let takeover = try #require(
                try await other.claimRun(company: "ACME", worker: "w2", leaseDuration: .seconds(30))
            )
            #expect(takeover.token > first.token)
            let lost = await #expect(throws: LedgerError.self) {
                try await store.renew(renewed, leaseDuration: .seconds(30))
            }
            #expect(lost?.code == .leaseLost)
            try await store.release(renewed)  // a lost lease's release changes nothing
            #expect(try await store.claimRun(company: "ACME", worker: "w1", leaseDuration: .seconds(30)) == nil)

            try await other.release(takeover)
            let again = try #require(
                try await store.claimRun(company: "ACME", worker: "w1", leaseDuration: .seconds(30))
            )
            #expect(again.token > takeover.token)
            try await other.close()
        }
    }

    @Test("leases: two workers claiming at once get one lease", arguments: StoreKind.tested)
    func concurrentClaims(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let other = try await harness.openSecondStore()
            for round in 0..<5 {
                let company = "C\(round)"
                async let a = store.claimRun(company: company, worker: "w1", leaseDuration: .seconds(60))
                async let b = other.claimRun(company: company, worker: "w2", leaseDuration: .seconds(60))
                let claims = try await [a, b].compactMap { $0 }
                #expect(claims.count == 1)
            }
            try await other.close()
        }
    }
}
