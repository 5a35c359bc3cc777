import AccountingExtract
import ExtractAPI
import ExtractSandbox
import ExtractTesting
import Foundation
import Testing

@testable import Ledger

/// Runs one query on a store's own database (tests only).
func rawQuery(_ store: any LedgerStore, _ sql: String) async throws -> [SQLRow] {
    if let sqlite = store as? SQLiteLedgerStore {
        return try await sqlite.backend.withTransaction { try await $0.query(sql) }
    }
    if let postgres = store as? PostgresLedgerStore {
        return try await postgres.backend.withTransaction { try await $0.query(sql) }
    }
    throw HarnessError(description: "not a SQL store")
}

@Suite("Duplicates are per company (SQLite and PostgreSQL)")
struct PerCompanyDuplicateTests {
    @Test("two companies' byte-identical extracts are both recorded", arguments: StoreKind.tested)
    func byteIdenticalExtracts(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let archive = try RawFileStore(directory: harness.directory + "/raw")
            let loader = LedgerLoader(store: store, archive: archive)
            // An empty extract (header only) and a full one: both byte-identical between the companies.
            let empty = harness.directory + "/empty.txt"
            let writer = try SAEWriter(batchID: "900", batchDate: LedgerFixtures.batchDate, path: empty)
            try writer.finish()
            let full = harness.directory + "/full.txt"
            try LedgerLoaderTests.writeExtract(full, batchID: "901", reports: 4, seed: 9)
            for path in [empty, full] {
                for company in ["acme", "globex"] {
                    let outcome = try await loader.loadFile(at: path, company: company, jobID: "job-\(company)")
                    guard case .loaded = outcome else {
                        Issue.record("\(company) \(path): \(outcome)")
                        continue
                    }
                }
                // A rerun for either company changes nothing.
                guard case .alreadyLoaded = try await loader.loadFile(at: path, company: "globex") else {
                    Issue.record("the rerun should change nothing")
                    continue
                }
                let sha = try RawFileStore.sha256(ofFileAt: path)
                let uses = try await store.rawFileUses(sha256: sha)
                #expect(Set(uses.compactMap(\.company)) == ["acme", "globex"])
                #expect(uses.allSatisfy { $0.sha256 == sha })
            }
            for company in ["acme", "globex"] {
                #expect(try await store.batch(id: "900", company: company)?.lineCount == 0)
                #expect(try await store.batch(id: "901", company: company)?.lineCount ?? 0 > 0)
            }
            let summary = try await store.reconciliation(.batch("901"))
            #expect(summary.batches.map(\.company).sorted() == ["acme", "globex"])
            #expect(summary.batches.allSatisfy { $0.matchesHeader })

            // The quarantine is per company too: one broken file, refused for each.
            let broken = harness.directory + "/broken.txt"
            try Data("EXTRACT|2026-01-15|1|2|100.00\nnot a detail line\n".utf8).write(to: URL(fileURLWithPath: broken))
            for company in ["acme", "globex"] {
                guard case .quarantined(let entry) = try await loader.loadFile(at: broken, company: company) else {
                    Issue.record("the broken file should be quarantined for \(company)")
                    continue
                }
                #expect(entry.company == company && entry.id != nil)
            }
            #expect(Set(try await store.quarantinedFiles().compactMap(\.company)) == ["acme", "globex"])
        }
    }
}

@Suite("What SQL users see: the decimal journal view (SQLite and PostgreSQL)")
struct DecimalJournalViewTests {
    @Test(
        "ledger_journal gives the integer columns' amounts as decimals, with the company",
        arguments: StoreKind.tested
    )
    func decimalViewMatchesIntegers(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            var lines = LedgerFixtures.lines(batchID: "V1", details: 40)
            var random = SeededRandomNumberGenerator(seed: 7)
            let edges: [Int64] = [0, 1, 9, 10, 9_999, 10_000, 123_400, 10_001, 99_999_999_999_999_999]
            for index in stride(from: 0, to: lines.count, by: 2) {
                let detail = index / 2
                let value =
                    detail < edges.count ? edges[detail] : Int64.random(in: 0...999_999_999_999, using: &random)
                lines[index].debit = Amount(tenThousandths: value)
                lines[index + 1].credit = Amount(tenThousandths: value)
            }
            var batch = LedgerFixtures.batch("V1", lines: lines)
            batch.company = "acme"
            #expect(try await store.load(batch, lines: lines).status == .loaded)

            let rows = try await rawQuery(
                store,
                """
                SELECT CAST(debit AS TEXT), CAST(credit AS TEXT), sequence_number, origin, company, batch_id
                FROM ledger_journal ORDER BY sequence_number, origin
                """
            )
            #expect(rows.count == lines.count)
            let expected = lines.sorted {
                ($0.sequenceNumber, $0.origin.rawValue) < ($1.sequenceNumber, $1.origin.rawValue)
            }
            for (row, line) in zip(rows, expected) {
                #expect(try row.text(0) == line.debit.formatted(), "line \(line.sequenceNumber) \(line.origin)")
                #expect(try row.text(1) == line.credit.formatted(), "line \(line.sequenceNumber) \(line.origin)")
                #expect(try row.int(2) == line.sequenceNumber)
                #expect(try row.text(4) == "acme")
                #expect(try row.text(5) == "V1")
            }
            #expect(try rows[0].text(0) == "0.0000")
            #expect(try rows.first { try $0.int(2) == 7 && $0.text(3) == "extract" }?.text(0) == "12.3400")
        }
    }
}

@Suite("Quarantine is a workflow: reload, release, audit trail (SQLite and PostgreSQL)")
struct QuarantineWorkflowTests {
    @Test(
        "a held batch: a failed reload keeps it open, a fixed one posts it once, release needs a note",
        arguments: StoreKind.tested
    )
    func workflow(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let path = harness.directory + "/unbalanced.txt"
            let (reports, held) = try UnbalancedPolicyTests.fileWithOneUnbalancedReport(path)
            let archive = try RawFileStore(directory: harness.directory + "/raw")
            let loader = LedgerLoader(store: store, archive: archive)
            guard case .quarantined(let entry) = try await loader.loadFile(at: path, company: "A", jobID: "J1"),
                let id = entry.id
            else {
                Issue.record("the batch should be held back")
                return
            }
            #expect(entry.company == "A" && entry.jobID == "J1" && entry.state == .open)
            #expect(entry.line != nil && entry.field == 165 && entry.value == "", "\(entry)")
            let workflow = QuarantineWorkflow(store: store)
            #expect(try await workflow.list(company: "A").map(\.id) == [id])
            #expect(try await workflow.list(company: "B").isEmpty)
            #expect(
                try await workflow.waiting(companies: ["A", "B"]) == [
                    .init(company: "A", waiting: 1), .init(company: "B", waiting: 0),
                ]
            )

            // The same policy: still refused, the entry stays open and the attempt is in the trail.
            let failed = try await workflow.reload(id: id, by: "jane")
            #expect(failed.result == .stillQuarantined)
            #expect(failed.entry.state == .open)
            #expect(try await store.batches().isEmpty)

            // Fixed: two reloads race; the batch is posted once and the entry closed once.
            let second = try await harness.openSecondStore()
            async let first = workflow.reload(id: id, by: "jane", unbalancedReports: .postBalancedReports)
            async let other = QuarantineWorkflow(store: second).reload(
                id: id,
                by: "joe",
                unbalancedReports: .postBalancedReports
            )
            let results = try await [first.result, other.result]
            try await second.close()
            #expect(results.contains(.reloaded), "\(results)")
            #expect(results.allSatisfy { $0 == .reloaded || $0 == .alreadyReloaded }, "\(results)")
            #expect(try await store.batches().count == 1)
            let summary = try await store.reconciliation(.batch("880", company: "A"))
            #expect(summary.batches.first?.reportCount == reports - 1)
            let again = try await workflow.reload(id: id, by: "jane", unbalancedReports: .postBalancedReports)
            #expect(again.result == .alreadyReloaded && again.batchID == "880")
            #expect(try await store.batches().count == 1)
            #expect(try await store.reconciliation(.all).lineCount == summary.lineCount)

            let closed = try #require(try await store.quarantineEntry(id: id))
            #expect(closed.state == .reloaded && closed.resolvedBatchID == "880")
            let events = try await store.quarantineEvents(id: id)
            #expect(events.map(\.kind) == [.quarantined, .reloadFailed, .reloaded])
            #expect(events[1].actor == "jane" && events[1].code == "unbalanced-report")

            // The held report: listed, cannot be reloaded, released with a note (and only with one).
            let heldEntry = try #require(try await workflow.list(company: "A").first)
            #expect(heldEntry.code == LedgerLoader.heldReportsCode && heldEntry.reason.contains(held))
            let heldID = try #require(heldEntry.id)
            await #expect(throws: LedgerError.self) { try await workflow.reload(id: heldID, by: "jane") }
            await #expect(throws: LedgerError.self) { try await workflow.release(id: heldID, by: "jane", note: "  ") }
            let released = try await workflow.release(id: heldID, by: "jane", note: "posted by hand, JE 42")
            #expect(released.state == .released)
            let trail = try await store.quarantineEvents(id: heldID)
            #expect(trail.map(\.kind) == [.quarantined, .released])
            #expect(trail.last?.actor == "jane" && trail.last?.note == "posted by hand, JE 42")
            #expect(trail.last?.occurredAt == harness.clock.now)
            // Closed entries stay closed.
            await #expect(throws: LedgerError.self) {
                try await workflow.release(id: heldID, by: "jane", note: "again")
            }
            await #expect(throws: LedgerError.self) { try await workflow.release(id: id, by: "jane", note: "no") }
            await #expect(throws: LedgerError.self) { try await workflow.reload(id: 9_999, by: "jane") }
            #expect(try await workflow.list(company: "A").isEmpty)
            #expect(try await workflow.list(company: "A", includeClosed: true).count == 2)
        }
    }

    @Test("state transitions are pure: only open entries move, and a reloaded one stays reloaded")
    func transitions() {
        for state in QuarantineState.allCases {
            for action in [QuarantineState.Action.reloadSucceeded, .reloadFailed, .release] {
                let next = try? state.applying(action).get()
                switch (state, action) {
                case (.open, .reloadSucceeded), (.reloaded, .reloadSucceeded): #expect(next == .reloaded)
                case (.open, .reloadFailed): #expect(next == .open)
                case (.open, .release): #expect(next == .released)
                default: #expect(next == nil, "\(state) \(action)")
                }
            }
        }
    }
}
