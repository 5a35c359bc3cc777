import AccountingExtract
import ExtractSandbox
import ExtractTesting
import Foundation
import Ledger
import Testing

@Suite("Loading SAE files: archive, manifest, check, load or quarantine")
struct LedgerLoaderTests {
    /// Writes a realistic SAE file and returns its path.
    static func writeExtract(_ path: String, batchID: String, reports: Int, seed: UInt64) throws {
        var generator = ExpenseReportGenerator(seed: seed)
        let employees = generator.employees(count: 5)
        let writer = try SAEWriter(batchID: batchID, batchDate: LedgerFixtures.batchDate, path: path)
        try writer.append(
            reports: generator.reports(count: reports, employees: employees, before: LedgerFixtures.batchDate)
        )
        try writer.finish()
    }

    @Test("a valid file loads once; a broken one is quarantined whole", arguments: StoreKind.tested)
    func loadOrQuarantine(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let archive = try RawFileStore(directory: harness.directory + "/raw")
            let loader = LedgerLoader(store: store, archive: archive)
            let good = harness.directory + "/good.txt"
            try Self.writeExtract(good, batchID: "700", reports: 20, seed: 7)
            let check = try SAEFile.check(path: good)
            #expect(check.isValid)

            guard case .loaded(let result, _) = try await loader.loadFile(at: good, company: "ACME", jobID: "J1") else {
                Issue.record("the valid file was not loaded")
                return
            }
            #expect(result.linesWritten == check.journal.lineCount)
            // Duplicates are per company: the same file for the same company changes nothing.
            guard case .alreadyLoaded(let batchID) = try await loader.loadFile(at: good, company: "ACME") else {
                Issue.record("the second load was not recognised")
                return
            }
            #expect(batchID == "700")
            let summary = try await store.reconciliation(.batch("700"))
            #expect(summary.isBalanced)
            #expect(summary.batches.first?.headerTotal == check.summary.header?.journalAmountTotal)
            #expect(summary.batches.first?.loadedRecordCount == check.summary.recordCount)

            let sha256 = try RawFileStore.sha256(ofFileAt: good)
            let manifest = try await store.rawFile(sha256: sha256)
            #expect(manifest?.size == Int64(try Data(contentsOf: URL(fileURLWithPath: good)).count))
            #expect(manifest?.company == "ACME")
            #expect(manifest?.receivedAt == harness.clock.now, "archived at the ledger's clock's time")
            #expect(archive.contains(sha256: sha256))

            // A broken copy: the header and the first DETAIL line claim batch 701, the other lines still 700.
            let text = try String(contentsOfFile: good, encoding: .utf8)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var fields = lines[1].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            fields[1] = "701"
            lines[0] = lines[0].replacingOccurrences(of: "|700", with: "|701")
            lines[1] = fields.joined(separator: "|")
            let bad = harness.directory + "/bad.txt"
            try lines.joined(separator: "\n").write(toFile: bad, atomically: true, encoding: .utf8)
            guard case .quarantined(let record) = try await loader.loadFile(at: bad) else {
                Issue.record("the broken file was not quarantined")
                return
            }
            #expect(!record.code.isEmpty)
            #expect(record.quarantinedAt == harness.clock.now, "quarantined at the ledger's clock's time")
            let listed = try await store.quarantinedFiles().first
            #expect(listed?.quarantinedAt == harness.clock.now)
            #expect(try await store.batch(id: "701", company: nil) == nil)
            #expect(try await store.quarantinedFiles().map(\.sha256) == [try RawFileStore.sha256(ofFileAt: bad)])
            #expect(try await store.batches().map(\.batch.batchID) == ["700"])
        }
    }
}

@Suite("Raw-file archive")
struct RawFileStoreTests {
    @Test("files are stored once under their SHA-256, and never removed")
    func contentAddressed() throws {
        let directory = NSTemporaryDirectory() + "ledger-archive-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let archive = try RawFileStore(directory: directory + "/raw")
        let source = directory + "/abc.txt"
        try "abc".write(toFile: source, atomically: true, encoding: .utf8)
        let received = Date(timeIntervalSince1970: 1_768_467_600)
        let stored = try archive.store(fileAt: source, originalName: "extract.txt", receivedAt: received)
        #expect(stored.receivedAt == received)
        #expect(stored.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(stored.size == 3)
        #expect(stored.originalName == "extract.txt")
        #expect(try String(contentsOfFile: stored.archivePath, encoding: .utf8) == "abc")
        let again = try archive.store(fileAt: source, receivedAt: received)
        #expect(again.archivePath == stored.archivePath)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/raw")
        #expect(names == [stored.sha256])  // no temporary file left behind
        let missing = #expect(throws: LedgerError.self) {
            try archive.store(fileAt: directory + "/none", receivedAt: received)
        }
        #expect(missing?.code == .archiveFailed)
    }
}

@Suite("Database URLs")
struct LedgerDatabaseURLTests {
    @Test("SQLite paths and PostgreSQL URLs are told apart")
    func parsing() throws {
        #expect(try LedgerDatabaseURL("/var/lib/ledger.sqlite") == .sqlite(path: "/var/lib/ledger.sqlite"))
        #expect(try LedgerDatabaseURL("sqlite:///var/lib/ledger.sqlite") == .sqlite(path: "/var/lib/ledger.sqlite"))
        #expect(try LedgerDatabaseURL("sqlite:data/ledger.sqlite") == .sqlite(path: "data/ledger.sqlite"))
        let url = try LedgerDatabaseURL("postgres://ledger:p%40ss@db.internal:6543/books?sslmode=disable")
        guard case .postgres(let location) = url else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(location.host == "db.internal")
        #expect(location.port == 6543)
        #expect(location.username == "ledger")
        #expect(location.password == "p@ss")
        #expect(location.database == "books")
        #expect(location.sslMode == "disable")
        #expect(
            try LedgerDatabaseURL("postgresql://u@h/d") == .postgres(.init(host: "h", username: "u", database: "d"))
        )
        for bad in ["", "mysql://u@h/d", "postgres:///nohost", "postgres://h/d"] {
            let error = #expect(throws: LedgerError.self) { try LedgerDatabaseURL(bad) }
            #expect(error?.code == .invalidDatabaseURL)
        }
    }

    @Test("credentials never appear in descriptions or connection errors")
    func credentialsHidden() async throws {
        let url = try LedgerDatabaseURL("postgres://ledger:TopSecret42@127.0.0.1:1/books")
        #expect(!"\(url)".contains("TopSecret42"))
        #expect(!String(reflecting: url).contains("TopSecret42"))
        #expect("\(url)" == "postgres://ledger:***@127.0.0.1:1/books")
        let error = await #expect(throws: LedgerError.self) {
            _ = try await LedgerStores.open("postgres://ledger:TopSecret42@127.0.0.1:1/books")
        }
        #expect(error?.code == .connectionFailed)
        #expect(error.map { !"\($0)".contains("TopSecret42") } == true)
        #expect(error.map { "\($0)".contains("127.0.0.1:1") } == true)
    }
}

@Suite("A report that cannot be balanced: hold the batch, or post the balanced reports")
struct UnbalancedPolicyTests {
    /// A realistic file in which one report's lines name no payee, so its offsets cannot be derived.
    static func fileWithOneUnbalancedReport(_ path: String) throws -> (reports: Int, heldReport: String) {
        var generator = ExpenseReportGenerator(seed: 21)
        let employees = generator.employees(count: 4)
        let reports = generator.reports(count: 6, employees: employees, before: LedgerFixtures.batchDate)
        let writer = try SAEWriter(batchID: "880", batchDate: LedgerFixtures.batchDate, path: path)
        let held = reports[2].id
        for report in reports {
            for var fields in report.saeLines(
                batchID: "880",
                batchDate: LedgerFixtures.batchDate,
                firstSequence: writer.recordCount + 1
            ) {
                if report.id == held { fields[164] = "" }  // field 165, the payee
                try writer.append(fields: fields)
            }
        }
        try writer.finish()
        return (reports.count, held)
    }

    @Test("hold (the default) quarantines the whole batch; post-balanced loads the rest and lists the held report")
    func policies() async throws {
        try await StoreHarness.with(.sqlite) { store, harness in
            let path = harness.directory + "/unbalanced.txt"
            let (reports, held) = try Self.fileWithOneUnbalancedReport(path)
            let archive = try RawFileStore(directory: harness.directory + "/raw")
            let hold = LedgerLoader(store: store, archive: archive)
            guard case .quarantined(let record) = try await hold.loadFile(at: path, company: "A") else {
                Issue.record("the batch should be held back")
                return
            }
            #expect(record.code == "unbalanced-report")
            #expect(try await store.batches().isEmpty)

            let post = LedgerLoader(store: store, archive: archive, unbalancedReports: .postBalancedReports)
            guard case .loaded(let result, _) = try await post.loadFile(at: path, company: "A") else {
                Issue.record("the balanced reports should be posted")
                return
            }
            #expect(result.linesWritten > 0)
            let summary = try await store.reconciliation(.batch("880"))
            #expect(summary.batches.first?.reportCount == reports - 1)
            let debit = summary.accounts.reduce(Amount.zero) { $0 + $1.debit }
            let credit = summary.accounts.reduce(Amount.zero) { $0 + $1.credit }
            #expect(debit == credit)
            let quarantined = try await store.quarantinedFiles()
            #expect(quarantined.contains { $0.reason.contains(held) && $0.reason.contains("held back") })
        }
    }
}
