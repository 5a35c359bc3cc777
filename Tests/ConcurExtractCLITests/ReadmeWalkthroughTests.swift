import ExtractTesting
import Foundation
import Testing

/// The README's walkthroughs run as written (`Scripts/readme-test.sh`), against the built binary and a sandbox on
/// a free loopback port: if the README drifts from the binary, this fails and names the README's line.
@Suite struct ReadmeWalkthroughTests {
    static let script = CLIRunner.packageRoot.appendingPathComponent("Scripts/readme-test.sh")

    /// Runs the script on `readme` (the package's README when nil) with the built binary.
    static func runScript(_ readme: URL? = nil, deadline: Duration = .seconds(240)) async throws -> ChildProcess.Outcome
    {
        try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["bash", script.path] + (readme.map { [$0.path] } ?? []),
            environment: CLIRunner.childEnvironment(["CONCUR_EXTRACT_BIN": CLIRunner.executable.path]),
            currentDirectory: CLIRunner.packageRoot,
            deadline: deadline
        )
    }

    /// Writes `text` as a README in a folder of its own.
    static func readme(_ text: String) throws -> URL {
        let url = URL(fileURLWithPath: try CLIRunner.temporaryDirectory()).appendingPathComponent("README.md")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func theReadmesWalkthroughsRunAsWritten() async throws {
        let outcome = try await Self.runScript()
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardOutput.contains("readme-test: passed in"), "\(outcome)")
        // Every walkthrough block ran and reported: the quick start, the sandbox, curl, the client.
        let okBlocks = outcome.standardOutput.split(separator: "\n").filter {
            $0.hasPrefix("block ") && $0.hasSuffix(": ok")
        }
        #expect(okBlocks.count >= 4, "\(outcome)")
    }

    /// A README whose command no longer exists fails, naming the file, line and command; a block whose output
    /// lacks an expected text fails too, and shows what it printed.
    @Test func aDriftedReadmeFailsNamingTheLine() async throws {
        let readme = try Self.readme(
            """
            # A drifted README

            <!-- readme-test: demo-output-that-never-comes -->
            ```bash
            echo "something else"
            ```

            <!-- readme-test -->
            ```bash
            concur-extract definitoins
            ```

            """
        )
        let outcome = try await Self.runScript(readme, deadline: .seconds(60))
        #expect(outcome.status != 0, "\(outcome)")
        #expect(
            outcome.standardOutput.contains("README.md:10 (block 2) exited 64: concur-extract definitoins"),
            "\(outcome)"
        )
        #expect(outcome.standardOutput.contains("its output lacks: 'demo-output-that-never-comes'"), "\(outcome)")
        #expect(outcome.standardOutput.contains("| something else"), "\(outcome)")
    }

    /// A ```bash block is a walkthrough: without its marker the script refuses the README rather than skip it.
    @Test func aBashBlockWithoutItsMarkerIsRefused() async throws {
        let readme = try Self.readme("# Unmarked\n\n```bash\necho never run\n```\n")
        let outcome = try await Self.runScript(readme, deadline: .seconds(60))
        #expect(outcome.status != 0, "\(outcome)")
        #expect(
            outcome.standardError.contains("README.md:3: a ```bash block without a <!-- readme-test --> marker"),
            "\(outcome)"
        )
        #expect(!outcome.standardOutput.contains("never run"), "\(outcome)")
    }
}
