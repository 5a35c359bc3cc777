import Foundation
import Testing

/// `concur-extract init` as a user runs it (standard input not a terminal: flags only, no question).
@Suite struct InitCommandTests {
    @Test func writesAPrivateFileAndKeepsAnExistingOne() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/etc/companies.toml"
        let arguments = [
            "init", "-o", path, "--base-url", "https://us.api.concursolutions.com", "--client-id", "abc",
            "--company", "acme", "--company", "globex", "--json",
        ]
        let outcome = try await CLIRunner.run(arguments)
        #expect(outcome.status == 0, "\(outcome)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        )
        #expect(object["file"] as? String == path)
        #expect(object["companies"] as? [String] == ["acme", "globex"])
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("[company.acme]") && text.contains("ACME_CLIENT_SECRET") && text.hasPrefix("# "))

        // Again: refused, the file kept, one line naming --force, exit 78 (configuration).
        let again = try await CLIRunner.run(arguments)
        #expect(again.status == 78, "\(again)")
        #expect(again.standardError.contains("--force") && !again.standardError.contains("USAGE"), "\(again)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        let forced = try await CLIRunner.run(arguments + ["--force"])
        #expect(forced.status == 0, "\(forced)")
    }

    @Test func withoutATerminalAMissingClientIDIsAskedForByFlag() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await CLIRunner.run(["init", "-o", directory + "/config.toml"])
        #expect(outcome.status == 78, "\(outcome)")
        #expect(outcome.standardError.contains("--client-id"), "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/config.toml"))
    }
}
