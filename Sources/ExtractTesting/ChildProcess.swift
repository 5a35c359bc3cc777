public import Foundation
internal import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A child process that never blocks Swift's concurrency pool: the blocking wait for its exit and the reads of
/// its standard output and standard error each run on a thread of their own, both pipes drained at once (a
/// child that fills one pipe while the test reads the other cannot deadlock), and ``wait(deadline:)`` kills it
/// when its deadline passes. In-process sandboxes and every other test keep the pool while children run.
///
/// ```swift
/// let outcome = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["psql", "--version"])
/// print(outcome.status, outcome.standardOutput)
///
/// let server = try await ChildProcess.start(binary, arguments: ["sandbox", "--port", "0"])
/// let banner = await server.standardOutput(containing: "Try:", within: .seconds(30))
/// await server.stop()
/// ```
public final class ChildProcess: @unchecked Sendable {
    /// How a run ended and what it printed.
    public struct Outcome: Sendable, CustomStringConvertible {
        /// The exit code, or the signal number when ``signalled``.
        public var status: Int32
        /// The child ended on a signal (``status`` is its number).
        public var signalled: Bool
        public var standardOutput: String
        public var standardError: String

        public var description: String {
            (signalled ? "signal \(status)" : "exit \(status)")
                + "\nstdout:\n\(standardOutput)\nstderr:\n\(standardError)"
        }
    }

    /// The child outlived its deadline and was killed (SIGKILL); what it printed until then is in ``outcome``.
    public struct DeadlineExceeded: Error, CustomStringConvertible {
        public static let code = "child-process-deadline"
        public var command: String
        public var deadline: Duration
        public var outcome: Outcome

        public var description: String {
            "[\(Self.code)] `\(command)` was still running after \(deadline) and was killed: \(outcome)"
        }
    }

    private struct State {
        var output = Data()
        var error = Data()
        var openStreams = 2
        var exited = false
        var killedAtDeadline = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var finished: Bool { exited && openStreams == 0 }
    }

    /// The command line as started, for messages (the executable's name and its arguments).
    public let command: String
    /// The child's process id.
    public let processIdentifier: Int32
    private let process: Process
    private let state = Mutex(State())

    /// Starts `executable` with `arguments`. `environment` replaces the inherited one when given; standard input
    /// is /dev/null. The child is spawned from a thread of our own whose signal mask is empty, as a shell's
    /// children are: a thread of the concurrency pool blocks most signals, and a child inherits its spawner's
    /// mask (SIGTERM would then never reach it).
    public static func start(
        _ executable: URL,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil
    ) async throws -> ChildProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let output = Pipe()
        let error = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        let box = UncheckedBox(process)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                var empty = sigset_t()
                sigemptyset(&empty)
                pthread_sigmask(SIG_SETMASK, &empty, nil)
                continuation.resume(with: Result { try box.value.run() })
            }
        }
        let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        return ChildProcess(process, command: command, output: output, error: error)
    }

    private init(_ process: Process, command: String, output: Pipe, error: Pipe) {
        self.process = process
        self.processIdentifier = process.processIdentifier
        self.command = command
        Thread.detachNewThread { [self] in drain(output.fileHandleForReading, into: \.output) }
        Thread.detachNewThread { [self] in drain(error.fileHandleForReading, into: \.error) }
        Thread.detachNewThread { [self] in
            process.waitUntilExit()
            settle { $0.exited = true }
        }
    }

    /// Starts `executable`, waits (off the pool) until it ends and returns what it printed; kills it and throws
    /// ``DeadlineExceeded`` when it runs longer than `deadline`.
    public static func run(
        _ executable: URL,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        deadline: Duration = .seconds(300)
    ) async throws -> Outcome {
        let child = try await start(
            executable,
            arguments: arguments,
            environment: environment,
            currentDirectory: currentDirectory
        )
        return try await child.wait(deadline: deadline)
    }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { state.withLock { !$0.exited } }

    /// Sends `signal` (SIGTERM, SIGSTOP, SIGCONT, SIGKILL…) unless the child has exited.
    public func send(_ signal: Int32) {
        state.withLock { state in
            if !state.exited { kill(processIdentifier, signal) }
        }
    }

    /// Sends SIGTERM.
    public func terminate() { send(SIGTERM) }

    /// What the child has written to standard output so far.
    public var standardOutputSoFar: String { state.withLock { String(decoding: $0.output, as: UTF8.self) } }

    /// Standard output once it contains `text`, or as it is when the child closed it or `within` passed.
    /// Polls every 20 ms, sleeping (never blocking) in between.
    public func standardOutput(containing text: String, within limit: Duration) async -> String {
        let end = ContinuousClock.now + limit
        while true {
            let (output, closed) = state.withLock { (String(decoding: $0.output, as: UTF8.self), $0.finished) }
            if output.contains(text) || closed || ContinuousClock.now >= end { return output }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Standard error once it contains `text`, or as it is when the child closed it or `within` passed (polled
    /// every 20 ms, as ``standardOutput(containing:within:)``).
    public func standardError(containing text: String, within limit: Duration) async -> String {
        let end = ContinuousClock.now + limit
        while true {
            let (error, closed) = state.withLock { (String(decoding: $0.error, as: UTF8.self), $0.finished) }
            if error.contains(text) || closed || ContinuousClock.now >= end { return error }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until the child has exited and both its pipes are closed. When `deadline` passes first, the child
    /// is continued and killed (SIGKILL) and ``DeadlineExceeded`` is thrown with what it printed.
    public func wait(deadline: Duration = .seconds(300)) async throws -> Outcome {
        let killer = DispatchWorkItem { [self] in
            state.withLock { state in
                guard !state.exited else { return }
                state.killedAtDeadline = true
                kill(processIdentifier, SIGCONT)
                kill(processIdentifier, SIGKILL)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.seconds(deadline), execute: killer)
        await finished()
        killer.cancel()
        let (output, error, killed) = state.withLock { ($0.output, $0.error, $0.killedAtDeadline) }
        let outcome = Outcome(
            status: process.terminationStatus,
            signalled: process.terminationReason == .uncaughtSignal,
            standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: error, as: UTF8.self)
        )
        if killed { throw DeadlineExceeded(command: command, deadline: deadline, outcome: outcome) }
        return outcome
    }

    /// Asks the child to stop (SIGTERM), kills it (SIGKILL) if it has not ended within `grace`, and waits.
    @discardableResult
    public func stop(grace: Duration = .seconds(10)) async -> Outcome? {
        terminate()
        let end = ContinuousClock.now + grace
        while isRunning && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(20)) }
        send(SIGKILL)
        return try? await wait(deadline: .seconds(30))
    }

    // MARK: Threads

    /// Reads `handle` to its end on the calling thread (one of our own), appending each chunk to the buffer at
    /// `path` as it arrives (read(2): whatever is there, not a full buffer, so a running child's output shows).
    private func drain(_ handle: FileHandle, into path: WritableKeyPath<State, Data>) {
        let descriptor = handle.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            state.withLock { $0[keyPath: path].append(contentsOf: buffer[0..<count]) }
        }
        try? handle.close()
        settle { $0.openStreams -= 1 }
    }

    /// Applies `change`, and resumes the waiters once the child has exited and both pipes are closed.
    private func settle(_ change: (inout State) -> Void) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            change(&state)
            guard state.finished else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func finished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if state.finished { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Hands a value that is not Sendable to the one thread that uses it next.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
