public import Foundation
import Synchronization

/// The time source of the sandbox: job progression, token expiry and run intervals all read it.
///
/// The server uses ``SystemSandboxClock`` by default; tests inject a ``SimulatedClock`` and advance it
/// instead of sleeping.
///
/// ```swift
/// let clock = SimulatedClock(start: Date(timeIntervalSince1970: 1_767_225_600))
/// clock.advance(by: 3600)   // an hour later, at once
/// ```
public protocol SandboxClock: Sendable {
    /// The current instant.
    var now: Date { get }
    /// Moves a simulated clock forward; `false` (and no effect) on a real clock.
    func advance(by seconds: TimeInterval) -> Bool
}

/// The wall clock.
public struct SystemSandboxClock: SandboxClock {
    public init() {}
    public var now: Date { Date() }
    public func advance(by seconds: TimeInterval) -> Bool { false }
}

/// A clock that moves only when told to: tests advance it by minutes or hours in no time.
///
/// ```swift
/// let clock = SimulatedClock()
/// let before = clock.now
/// clock.advance(by: 90)
/// assert(clock.now == before.addingTimeInterval(90))
/// ```
public final class SimulatedClock: SandboxClock {
    private let current: Mutex<Date>

    /// A clock at `start` (default 2026-01-15T09:00:00Z, so that generated data is stable).
    public init(start: Date = Date(timeIntervalSince1970: 1_768_467_600)) {
        self.current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    @discardableResult
    public func advance(by seconds: TimeInterval) -> Bool {
        guard seconds.isFinite, seconds >= 0 else { return false }
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
        return true
    }
}
