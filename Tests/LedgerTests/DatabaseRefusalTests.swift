import AccountingExtract
import ExtractAPI
import ExtractSandbox
import Foundation
import Testing

@testable import EmbeddedSQLite
@testable import Ledger

/// Issue 10 item 7, database side: a load the database refuses (the data's fault) is rolled back and quarantined
/// with the database's message, so `sync` never loops on it; a database that is unavailable (a transient failure)
/// quarantines nothing and leaves the file to the next run.
@Suite("Loads the database refuses, and transient database failures")
struct DatabaseRefusalTests {
    /// A refusal installed in the test database, as a DBA's constraint would: lines from sequence number `from`
    /// on are refused (a CHECK constraint on PostgreSQL, a trigger raising ABORT on SQLite).
    static func refuseLines(from sequence: Int, in store: any LedgerStore) async throws {
        let sql =
            store is PostgresLedgerStore
            ? "ALTER TABLE ledger_journal_lines ADD CONSTRAINT refuse_late_lines CHECK (sequence_number < \(sequence))"
            : """
            CREATE TRIGGER refuse_late_lines BEFORE INSERT ON ledger_journal_rows
            WHEN NEW.sequence_number >= \(sequence)
            BEGIN SELECT RAISE(ABORT, 'refuse_late_lines: sequence number too high'); END
            """
        try await JobIdentityTests.execute(store, [(sql, [])])
    }

    static func dropRefusal(in store: any LedgerStore) async throws {
        let sql =
            store is PostgresLedgerStore
            ? "ALTER TABLE ledger_journal_lines DROP CONSTRAINT refuse_late_lines"
            : "DROP TRIGGER refuse_late_lines"
        try await JobIdentityTests.execute(store, [(sql, [])])
    }

    static func expectNothingLoaded(_ store: any LedgerStore) async throws {
        #expect(try await store.batches().isEmpty)
        #expect(try await store.journalPage(.all, after: nil, limit: 10).lines.isEmpty)
        #expect(try await store.reconciliation(.all).lineCount == 0)
    }

    @Test(
        "a refused load rolls back, is quarantined with the database's message, and reloads once the refusal is gone",
        arguments: StoreKind.tested
    )
    func refusedLoadIsQuarantined(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let file = harness.directory + "/extract.txt"
            try LedgerLoaderTests.writeExtract(file, batchID: "900", reports: 60, seed: 11)
            let check = try SAEFile.check(path: file)
            #expect(check.isValid)
            let records = check.summary.recordCount
            // Refused in the middle of the file: the lines before were written, then rolled back.
            try await Self.refuseLines(from: records / 2, in: store)
            let loader = LedgerLoader(store: store, archive: try RawFileStore(directory: harness.directory + "/raw"))

            guard case .quarantined(let record) = try await loader.loadFile(at: file, company: "acme", jobID: "J9")
            else {
                Issue.record("a load the database refuses must be quarantined")
                return
            }
            #expect(record.code == LedgerError.Code.databaseRefused.rawValue)
            #expect(record.reason.contains("refuse_late_lines"), "\(record.reason)")
            #expect(record.reason.contains("the database refused the load"), "\(record.reason)")
            if kind == .postgres { #expect(record.reason.contains("23514"), "\(record.reason)") }
            #expect(record.batchID == "900" && record.company == "acme" && record.jobID == "J9")
            #expect(record.state == .open)
            try await Self.expectNothingLoaded(store)
            let listed = try await QuarantineWorkflow(store: store).list()
            #expect(listed.map(\.code) == ["database-refused"])

            // Still refused: the reload keeps the entry open.
            let id = try #require(record.id)
            let still = try await QuarantineWorkflow(store: store).reload(id: id, by: "jane")
            #expect(still.result == .stillQuarantined)
            try await Self.expectNothingLoaded(store)

            // The refusal dropped: the reload posts the whole file, once.
            try await Self.dropRefusal(in: store)
            let reload = try await QuarantineWorkflow(store: store).reload(id: id, by: "jane")
            #expect(reload.result == .reloaded)
            #expect(reload.linesLoaded == check.journal.lineCount)
            #expect(reload.recordsLoaded == records)
            let summary = try await store.reconciliation(.all)
            #expect(summary.isBalanced && summary.lineCount == check.journal.lineCount)
            #expect(try await QuarantineWorkflow(store: store).list().isEmpty)
        }
    }

    /// Makes every load on PostgreSQL fail the way an unavailable database does: `statement` runs in a trigger
    /// on the first line.
    static func failLoads(with statement: String, in store: any LedgerStore) async throws {
        try await JobIdentityTests.execute(
            store,
            [
                (
                    """
                    CREATE FUNCTION fail_load() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN \(statement); RETURN NEW; END $$
                    """, []
                ),
                (
                    "CREATE TRIGGER fail_load BEFORE INSERT ON ledger_journal_lines FOR EACH ROW EXECUTE FUNCTION fail_load()",
                    []
                ),
            ]
        )
    }

    @Test(
        "a serialization failure, deadlock or lock timeout during the load quarantines nothing; the next run loads",
        .disabled(if: StoreKind.skipsPostgres, "LEDGER_TEST_SKIP_POSTGRES=1"),
        arguments: [
            "RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure'",
            "RAISE EXCEPTION 'deadlock detected' USING ERRCODE = 'deadlock_detected'",
            "RAISE EXCEPTION 'canceling statement due to lock timeout' USING ERRCODE = 'lock_not_available'",
            // Not `pg_terminate_backend(pg_backend_pid())` (a connection lost in the middle of the COPY): PostgresNIO
            // 1.33.2 then traps ("Copy mode is only supported for extended queries") when the next chunk is written.
        ]
    )
    func transientPostgresFailure(statement: String) async throws {
        try await StoreHarness.with(.postgres) { store, harness in
            let file = harness.directory + "/extract.txt"
            try LedgerLoaderTests.writeExtract(file, batchID: "901", reports: 10, seed: 12)
            try await Self.failLoads(with: statement, in: store)
            let archive = try RawFileStore(directory: harness.directory + "/raw")
            // The run's own connection (it may be killed), as a `sync` process has.
            let run = try await PostgresLedgerStore.connect(url: harness.databaseURL)
            let error = await #expect(throws: LedgerError.self) {
                _ = try await LedgerLoader(store: run, archive: archive)
                    .loadFile(at: file, company: "acme", jobID: "J1")
            }
            try? await run.close()
            #expect(error?.code == .databaseError, "\(String(describing: error))")
            #expect(try await store.quarantinedFiles(company: nil).isEmpty)
            try await Self.expectNothingLoaded(store)
            // The file waits in the archive for the next run.
            let sha256 = try RawFileStore.sha256(ofFileAt: file)
            #expect(try await store.rawFile(sha256: sha256) != nil)

            try await JobIdentityTests.execute(store, [("DROP TRIGGER fail_load ON ledger_journal_lines", [])])
            let loader = LedgerLoader(store: store, archive: archive)
            guard case .loaded = try await loader.loadFile(at: file, company: "acme", jobID: "J1") else {
                Issue.record("the next run should load the file")
                return
            }
            #expect(try await store.quarantinedFiles(company: nil).isEmpty)
        }
    }

    @Test("a busy SQLite ledger (another writer holds the lock) quarantines nothing; the next run loads")
    func busySQLiteIsTransient() async throws {
        try await StoreHarness.with(.sqlite) { store, harness in
            let path = harness.directory + "/data/ledger.sqlite"
            let file = harness.directory + "/extract.txt"
            try LedgerLoaderTests.writeExtract(file, batchID: "902", reports: 10, seed: 13)
            let impatient = try await SQLiteLedgerStore.open(path: path, busyTimeout: .milliseconds(200))
            let loader = LedgerLoader(
                store: impatient,
                archive: try RawFileStore(directory: harness.directory + "/raw")
            )
            let writer = try await SQLiteConnection.open(path: path)
            try await writer.withDatabase { try $0.execute("BEGIN IMMEDIATE") }
            let error = await #expect(throws: LedgerError.self) {
                _ = try await loader.loadFile(at: file, company: "acme")
            }
            #expect(error?.code == .databaseError && error?.databaseCode == "busy", "\(String(describing: error))")
            try await writer.withDatabase { try $0.execute("ROLLBACK") }
            await writer.close()
            #expect(try await store.quarantinedFiles(company: nil).isEmpty)
            try await Self.expectNothingLoaded(store)
            guard case .loaded = try await loader.loadFile(at: file, company: "acme") else {
                Issue.record("the next run should load the file")
                return
            }
            try await impatient.close()
        }
    }

    @Test("the classification: SQLSTATE classes 22 and 23 and SQLite constraint, mismatch, too big are refusals")
    func classification() {
        for state in ["22001", "22003", "22021", "22P02", "22007", "23505", "23514", "23502", "23503", "23P01"] {
            #expect(LedgerError.isRefusal(sqlState: state), "\(state)")
        }
        for state in [
            "08006", "08001", "40001", "40P01", "57P01", "57014", "53100", "55P03", "42P01", "XX000", "", "2",
        ] {
            #expect(!LedgerError.isRefusal(sqlState: state), "\(state)")
        }
        // Every primary SQLite result code, and extended codes built on them.
        for code in Int32(0)...Int32(28) {
            for extended in [code, code | (1 << 8), code | (7 << 8)] {
                let error = SQLiteError(extendedCode: extended, message: "m")
                #expect(error.refusesData == [18, 19, 20].contains(code), "\(extended)")
                #expect(error.isKeyViolation == false || code == 19)
            }
        }
        #expect(SQLiteError(extendedCode: 19 | (8 << 8), message: "UNIQUE").isKeyViolation)
        #expect(SQLiteError(extendedCode: 19 | (6 << 8), message: "PRIMARY KEY").isKeyViolation)
        #expect(!SQLiteError(extendedCode: 19 | (7 << 8), message: "trigger").isKeyViolation)
        #expect(!SQLiteError(extendedCode: 19 | (1 << 8), message: "CHECK").isKeyViolation)
    }

    @Test("a database message is shown without control characters and bounded, whatever it quotes")
    func printableMessages() {
        var generator = SeededRandomNumberGenerator(seed: 7)
        for _ in 0..<500 {
            let length = Int.random(in: 0...1_500, using: &generator)
            let text = String(
                String.UnicodeScalarView(
                    (0..<length).compactMap { _ in
                        Unicode.Scalar(UInt32.random(in: 0...0x2FF, using: &generator))
                    }
                )
            )
            let shown = LedgerError.printable(text)
            #expect(
                !shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) },
                "\(shown.debugDescription)"
            )
            #expect(shown.unicodeScalars.count <= LedgerError.maximumMessageLength * 8 + 1)
            let plain = !text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }
            if plain && text.unicodeScalars.count <= LedgerError.maximumMessageLength { #expect(shown == text) }
        }
        #expect(LedgerError.printable("E000\u{0} 07\nx") == "E000\\u{00} 07\\nx")
    }
}
