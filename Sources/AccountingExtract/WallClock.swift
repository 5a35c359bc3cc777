public import Foundation
import Synchronization

/// Where the time is read: the ledger's records and leases, the sync pipeline and scheduler, the token store and
/// the sandbox all take one, so that a test can fix or move time instead of sleeping.
///
/// Code reads ``now`` from the clock it was given and never calls `Date()` itself; the command line passes
/// ``SystemClock``, tests a ``SimulatedClock``.
///
/// ```swift
/// func stamp(_ clock: any WallClock) -> String { ISO8601DateFormatter().string(from: clock.now) }
/// stamp(SystemClock())                                                       // the wall clock
/// stamp(SimulatedClock(start: Date(timeIntervalSince1970: 1_767_225_600)))  // 2026-01-01T00:00:00Z
/// ```
public protocol WallClock: Sendable {
    /// The current instant.
    var now: Date { get }
}

/// The system's wall clock.
///
/// ```swift
/// let store = try await LedgerStores.open("ledger.sqlite", clock: SystemClock())
/// ```
public struct SystemClock: WallClock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that moves only when told to: tests advance it by minutes or hours in no time, and the sandbox's
/// `POST /_sandbox/clock/advance` moves it (a sandbox on a ``SystemClock`` refuses that route).
///
/// ```swift
/// let clock = SimulatedClock()
/// let before = clock.now
/// clock.advance(by: 90)
/// assert(clock.now == before.addingTimeInterval(90))
/// ```
public final class SimulatedClock: WallClock {
    private let current: Mutex<Date>

    /// A clock at `start` (default 2026-01-15T09:00:00Z, so that generated data is stable).
    public init(start: Date = Date(timeIntervalSince1970: 1_768_467_600)) {
        self.current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`; `false` (and no effect) for a negative or non-finite amount.
    @discardableResult
    public func advance(by seconds: TimeInterval) -> Bool {
        guard seconds.isFinite, seconds >= 0 else { return false }
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
        return true
    }
}
