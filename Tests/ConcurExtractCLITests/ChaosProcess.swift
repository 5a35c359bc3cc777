import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One run of the real `concur-extract` binary that the chaos harness can stop (SIGSTOP), continue (SIGCONT)
/// and kill (SIGKILL). Output goes to a file, so a stopped or killed process never blocks on a full pipe.
final class ChaosProcess: @unchecked Sendable {
    /// How a run ended.
    struct Exit: Sendable, CustomStringConvertible {
        /// The exit code, or the signal number when `signalled`.
        var status: Int32
        var signalled: Bool
        /// The harness killed it at its deadline.
        var killedAtDeadline: Bool
        var output: String

        /// Killed by SIGKILL: the crash hook or the deadline.
        var wasKilled: Bool { signalled && status == SIGKILL }

        var description: String {
            killedAtDeadline ? "killed at deadline" : signalled ? "signal \(status)" : "exit \(status)"
        }
    }

    let process = Process()
    let outputPath: String

    init(_ arguments: [String], environment: [String: String], outputPath: String) throws {
        self.outputPath = outputPath
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CONCUR_") }
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        process.currentDirectoryURL = CLIRunner.packageRoot
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try? handle.close()
    }

    func send(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits (polling, off no thread) until the process ends, killing it with SIGKILL at `deadline`.
    func wait(deadline: Duration) async -> Exit {
        let start = ContinuousClock.now
        var killed = false
        while process.isRunning {
            if !killed && ContinuousClock.now - start > deadline {
                kill(process.processIdentifier, SIGCONT)
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
            try? await Task.sleep(for: .milliseconds(25))
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Exit(
            status: process.terminationStatus,
            signalled: process.terminationReason == .uncaughtSignal,
            killedAtDeadline: killed,
            output: output
        )
    }

    /// Runs to the end (or the deadline).
    static func run(
        _ arguments: [String],
        environment: [String: String],
        outputPath: String,
        deadline: Duration
    ) async throws -> Exit {
        try await ChaosProcess(arguments, environment: environment, outputPath: outputPath).wait(deadline: deadline)
    }
}
