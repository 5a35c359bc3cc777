import ExtractTesting
import Foundation
import Testing

/// What every CLI has (issue 15 item 3): shell completions, the man page's input, progress only on a terminal.
@Suite struct ShellIntegrationTests {
    /// Every subcommand, as `--help` lists them.
    static let subcommands = [
        "demo", "sync", "serve", "export", "quarantine", "parse", "login", "definitions", "run", "status", "fetch",
        "sandbox", "generate", "doctor", "init",
    ]

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptNamesEverySubcommand(shell: String) async throws {
        let outcome = try await CLIRunner.run(["--generate-completion-script", shell])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardOutput.count > 500, "\(outcome)")
        for name in Self.subcommands {
            #expect(outcome.standardOutput.contains(name), "\(shell) completion lacks \(name)")
        }
    }

    /// What Scripts/man.sh's plugin reads: the command tree as JSON, each subcommand with its abstract.
    @Test func manualDumpListsEverySubcommand() async throws {
        let outcome = try await CLIRunner.run(["--experimental-dump-help"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        let command = try #require(object?["command"] as? [String: Any])
        let names = (command["subcommands"] as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String }
        for name in Self.subcommands { #expect(names.contains(name), "\(names)") }
    }

    /// In a pipe (as in cron, CI, `2>log`), `generate` prints its result and no progress.
    @Test func generatePrintsNoProgressIntoAPipe() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await CLIRunner.run(["generate", "-o", directory + "/g.txt", "--reports", "1500"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardError.isEmpty, "\(outcome)")
        #expect(!outcome.standardOutput.contains("\u{1B}"), "\(outcome)")
        #expect(!outcome.standardOutput.contains("generating"), "\(outcome)")
    }

    /// On a terminal (a pseudo-terminal from util-linux `script`), `generate` shows its progress.
    @Test
    func generateShowsProgressOnATerminal() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = "'\(CLIRunner.executable.path)' generate -o '\(directory)/g.txt' --reports 1500"
        let outcome = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/script"),
            arguments: ["-qefc", command, "/dev/null"],
            environment: CLIRunner.childEnvironment([:]),
            deadline: .seconds(60)
        )
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardOutput.contains("generating: 1500 of 1500 reports"), "\(outcome)")
    }
}
