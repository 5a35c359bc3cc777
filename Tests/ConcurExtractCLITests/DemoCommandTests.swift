import Foundation
import Testing

/// The README's first command: the whole flow against an embedded sandbox, then a second run with nothing new.
@Suite struct DemoCommandTests {
    @Test func demoRunsTwice() async throws {
        let data = try CLIRunner.temporaryDirectory()
        let first = try await CLIRunner.run(["demo", "--data-dir", data, "--reports", "12"])
        #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
        for expected in [
            "definitions: Standard Accounting Extract", "started job", "Completed", "downloaded", "sha256",
            "loaded batch", "posted", "totals by account", "reconciled", "ledger:", "archive:",
        ] {
            #expect(first.standardOutput.contains(expected), "missing '\(expected)' in: \(first.standardOutput)")
        }
        // The records reported loaded are the header's count: each gives an extract line and its offset.
        let loaded = try #require(
            first.standardOutput.firstMatch(of: /loaded batch \S+: (\d+) DETAIL lines → (\d+) journal lines/)
        )
        let records = try #require(Int(loaded.1))
        #expect(records > 0)
        #expect(Int(loaded.2) == 2 * records)
        #expect(first.standardOutput.contains("header: \(records) records"))
        let second = try await CLIRunner.run(["demo", "--data-dir", data, "--reports", "12"])
        #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
        #expect(second.standardOutput.contains("nothing new to extract"))
        let export = try await CLIRunner.run(["export", "--data-dir", data, "--format", "csv"])
        #expect(export.status == 0)
        let rows = export.standardOutput.split(separator: "\r\n")
        #expect(rows.first?.hasPrefix("posting_date,account,debit,credit,currency") == true, "\(rows.first ?? "")")
        #expect(rows.count > 20)
        let archived = try FileManager.default.contentsOfDirectory(atPath: data + "/archive")
        #expect(archived.contains { $0.count == 64 })
    }

    /// `demo --json`: one JSON object on standard output, the sync report (as `sync --json`), nothing else.
    @Test func demoJSONPrintsOneObject() async throws {
        let data = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let outcome = try await CLIRunner.run(["demo", "--data-dir", data, "--reports", "5", "--json"])
        #expect(outcome.status == 0, "\(outcome)")
        let lines = outcome.standardOutput.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect(object?["company"] as? String == "demo" && object?["succeeded"] as? Bool == true, "\(outcome)")
        let jobs = try #require(object?["jobs"] as? [[String: Any]])
        #expect(jobs.first?["posted"] as? Bool == true, "\(outcome)")
    }

    /// Issue 14 item 6: the zip definition run first on a fresh company shows real attendee rows (two business
    /// guests per Meals entry), and its SAE entry is posted as with the plain definition.
    @Test func demoOfTheAttendeeZipShowsAttendeeRows() async throws {
        let data = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let outcome = try await CLIRunner.run(["demo", "--data-dir", data, "--definition", "attendees"])
        #expect(outcome.status == 0, "\(outcome)")
        let match = try #require(
            outcome.standardOutput.firstMatch(of: /attendees: (\d+) rows in (extract_attendee_detail_\S+\.txt)/),
            "\(outcome.standardOutput)"
        )
        let rows = try #require(Int(match.1))
        #expect(rows > 0 && rows % 2 == 0, "two guests per Meals entry: \(rows)")
        #expect(outcome.standardOutput.contains("posted") && outcome.standardOutput.contains("reconciled"))
        #expect(outcome.standardOutput.contains(".zip"), "the zip was downloaded: \(outcome.standardOutput)")
    }
}
