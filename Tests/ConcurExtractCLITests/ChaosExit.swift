import ExtractTesting
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How one run of the real `concur-extract` binary under the chaos harness ended. The runs are
/// ``ChildProcess``es (started with ``ChildProcess/chaosRun(_:environment:)``): the harness stops (SIGSTOP),
/// continues (SIGCONT) and kills (SIGKILL) them, and nothing waits on the concurrency pool meanwhile.
struct ChaosExit: Sendable, CustomStringConvertible {
    /// The exit code, or the signal number when `signalled`.
    var status: Int32
    var signalled: Bool
    /// The harness killed it at its deadline.
    var killedAtDeadline: Bool
    /// Standard output, then standard error.
    var output: String

    /// Killed by SIGKILL: the crash hook or the deadline.
    var wasKilled: Bool { signalled && status == SIGKILL }

    var description: String {
        killedAtDeadline ? "killed at deadline" : signalled ? "signal \(status)" : "exit \(status)"
    }

    init(_ outcome: ChildProcess.Outcome, killedAtDeadline: Bool) {
        status = outcome.status
        signalled = outcome.signalled
        self.killedAtDeadline = killedAtDeadline
        output = outcome.standardOutput + outcome.standardError
    }
}

extension ChildProcess {
    /// Starts the binary from the package root with `environment` over this process's own (less its `CONCUR_`
    /// variables).
    static func chaosRun(_ arguments: [String], environment: [String: String]) async throws -> ChildProcess {
        try await start(
            CLIRunner.executable,
            arguments: arguments,
            environment: CLIRunner.childEnvironment(environment),
            currentDirectory: CLIRunner.packageRoot
        )
    }

    /// Waits until the run ends. At `deadline` the child is continued and killed, and the exit says so: for the
    /// harness a run killed at its deadline is an outcome to record, not an error.
    func chaosExit(deadline: Duration) async throws -> ChaosExit {
        do {
            return ChaosExit(try await wait(deadline: deadline), killedAtDeadline: false)
        } catch let exceeded as DeadlineExceeded {
            return ChaosExit(exceeded.outcome, killedAtDeadline: true)
        }
    }
}
