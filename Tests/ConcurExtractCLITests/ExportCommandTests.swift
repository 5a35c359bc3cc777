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
}
