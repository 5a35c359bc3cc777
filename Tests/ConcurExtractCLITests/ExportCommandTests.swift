import AccountingExtract
import Foundation
import Ledger
import Testing

/// `export` in a ledger that two companies share, each with a batch "567" (Concur numbers batches per company).
@Suite struct ExportCommandTests {
    static func lines(batchID: String, company: String, details: Int) -> [JournalLine] {
        guard let date = CalendarDate(year: 2026, month: 1, day: 14) else { return [] }
        return (1...details).flatMap { sequence -> [JournalLine] in
            let extract = JournalLine(
                batchID: batchID,
                sequenceNumber: sequence,
                origin: .extract,
                postingDate: date,
                account: "6000",
                debit: Amount(tenThousandths: Int64(sequence) * 10_000),
                credit: .zero,
                currency: "USD",
                employeeID: "E1",
                employeeName: "\(company) employee",
                reportID: "R\(sequence)",
                reportName: "Trip",
                description: "Hotel",
                costObject: "",
                journalKey: "\(company)-\(sequence)"
            )
            var offset = extract
            offset.origin = .offset
            offset.account = "2000"
            (offset.debit, offset.credit) = (extract.credit, extract.debit)
            return [extract, offset]
        }
    }

    @Test func sameBatchIDInTwoCompanies() async throws {
        let data = try CLIRunner.temporaryDirectory()
        let store = try await LedgerStores.open(data + "/ledger.sqlite")
        try await store.migrate()
        for (company, details) in [("acme", 2), ("globex", 3)] {
            let lines = Self.lines(batchID: "567", company: company, details: details)
            let batch = LedgerBatch(
                batchID: "567",
                batchDate: lines[0].postingDate,
                sha256: String(repeating: company == "acme" ? "a" : "b", count: 64),
                fileName: "\(company).txt",
                headerRecordCount: details,
                headerTotal: lines.filter { $0.origin == .extract }.reduce(.zero) { $0 + $1.debit },
                company: company
            )
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
        #expect(rows.dropFirst().allSatisfy { $0.contains("acme employee") })

        let globex = try await CLIRunner.run([
            "export", "--data-dir", data, "--format", "reconciliation", "--company", "globex",
        ])
        #expect(globex.status == 0, "\(globex.standardError)")
        #expect(globex.standardOutput.contains("567,2026-01-14,3,3,"), "\(globex.standardOutput)")
        #expect(!globex.standardOutput.contains(",2,2,"))
    }
}
