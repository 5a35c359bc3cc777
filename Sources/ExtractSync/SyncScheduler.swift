public import AccountingExtract
public import Foundation
public import Ledger
public import ServiceLifecycle
import Synchronization

/// Runs many companies' syncs under a concurrency limit, each claimed with a lease in the ledger, and (as a
/// `ServiceLifecycle/Service`) runs them on their schedule until a graceful shutdown.
///
/// Several workers sharing a PostgreSQL ledger never run the same company at once: a run is claimed with a lease
/// (renewed while it lasts; a dead worker's expires for another to take over). One company's failure never stops
/// the others. On graceful shutdown the scheduler starts nothing new, lets the runs in hand finish and returns.
///
/// ```swift
/// let scheduler = SyncScheduler(
///     companies: [ScheduledCompany(name: "acme", every: .seconds(3600))],
///     store: store,
///     configuration: .init(worker: "host-1"),
///     runner: { company, events in try await pipeline(for: company, events: events).run() }
/// )
/// let group = ServiceGroup(services: [scheduler], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
public struct SyncScheduler: Service {
    public struct Configuration: Sendable {
        /// This worker's name in the leases.
        public var worker: String
        /// How many companies run at once (at least 1).
        public var parallel: Int
        /// The longest time between two looks at the schedule.
        public var tick: Duration
        /// How long a claimed run stays this worker's without renewal (renewed every third of it).
        public var leaseDuration: Duration
        /// Run the companies that are due once, then return (`serve --once`).
        public var once: Bool

        public init(
            worker: String,
            parallel: Int = 4,
            tick: Duration = .seconds(30),
            leaseDuration: Duration = .seconds(900),
            once: Bool = false
        ) {
            self.worker = worker
            self.parallel = parallel
            self.tick = tick
            self.leaseDuration = leaseDuration
            self.once = once
        }
    }

    /// What the scheduler reports as it goes.
    public enum Event: Sendable {
        /// A company's run reports progress.
        case sync(company: String, SyncEvent)
        /// Another worker holds the company's lease: not run.
        case skipped(company: String)
        /// The company's run failed (its error as text).
        case failed(company: String, error: String)
        /// A pass of the schedule over the companies that were due ended (not sent when none was due).
        case passFinished(SyncPassReport)
        /// Graceful shutdown began: nothing new starts, the runs in hand finish.
        case stopping
        /// The scheduler stopped after a graceful shutdown.
        case stopped
    }

    /// Runs one company's sync, reporting its progress to `events`.
    public typealias Runner =
        @Sendable (_ company: ScheduledCompany, _ events: @escaping @Sendable (SyncEvent) -> Void) async throws ->
        SyncReport

    public let companies: [ScheduledCompany]
    public let store: any LedgerStore
    public let configuration: Configuration
    let runner: Runner
    let events: @Sendable (Event) -> Void
    let stop = StopRequest()
    let clock: any WallClock

    public init(
        companies: [ScheduledCompany],
        store: any LedgerStore,
        configuration: Configuration,
        runner: @escaping Runner,
        events: @escaping @Sendable (Event) -> Void = { _ in },
        clock: any WallClock = SystemClock()
    ) {
        self.companies = companies
        self.store = store
        self.configuration = configuration
        self.runner = runner
        self.events = events
        self.clock = clock
    }

    /// Runs the due companies on their schedule until graceful shutdown (or one pass, with `once`).
    public func run() async throws {
        try await withGracefulShutdownHandler {
            while !stop.isRequested {
                let (report, dueTimes) = try await pass()
                if let report { events(.passFinished(report)) }
                if configuration.once || stop.isRequested { break }
                let wake = SyncSchedule.nextWake(now: clock.now, tick: configuration.tick, dueTimes: dueTimes)
                let seconds = max(0.001, wake.timeIntervalSince(clock.now))
                try? await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                }
            }
        } onGracefulShutdown: {
            if stop.request() { events(.stopping) }
        }
        if stop.isRequested { events(.stopped) }
    }

    /// One look at the schedule: runs the companies due now (each checked again once its lease is claimed).
    /// Returns `nil` when none was due, and every company's next due time.
    public func pass() async throws -> (report: SyncPassReport?, dueTimes: [Date?]) {
        var due: [ScheduledCompany] = []
        var dueTimes: [Date?] = []
        for company in companies {
            let (lastStart, unfinished) = try await SyncSchedule.state(of: company.name, in: store)
            dueTimes.append(SyncSchedule.dueTime(lastStart: lastStart, unfinished: unfinished, every: company.every))
            if SyncSchedule.isDue(lastStart: lastStart, unfinished: unfinished, every: company.every, now: clock.now) {
                due.append(company)
            }
        }
        guard !due.isEmpty else { return (nil, dueTimes) }
        return (try await runAll(due, checkingDue: true), dueTimes)
    }

    /// Runs `companies` (default: all of them) at most ``Configuration/parallel`` at a time, each under a lease;
    /// outcomes sorted by company, with the quarantine counts of those companies. After a graceful shutdown it
    /// starts no further company.
    public func runAll(_ selection: [ScheduledCompany]? = nil, checkingDue: Bool = false) async throws -> SyncPassReport
    {
        let list = selection ?? companies
        let outcomes = await withTaskGroup(of: SyncOutcome.self) { group in
            var outcomes: [SyncOutcome] = []
            var next = 0
            func startNext() {
                guard next < list.count, !stop.isRequested else { return }
                let company = list[next]
                next += 1
                group.addTask { await runOne(company, checkingDue: checkingDue) }
            }
            for _ in 0..<max(1, configuration.parallel) { startNext() }
            for await outcome in group {
                outcomes.append(outcome)
                startNext()
            }
            return outcomes.sorted { $0.company < $1.company }
        }
        let quarantine = try await QuarantineWorkflow(store: store).waiting(companies: list.map(\.name))
        return SyncPassReport(outcomes: outcomes, quarantine: quarantine)
    }

    func runOne(_ company: ScheduledCompany, checkingDue: Bool) async -> SyncOutcome {
        let leaseDuration = configuration.leaseDuration
        do {
            guard
                let lease = try await store.claimRun(
                    company: company.name,
                    worker: configuration.worker,
                    leaseDuration: leaseDuration
                )
            else {
                events(.skipped(company: company.name))
                return SyncOutcome(company: company.name, skipped: true)
            }
            // Another worker may have run the company between our look at the schedule and our claim.
            if checkingDue {
                let (lastStart, unfinished) = try await SyncSchedule.state(of: company.name, in: store)
                if !SyncSchedule.isDue(lastStart: lastStart, unfinished: unfinished, every: company.every, now: clock.now)
                {
                    try await store.release(lease)
                    return SyncOutcome(company: company.name, skipped: true)
                }
            }
            // Keep the lease alive while the run lasts.
            let store = self.store
            let renewal = Task {
                var current = lease
                while !Task.isCancelled {
                    try await Task.sleep(for: leaseDuration / 3)
                    current = try await store.renew(current, leaseDuration: leaseDuration)
                }
            }
            defer { renewal.cancel() }
            let events = self.events
            let report = try await runner(company) { event in events(.sync(company: company.name, event)) }
            renewal.cancel()
            try await store.release(lease)
            return SyncOutcome(company: company.name, report: report)
        } catch {
            events(.failed(company: company.name, error: "\(error)"))
            return SyncOutcome(company: company.name, error: "\(error)")
        }
    }
}

/// The graceful-shutdown request, shared by the scheduler's copies.
final class StopRequest: Sendable {
    private let requested = Mutex(false)

    var isRequested: Bool { requested.withLock { $0 } }

    /// Records the request; `true` the first time.
    func request() -> Bool {
        requested.withLock { wasRequested in
            defer { wasRequested = true }
            return !wasRequested
        }
    }
}
