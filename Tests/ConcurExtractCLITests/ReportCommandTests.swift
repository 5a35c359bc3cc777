import AccountingExtract
import ExtractTesting
import Foundation
import Ledger
import Testing

/// `concur-extract report`: one company's page as a file, its JSON, and its errors with their exit codes.
@Suite struct ReportCommandTests {
    static let hostile = "<script>alert(1)</script>"

    static func seededDataDirectory() async throws -> String {
        let data = try CLIRunner.temporaryDirectory()
        let store = try await LedgerStores.open(data + "/ledger.sqlite")
        try await store.migrate()
        for (index, company) in ["acme", hostile].enumerated() {
            let lines = LedgerFixtures.lines(batchID: "567", details: 2, keyPrefix: "k\(index)")
            var batch = LedgerFixtures.batch("567", lines: lines, sha256: String(repeating: "\(index)", count: 64))
            batch.company = company
            _ = try await store.load(batch, lines: lines)
        }
        try await store.close()
        return data
    }

    @Test func writesTheCompanysPage() async throws {
        let data = try await Self.seededDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let output = data + "/report.html"
        let run = try await CLIRunner.run(["report", "--data-dir", data, "--company", Self.hostile, "-o", output])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("wrote \(output): 1 batch (0 mismatched), 0 open quarantine entries"))
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.contains("Reconciliation report: &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script"))
        #expect(html.contains("data-batch=\"567\""))
        let mode = try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let json = try await CLIRunner.run(["report", "--data-dir", data, "--company", "acme", "--json"])
        #expect(json.status == 0, "\(json.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let companies = object?["companies"] as? [[String: Any]]
        #expect(companies?.compactMap { $0["name"] as? String } == ["acme"])
    }

    @Test func refusesUnknownCompaniesBatchesAndBadDates() async throws {
        let data = try await Self.seededDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let output = data + "/report.html"
        let unknown = try await CLIRunner.run(["report", "--data-dir", data, "--company", "acne", "-o", output])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("no company 'acne' in the ledger; it has: "), "\(unknown.standardError)")
        let batch = try await CLIRunner.run(["report", "--data-dir", data, "--company", "acme", "--batch", "9"])
        #expect(batch.status == 1)
        #expect(batch.standardError.contains("the batches of company acme are: 567"), "\(batch.standardError)")
        let date = try await CLIRunner.run(["report", "--data-dir", data, "--company", "acme", "--from", "2026-02-30"])
        #expect(date.status == 64)
        #expect(date.standardError.contains("--from '2026-02-30' is not a date: write YYYY-MM-DD"), "\(date.standardError)")
        let range = try await CLIRunner.run([
            "report", "--data-dir", data, "--company", "acme", "--from", "2026-02-01", "--to", "2026-01-01",
        ])
        #expect(range.status == 64)
        #expect(!FileManager.default.fileExists(atPath: output), "nothing is written when the report fails")
    }
}
