import ExtractSandbox
import ExtractTesting
import Foundation
import Testing

/// Progress (download bytes, the wait with --json, the load) is shown on standard error when it is a terminal, and
/// nothing of it reaches a pipe: there, `sync` and `demo` print their documented lines and nothing else.
@Suite struct ProgressOutputTests {
    /// No progress bytes in `outcome`: no escape, no carriage return, no progress words; nothing on standard error.
    static func expectNoProgress(_ outcome: CLIRunner.Outcome) {
        #expect(outcome.standardError.isEmpty, "nothing on standard error in a pipe: \(outcome)")
        for text in ["\u{1B}", "\r", "downloading:", "loading "] {
            #expect(!outcome.standardOutput.contains(text), "'\(text.debugDescription)' in a pipe: \(outcome)")
        }
    }

    /// A 0700 folder, so that the data directory's mode warning (a documented line) does not show.
    static func privateDirectory() throws -> String {
        let path = try CLIRunner.temporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        return path
    }

    @Test(arguments: [false, true])
    func syncPrintsNoProgressIntoAPipe(json: Bool) async throws {
        let server = try await SyncOwnershipTests.sandbox(reports: 6)
        defer { Task { await server.shutdown() } }
        let data = try Self.privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let outcome = try await SyncOwnershipTests.sync(data, server, json: json)
        #expect(outcome.status == 0, "\(outcome)")
        Self.expectNoProgress(outcome)
        if json {
            #expect(outcome.standardOutput.split(separator: "\n").count == 1, "one JSON object: \(outcome)")
        } else {
            for line in ["started job", "downloaded", "loaded batch", "posted"] {
                #expect(outcome.standardOutput.contains(line), "the documented line '\(line)': \(outcome)")
            }
        }
    }

    @Test(arguments: [false, true])
    func demoPrintsNoProgressIntoAPipe(json: Bool) async throws {
        let data = try Self.privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let outcome = try await CLIRunner.run(
            ["demo", "--data-dir", data, "--reports", "5"] + (json ? ["--json"] : [])
        )
        #expect(outcome.status == 0, "\(outcome)")
        Self.expectNoProgress(outcome)
    }

    /// On a terminal (a pseudo-terminal from util-linux `script`), `demo` shows the download's and the load's
    /// progress, each erased before the line saying the step is done.
    @Test
    func demoShowsProgressOnATerminal() async throws {
        let data = try Self.privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let command = "'\(CLIRunner.executable.path)' demo --data-dir '\(data)' --reports 5"
        let outcome = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/script"),
            arguments: ["-qefc", command, "/dev/null"],
            environment: CLIRunner.childEnvironment([:]),
            deadline: .seconds(120)
        )
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardOutput.contains("downloading: "), "\(outcome)")
        #expect(outcome.standardOutput.contains("\r\u{1B}[Kloading "), "\(outcome)")
        #expect(outcome.standardOutput.contains("posted"), "\(outcome)")
    }

    /// `export --output FILE` shows the lines written so far on a terminal and nothing of it in a pipe; the file is
    /// the same either way.
    @Test
    func exportShowsProgressOnATerminalOnly() async throws {
        let data = try Self.privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let demo = try await CLIRunner.run(["demo", "--data-dir", data, "--reports", "5"])
        #expect(demo.status == 0, "\(demo)")
        let piped = try await CLIRunner.run(["export", "--data-dir", data, "--output", data + "/piped.csv"])
        #expect(piped.status == 0, "\(piped)")
        #expect(piped.standardError.isEmpty, "\(piped)")
        Self.expectNoProgress(piped)
        let command =
            "'\(CLIRunner.executable.path)' export --data-dir '\(data)' --output '\(data)/terminal.csv'"
        let terminal = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/script"),
            arguments: ["-qefc", command, "/dev/null"],
            environment: CLIRunner.childEnvironment([:]),
            deadline: .seconds(60)
        )
        #expect(terminal.status == 0, "\(terminal)")
        #expect(terminal.standardOutput.contains("\r\u{1B}[Kexporting: "), "\(terminal)")
        let pipedFile = try String(contentsOfFile: data + "/piped.csv", encoding: .utf8)
        #expect(!pipedFile.isEmpty)
        #expect(try String(contentsOfFile: data + "/terminal.csv", encoding: .utf8) == pipedFile)
    }
}
