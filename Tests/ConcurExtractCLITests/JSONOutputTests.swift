import ExtractSandbox
import ExtractTesting
import Foundation
import Testing

/// `--json` on the commands that print a result: standard output is one JSON object (the library's Codable
/// report), whatever progress the command shows otherwise.
@Suite struct JSONOutputTests {
    static func object(_ text: String) throws -> [String: Any] {
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1, "one JSON object on one line: \(text)")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func generatePrintsOneObjectAndNoProgressInAPipe() async throws {
        let file = try CLIRunner.temporaryDirectory() + "/batch.txt"
        let outcome = try await CLIRunner.run(["generate", "-o", file, "--reports", "3", "--json"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardError.isEmpty, "nothing on standard error in a pipe: \(outcome.standardError)")
        let object = try Self.object(outcome.standardOutput)
        #expect(object["file"] as? String == file)
        #expect(object["batchID"] as? String == "1001")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count
        #expect(object["recordCount"] as? Int == lines - 1, "the header counts the detail lines")
        #expect(object["journalAmountTotal"] != nil && object["batchDate"] != nil)
    }

    @Test func syncAllPrintsThePassAsOneObject() async throws {
        let server = try await SandboxServer.startForTests(reports: 3, queued: 0.1, running: 0.2)
        defer { Task { await server.shutdown() } }
        let admin = await server.store.state.companies[0].users.first { $0.isAdministrator }
        let lines = await ConfigurationFileTests.section(
            server,
            username: admin?.username ?? "-",
            password: admin?.password ?? "-"
        )
        let data = try CLIRunner.temporaryDirectory()
        let file = data + "/companies.toml"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try await CLIRunner.run(
            ["sync", "--all", "--companies", file, "--data-dir", data, "--poll-interval", "5", "--json"],
            environment: ["CONCUR_EXTRACT_STATE": data + "/state"]
        )
        #expect(outcome.status == 0, "\(outcome)")
        let object = try Self.object(outcome.standardOutput)
        let outcomes = try #require(object["outcomes"] as? [[String: Any]])
        #expect(outcomes.map { $0["company"] as? String } == ["c0"])
        #expect(outcomes.first?["error"] == nil)
        #expect(object["quarantine"] is [Any])
    }
}
