public import Foundation
public import Ledger

/// The schedule's decisions, as pure functions of what the ledger holds and the time: which company is due, and
/// when the scheduler looks again.
///
/// ```swift
/// SyncSchedule.isDue(lastStart: nil, unfinished: false, every: .seconds(3600), now: Date())  // true: never ran
/// ```
public enum SyncSchedule {
    /// A company is due when this ledger never started a job for it, when one of its jobs is unfinished (a
    /// crashed or interrupted run to resume), or when its last job started at least `every` ago.
    public static func isDue(lastStart: Date?, unfinished: Bool, every: Duration, now: Date) -> Bool {
        guard let due = dueTime(lastStart: lastStart, unfinished: unfinished, every: every) else { return true }
        return now >= due
    }

    /// When the company is next due; `nil` when it is due now whatever the time (never ran, or unfinished).
    public static func dueTime(lastStart: Date?, unfinished: Bool, every: Duration) -> Date? {
        guard let lastStart, !unfinished else { return nil }
        return lastStart.addingTimeInterval(Double(every.components.seconds))
    }

    /// When to look at the schedule again: after `tick`, or earlier when a company falls due before that. Due
    /// times already past do not count (a company that stays due, held by another worker or failing, is looked at
    /// once a tick, never in a busy loop).
    public static func nextWake(now: Date, tick: Duration, dueTimes: [Date?]) -> Date {
        let tickEnd = now.addingTimeInterval(max(0.001, seconds(tick)))
        let upcoming = dueTimes.compactMap { $0 }.filter { $0 > now }
        return min(tickEnd, upcoming.min() ?? tickEnd)
    }

    /// What the ledger says of a company's schedule: when this ledger last started one of its jobs (or tried to: a
    /// start that came to nothing is a run too), and whether one is unfinished. Foreign jobs say nothing of when
    /// this ledger last ran.
    public static func state(
        of company: String,
        in store: any LedgerStore
    ) async throws -> (lastStart: Date?, unfinished: Bool) {
        let jobs = try await store.jobs(company: company, includePosted: true).filter { $0.ownership == .owned }
        let starts = try await store.intents(company: company, openOnly: false).map(\.recordedAt)
        return ((jobs.map(\.startedAt) + starts).max(), jobs.contains(where: SyncPipeline.isUnfinished))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// A company as the scheduler sees it: its name in the ledger and how often it runs.
public struct ScheduledCompany: Sendable, Hashable {
    public var name: String
    public var every: Duration

    public init(name: String, every: Duration = .seconds(3600)) {
        self.name = name
        self.every = every
    }
}
