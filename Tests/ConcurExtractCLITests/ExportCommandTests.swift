import AccountingExtract
import ExtractTesting
import Foundation
import Ledger
import Testing

/// `export` in a ledger that two companies share, each with a batch "567" (Concur numbers batches per company).
@Suite struct ExportCommandTests {
    @Test func sameBatchIDInTwoCompanies() async throws {
        let data = try CLIRunner.temporaryDirectory()
        let store = try await LedgerStores.open(data + "/ledger.sqlite")
        try await store.migrate()
        for (company, details) in [("acme", 2), ("globex", 3)] {
            let lines = LedgerFixtures.lines(batchID: "567", details: details, keyPrefix: company)
            var batch = LedgerFixtures.batch(
                "567",
                lines: lines,
                sha256: String(repeating: company == "acme" ? "a" : "b", count: 64)
            )
            batch.company = company
            _ = try await store.load(batch, lines: lines)
        }
        try await store.close()

        let ambiguous = try await CLIRunner.run(["export", "--data-dir", data, "--format", "csv", "--batch", "567"])
        #expect(ambiguous.status != 0)
        #expect(
            ambiguous.standardError.contains(
                "batch 567 was loaded for several companies (acme, globex): add --company"
            ),
            "\(ambiguous.standardError)"
        )

        let acme = try await CLIRunner.run([
            "export", "--data-dir", data, "--format", "csv", "--batch", "567", "--company", "acme",
        ])
        #expect(acme.status == 0, "\(acme.standardError)")
        let rows = acme.standardOutput.split(separator: "\r\n")
        #expect(rows.count == 1 + 4)
        #expect(rows.dropFirst().allSatisfy { $0.contains(",acme-") })  // the journal keys

        let globex = try await CLIRunner.run([
            "export", "--data-dir", data, "--format", "reconciliation", "--company", "globex",
        ])
        #expect(globex.status == 0, "\(globex.standardError)")
        #expect(globex.standardOutput.contains("567,2026-01-15,3,3,"), "\(globex.standardOutput)")
        #expect(!globex.standardOutput.contains(",2,2,"))
    }

    /// `--excel` (a byte order mark, CSV and reconciliation only) and `--round-to-minor-unit` (stated on standard
    /// error, with the account; an account is required).
    @Test func excelAndRoundingFlags() async throws {
        let data = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let store = try await LedgerStores.open(data + "/ledger.sqlite")
        try await store.migrate()
        var lines = LedgerFixtures.lines(batchID: "9", details: 2)
        lines[0].currency = "JPY"
        lines[1].currency = "JPY"
        lines.remove(at: 3)  // R0's two lines offset by one: 101.2345 + 102.4690 JPY against 203.7035
        lines[1].credit = lines[0].debit + lines[2].debit
        lines[2].currency = "JPY"
        var batch = LedgerFixtures.batch("9", lines: lines)
        batch.company = "acme"
        _ = try await store.load(batch, lines: lines)
        try await store.close()

        let file = data + "/journal.csv"
        let excel = try await CLIRunner.run(["export", "--data-dir", data, "--excel", "-o", file])
        #expect(excel.status == 0, "\(excel)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self).hasPrefix("posting_date,"))
        let reconciliation = try await CLIRunner.run([
            "export", "--data-dir", data, "--format", "reconciliation", "--excel",
        ])
        #expect(reconciliation.status == 0 && reconciliation.standardOutput.hasPrefix("\u{FEFF}account,"))
        let summary = try await CLIRunner.run(["export", "--data-dir", data, "--format", "reconciliation", "--json"])
        #expect(summary.status == 0 && summary.standardOutput.split(separator: "\n").count == 1, "\(summary)")
        let object = try JSONSerialization.jsonObject(with: Data(summary.standardOutput.utf8)) as? [String: Any]
        let accounts = try #require(object?["accounts"] as? [[String: Any]], "\(summary)")
        #expect(accounts.contains { $0["company"] as? String == "acme" }, "\(summary)")
        let csvJSON = try await CLIRunner.run(["export", "--data-dir", data, "--json"])
        #expect(csvJSON.status == 64 && csvJSON.standardError.contains("--format reconciliation"), "\(csvJSON)")
        let jsonl = try await CLIRunner.run(["export", "--data-dir", data, "--format", "jsonl", "--excel"])
        #expect(jsonl.status == 64 && jsonl.standardError.contains("--excel"), "\(jsonl)")

        let noAccount = try await CLIRunner.run(["export", "--data-dir", data, "--round-to-minor-unit"])
        #expect(noAccount.status == 64 && noAccount.standardError.contains("--rounding-account"), "\(noAccount)")
        let rounded = try await CLIRunner.run([
            "export", "--data-dir", data, "--round-to-minor-unit", "--rounding-account", "7999",
        ])
        #expect(rounded.status == 0, "\(rounded)")
        let rows = rounded.standardOutput.split(separator: "\r\n").dropFirst()
        // 101 + 102 against 204 (203.7035 rounded): one yen to the rounding account, on the report's document.
        #expect(rows.count == 4 && rows.allSatisfy { $0.hasSuffix(",acme,9-0001") }, "\(rounded.standardOutput)")
        #expect(rows.last?.hasPrefix("2026-01-14,7999,1.0000,0.0000,JPY,") == true, "\(rounded.standardOutput)")
        #expect(rows.last?.contains(",rounding,") == true, "\(rounded.standardOutput)")
        #expect(rounded.standardError.contains("1 difference line to account 7999 (net JPY 1.0000)"), "\(rounded)")
    }
}
