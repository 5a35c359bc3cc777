import AccountingExtract
import ExtractTesting
import Foundation
import Testing

/// `generate` is deterministic: the same seed and options give the same bytes, which the sandbox's tests and the
/// chaos harness rely on. The digests below were computed on the code before the streaming writer (issue 16
/// item 5), so that any change of a byte of the output fails here.
@Suite struct GenerateCommandTests {
    static let pinned: [(arguments: [String], lines: Int, sha256: String)] = [
        (
            ["--reports", "300", "--seed", "7"], 1179,
            "b1339192eb6d295dcd326abc61c9ff3528a2b2f5b5f5f3380d5a4392c5636b89"
        ),
        (
            ["--reports", "300", "--seed", "7", "--crlf"], 1179,
            "d7d452e432afba233f88b389e96b5e5c131127a64680d3bdfccb62488d010c49"
        ),
        (
            ["--reports", "40", "--seed", "3", "--employees", "3", "--batch-id", "2002", "--batch-date", "2024-02-29"],
            161, "40de96bfca9b72bbde74799c5549663473f7e808cdbfd8de3135a77c4c3f0327"
        ),
        (
            ["--reports", "1500", "--seed", "11", "--employees", "40"], 5974,
            "f9fd9055843c3501a4595576aa96cec93490688280b6d6365955cfb41ad8d4fa"
        ),
    ]

    /// Also on one thread and on three (the default is the number of cores): the lines are written in segments
    /// on several threads, and any number of them gives the same bytes.
    @Test(arguments: 0..<pinned.count, [[], ["--threads", "1"], ["--threads", "3"]])
    func theSameSeedGivesTheSameBytesAsBefore(index: Int, threads: [String]) async throws {
        let (pinnedArguments, lines, digest) = Self.pinned[index]
        let arguments = pinnedArguments + threads
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/batch.txt"
        let outcome = try await CLIRunner.run(["generate", "-o", file] + arguments)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardOutput.contains(", \(lines) lines, total "), "\(outcome)")
        #expect(try DurableFile.sha256(ofFileAt: file) == digest, "generate \(arguments.joined(separator: " "))")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(left == ["batch.txt"], "no spool or temporary file left beside it: \(left)")
    }

    @Test func refusesFewerThanOneThread() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await CLIRunner.run(["generate", "-o", directory + "/batch.txt", "--threads", "0"])
        #expect(outcome.status == 64, "usage: \(outcome)")
        #expect(outcome.standardError.contains("--threads must be at least 1, not 0"), "\(outcome)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    /// In a pipe, nothing but the one result line: no progress on standard error.
    @Test func printsNoProgressIntoAPipe() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await CLIRunner.run(["generate", "-o", directory + "/batch.txt", "--reports", "2000"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardError.isEmpty, "nothing on standard error in a pipe: \(outcome)")
        #expect(outcome.standardOutput.split(separator: "\n").count == 1, "\(outcome)")
        #expect(!outcome.standardOutput.contains("\r") && !outcome.standardOutput.contains("\u{1B}"), "\(outcome)")
    }

    /// On a terminal (a pseudo-terminal from util-linux `script`), the progress line shows reports, megabytes
    /// and the rate, and ends with the final count before the result line.
    @Test func showsProgressOnATerminal() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/batch.txt"
        let command = "'\(CLIRunner.executable.path)' generate -o '\(file)' --reports 700 --seed 7"
        let outcome = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/script"),
            arguments: ["-qefc", command, "/dev/null"],
            environment: CLIRunner.childEnvironment([:]),
            deadline: .seconds(120)
        )
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardOutput.contains("\r\u{1B}[Kgenerating: 700 of 700 reports, "), "\(outcome)")
        #expect(outcome.standardOutput.contains(" MB at "), "\(outcome)")
        #expect(outcome.standardOutput.contains(" MB/s"), "\(outcome)")
        #expect(outcome.standardOutput.contains("wrote \(file): batch 1001, "), "\(outcome)")
    }

}
