import ExtractTesting
import Foundation
import Testing

/// `concur-extract --version` names the version and the git commit the binary was built from.
@Suite struct VersionCommandTests {
    @Test func versionNamesTheReleaseAndTheCommit() async throws {
        let outcome = try await CLIRunner.run(["--version"])
        #expect(outcome.status == 0, "\(outcome)")
        let line = outcome.standardOutput.trimmingCharacters(in: .newlines)
        let match = try #require(
            line.wholeMatch(of: /concur-extract (\d+)\.(\d+)\.(\d+) \(commit ([0-9a-f]{12}(-modified)?|unknown)\)/),
            "\(outcome)"
        )
        let commit = String(match.output.4)
        // Built from this checkout (as `swift test` does): the commit is one of its history, not a made-up value.
        if commit != "unknown" {
            let hash = String(commit.prefix(12))
            let git = try await ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                arguments: [
                    "git", "-C", CLIRunner.packageRoot.path, "rev-parse", "--verify", "--quiet", "\(hash)^{commit}",
                ],
                deadline: .seconds(30)
            )
            #expect(git.status == 0 && git.standardOutput.hasPrefix(hash), "\(git)")
        }
    }

    @Test func helpListsVersion() async throws {
        let outcome = try await CLIRunner.run(["--help"])
        #expect(outcome.standardOutput.contains("--version"), "\(outcome)")
    }
}
