public import ExtractAPI
public import Foundation

/// How long a job stays in each state before it moves on.
///
/// ```swift
/// let timing = JobTiming(queued: 1, running: 2)   // the `sandbox` command's default on the real clock
/// ```
public struct JobTiming: Sendable, Hashable, Codable {
    /// Seconds from `Queued` to `Running`.
    public var queued: TimeInterval
    /// Seconds from `Running` to `Completed` or `Failed`.
    public var running: TimeInterval

    public init(queued: TimeInterval = 1, running: TimeInterval = 2) {
        self.queued = max(0, queued)
        self.running = max(0, running)
    }
}

/// How a job is planned to end.
public enum JobOutcome: String, Sendable, Hashable, Codable {
    /// `Queued` → `Running` → `Completed`, with a file.
    case complete
    /// `Queued` → `Running` → `Failed`, no file.
    case fail
    /// Stays `Queued` for ever (a fault).
    case stuckInQueue
}

/// The life of one extract job, `Queued` → `Running` → `Completed` or `Failed`, as a pure value: it reads no
/// clock and does no I/O. Its owner calls ``advance(to:)`` with the current time and acts on the transitions
/// it returns (for example, writing the file when the job completes).
///
/// ```swift
/// var machine = JobStateMachine(createdAt: t0, timing: JobTiming(queued: 1, running: 2), outcome: .complete)
/// machine.advance(to: t0.addingTimeInterval(5))   // [.started(t0+1), .completed(t0+3)]
/// machine.status                                  // .completed
/// ```
public struct JobStateMachine: Sendable, Hashable, Codable {
    /// Where the job is.
    public enum State: Sendable, Hashable, Codable {
        case queued
        case running(since: Date)
        case completed(at: Date)
        case failed(at: Date)
    }

    /// A change of state, at the instant it happened (which may be earlier than the `now` that revealed it).
    public enum Transition: Sendable, Hashable {
        case started(at: Date)
        case completed(at: Date)
        case failed(at: Date)
    }

    /// When the job was created (its `start-time`).
    public let createdAt: Date
    public let timing: JobTiming
    public private(set) var outcome: JobOutcome
    public private(set) var state: State = .queued

    public init(createdAt: Date, timing: JobTiming, outcome: JobOutcome) {
        self.createdAt = createdAt
        self.timing = timing
        self.outcome = outcome
    }

    /// Moves the job on to where it is at `now`; returns the transitions in order. Time never runs backwards:
    /// an earlier `now` changes nothing.
    @discardableResult
    public mutating func advance(to now: Date) -> [Transition] {
        var transitions: [Transition] = []
        while true {
            switch state {
            case .queued:
                guard outcome != .stuckInQueue else { return transitions }
                let startAt = createdAt.addingTimeInterval(timing.queued)
                guard now >= startAt else { return transitions }
                state = .running(since: startAt)
                transitions.append(.started(at: startAt))
            case .running(let since):
                let stopAt = since.addingTimeInterval(timing.running)
                guard now >= stopAt else { return transitions }
                if outcome == .fail {
                    state = .failed(at: stopAt)
                    transitions.append(.failed(at: stopAt))
                } else {
                    state = .completed(at: stopAt)
                    transitions.append(.completed(at: stopAt))
                }
            case .completed, .failed:
                return transitions
            }
        }
    }

    /// Turns a completed job into a failed one (its output could not be written).
    public mutating func markFailed() {
        if case .completed(let at) = state {
            state = .failed(at: at)
            outcome = .fail
        }
    }

    /// Ends a job that is still `Queued` or `Running` as `Failed` at `time` (support cancelling a stuck job).
    /// - Returns: `true` when the job was active and is now failed.
    @discardableResult
    public mutating func cancel(at time: Date) -> Bool {
        guard isActive else { return false }
        state = .failed(at: time)
        outcome = .fail
        return true
    }

    /// The wire status.
    public var status: JobStatus {
        switch state {
        case .queued: return .queued
        case .running: return .running
        case .completed: return .completed
        case .failed: return .failed
        }
    }

    /// When the job finished, if it has.
    public var stopTime: Date? {
        switch state {
        case .completed(let at), .failed(let at): return at
        case .queued, .running: return nil
        }
    }

    /// Whether the job is `Queued` or `Running`.
    public var isActive: Bool { !status.isTerminal }
}
