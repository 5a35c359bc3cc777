import Foundation
import Testing
import ZIPFoundation

@Suite struct ParseCommandTests {
    static let sample = "Samples/extract_CES_SAE_v3_p0000001demo_20260115060000.txt"

    func jsonObjects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func theBundledSampleIsValid() async throws {
        let outcome = try await CLIRunner.run(["parse", Self.sample])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("batch 1001 dated 2026-01-15"))
        #expect(outcome.standardOutput.contains("checks: passed"))
        #expect(outcome.standardOutput.contains("lines 152, reports 40, employees 10"))
    }

    @Test func jsonHasTheDocumentedKeys() async throws {
        let outcome = try await CLIRunner.run(["parse", "--json", Self.sample])
        #expect(outcome.status == 0)
        let object = try #require(try jsonObjects(outcome.standardOutput).first)
        #expect(object["batchId"] as? String == "1001")
        #expect(object["batchDate"] as? String == "2026-01-15")
        #expect(object["recordCount"] as? Int == 152)
        #expect(object["reportCount"] as? Int == 40)
        #expect(object["employeeCount"] as? Int == 10)
        #expect(object["journalAmountTotal"] as? String == object["headerJournalAmountTotal"] as? String)
        #expect((object["journalAmountTotal"] as? String)?.split(separator: ".").last?.count == 4)
        #expect(object["valid"] as? Bool == true)
        #expect((object["errors"] as? [Any])?.isEmpty == true)
        let totals = try #require(object["totalsByAccount"] as? [String: [String: String]])
        #expect(totals["2100"]?["credit"] != nil)
        #expect(object["debitTotal"] as? String == object["creditTotal"] as? String)
    }

    @Test func anInvalidFileExitsNonZeroWithThePreciseError() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let original = try String(
            contentsOfFile: CLIRunner.packageRoot.appendingPathComponent(Self.sample).path,
            encoding: .utf8
        )
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[4].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        // Field 169 is at index 168 only when no earlier field was quoted; find it by its sign instead.
        let amountIndex = try #require(fields.firstIndex { $0.hasPrefix("+") && $0.contains(".") })
        fields[amountIndex] = "12,50"
        lines[4] = fields.joined(separator: "|")
        let path = directory + "/bad.txt"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try await CLIRunner.run(["parse", path])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("bad.txt:5: field 169 (Journal Amount)"))
        #expect(outcome.standardOutput.contains("'12,50' [invalid-amount]"))
        let json = try await CLIRunner.run(["parse", "--json", path])
        #expect(json.status == 1)
        let object = try #require(try jsonObjects(json.standardOutput).first)
        #expect(object["valid"] as? Bool == false)
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(
            errors.contains {
                $0["line"] as? Int == 5 && $0["field"] as? Int == 169 && ($0["message"] as? String)?.isEmpty == false
            }
        )
    }

    @Test func aNULInAFieldFailsTheCheckInStrictAndLenientMode() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let original = try String(
            contentsOfFile: CLIRunner.packageRoot.appendingPathComponent(Self.sample).path,
            encoding: .utf8
        )
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[4].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        fields[4] = "E000\u{0} 07"  // Employee ID (no field before it is quoted)
        lines[4] = fields.joined(separator: "|")
        let path = directory + "/nul.txt"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        for flags in [[], ["--lenient"]] {
            let outcome = try await CLIRunner.run(["parse"] + flags + [path])
            #expect(outcome.status == 1, "\(flags)")
            #expect(outcome.standardOutput.contains("nul.txt:5: field 5 (Employee ID): a control character (U+0000)"))
            #expect(outcome.standardOutput.contains("'E000\\u{0} 07' [control-character]"))
        }
    }

    @Test func aMissingFileExits2() async throws {
        let outcome = try await CLIRunner.run(["parse", "/nonexistent/extract.txt"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("/nonexistent/extract.txt"))
        #expect(outcome.standardError.contains("cannot open"))
    }

    @Test func aZipIsParsedEntryByEntry() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let second = directory + "/second.txt"
        let generate = try await CLIRunner.run([
            "generate", "-o", second, "--reports", "5", "--seed", "3", "--batch-id", "2002", "--crlf",
        ])
        #expect(generate.status == 0, "\(generate.standardError)")
        let zip = directory + "/extract.zip"
        let archive = try Archive(url: URL(fileURLWithPath: zip), accessMode: .create)
        try archive.addEntry(
            with: "extract_CES_SAE_v3_p0000001demo_20260115060000.txt",
            fileURL: CLIRunner.packageRoot.appendingPathComponent(Self.sample),
            compressionMethod: .deflate
        )
        try archive.addEntry(
            with: "extract_attendee_detail_p0000001demo_20260115.txt",
            type: .file,
            uncompressedSize: Int64(12),
            compressionMethod: .none
        ) { (_: Int64, _: Int) in Data("ATTENDEE|1|\n".utf8) }
        try archive.addEntry(
            with: "nested/second_CES_SAE.txt",
            fileURL: URL(fileURLWithPath: second),
            compressionMethod: .deflate
        )
        let outcome = try await CLIRunner.run(["parse", "--json", zip])
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        let objects = try jsonObjects(outcome.standardOutput)
        #expect(objects.count == 2)
        #expect(Set(objects.compactMap { $0["batchId"] as? String }) == ["1001", "2002"])
        let others = objects.compactMap { $0["otherFiles"] as? [[String: Any]] }.flatMap { $0 }
        #expect(others.count == 1)
        #expect(others.first?["path"] as? String == "extract_attendee_detail_p0000001demo_20260115.txt")
        let text = try await CLIRunner.run(["parse", zip])
        #expect(
            text.standardOutput.contains("other file in the zip: extract_attendee_detail_p0000001demo_20260115.txt")
        )
    }

    @Test func generateIsDeterministic() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        for name in ["a.txt", "b.txt"] {
            let outcome = try await CLIRunner.run([
                "generate", "-o", directory + "/" + name, "--reports", "30", "--seed", "11",
            ])
            #expect(outcome.status == 0)
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: directory + "/a.txt"))
        let b = try Data(contentsOf: URL(fileURLWithPath: directory + "/b.txt"))
        #expect(a == b)
        #expect(try await CLIRunner.run(["parse", directory + "/a.txt"]).status == 0)
    }
}
