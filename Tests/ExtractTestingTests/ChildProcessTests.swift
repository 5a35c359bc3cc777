import ExtractTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The one way tests run processes: nothing blocks the concurrency pool, both pipes drain at once, and a
/// deadline ends a child that hangs. (Regressions of a cascade of 78 failures under CPU load: blocking
/// `waitUntilExit` and pipe reads on the pool starved the in-process sandboxes; stdout read to its end before
/// stderr deadlocked on a child filling stderr.)
@Suite(.timeLimit(.minutes(1)))
struct ChildProcessTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    @Test(
        "Both streams arrive whole whatever their sizes, stderr written first (pipe-buffer sizes included)",
        arguments: [0, 1, 65_535, 65_536, 65_537, 1 << 20]
    )
    func bothStreamsWhole(size: Int) async throws {
        // stderr is written in full before stdout: a reader that drains stdout first waits forever on a child
        // blocked on a full stderr pipe.
        let script = "head -c \(size) /dev/zero | tr '\\0' e >&2; head -c \(size) /dev/zero | tr '\\0' o; exit 3"
        let outcome = try await ChildProcess.run(Self.shell, arguments: ["-c", script], deadline: .seconds(30))
        #expect(outcome.status == 3 && !outcome.signalled)
        #expect(outcome.standardError.utf8.count == size)
        #expect(outcome.standardOutput.utf8.count == size)
        #expect(outcome.standardError.allSatisfy { $0 == "e" } && outcome.standardOutput.allSatisfy { $0 == "o" })
    }

    @Test("Children waiting in numbers above the pool's width leave the pool free for everything else")
    func waitingChildrenLeaveThePoolFree() async throws {
        let count = ProcessInfo.processInfo.activeProcessorCount * 2 + 2
        var started: [ChildProcess] = []
        for _ in 0..<count {
            started.append(try await ChildProcess.start(Self.shell, arguments: ["-c", "exec sleep 60"]))
        }
        let children = started
        try await withThrowingTaskGroup(of: ChildProcess.Outcome.self) { group in
            for child in children {
                group.addTask { try await child.wait(deadline: .seconds(120)) }
            }
            // A task on the pool while every child is waited for: it runs while they still run (the reference is
            // the children themselves, not a wall-clock guess), not once they have ended a minute later.
            try await Task.sleep(for: .milliseconds(200))
            let stillRunning = await Task.detached { children.filter(\.isRunning).count }.value
            #expect(stillRunning == count, "a pool task waited behind \(count) waiting children")
            for child in children { _ = await child.stop(grace: .seconds(5)) }
            for try await outcome in group {
                #expect(outcome.signalled, "stopped, not ended on its own")
            }
        }
    }

    @Test("A child past its deadline is killed, and the error says so with what it printed")
    func deadlineKills() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let child = try await ChildProcess.start(Self.shell, arguments: ["-c", "echo started; exec sleep 30"])
        let error = await #expect(throws: ChildProcess.DeadlineExceeded.self) {
            try await child.wait(deadline: .milliseconds(500))
        }
        #expect(clock.now - start < .seconds(10))
        #expect(error?.outcome.signalled == true && error?.outcome.status == SIGKILL)
        #expect(error?.outcome.standardOutput == "started\n")
        #expect(error?.description.contains("[child-process-deadline]") == true)
        #expect(!child.isRunning)
    }

    @Test("Output is read while the child runs; stop ends it with SIGTERM")
    func readsWhileRunningThenStops() async throws {
        let child = try await ChildProcess.start(Self.shell, arguments: ["-c", "echo ready; exec sleep 30"])
        let output = await child.standardOutput(containing: "ready", within: .seconds(20))
        #expect(output == "ready\n")
        #expect(child.isRunning)
        let outcome = try #require(await child.stop())
        #expect(outcome.signalled && outcome.status == SIGTERM)
    }

    @Test("A child starts with no signal blocked, as a shell's children do, whichever pool thread starts it")
    func noSignalBlocked() async throws {
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await ChildProcess.run(Self.shell, arguments: ["-c", "grep SigBlk /proc/self/status"])
                        .standardOutput
                }
            }
            for try await line in group {
                #expect(line == "SigBlk:\t0000000000000000\n")
            }
        }
    }

    @Test("The environment given replaces the inherited one, and the working directory is the one given")
    func environmentAndDirectory() async throws {
        let outcome = try await ChildProcess.run(
            Self.shell,
            arguments: ["-c", "echo \"$ONLY_THIS:${HOME:-none}\"; pwd"],
            environment: ["ONLY_THIS": "yes"],
            currentDirectory: URL(fileURLWithPath: "/tmp")
        )
        #expect(outcome.standardOutput == "yes:none\n/tmp\n")
    }
}
