public import ExtractConfiguration
public import ExtractSync
public import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// Posts ``Alert``s to webhooks in the background: ``observe(_:)`` never waits (the scheduler's runs go on
/// whatever the webhook does); each alert is delivered by its own task, retried with exponential backoff a
/// bounded number of times, each attempt with a timeout. A company's own webhook wins over the global one; a
/// company with neither raises no alert.
///
/// ```swift
/// let notifier = AlertNotifier(.init(global: try AlertWebhook(url)), companies: scheduled, logger: logger)
/// // serve: a service of the group, fed by the scheduler's events
/// let scheduler = SyncScheduler(…, events: { notifier.observe($0) })
/// // sync --all: deliver in the background, then give the pending alerts a bounded time
/// let delivery = Task { await notifier.deliver() }
/// await notifier.finish(within: .seconds(5)); await delivery.value
/// ```
public final class AlertNotifier: Service, Sendable {
    public struct Configuration: Sendable {
        /// `--alert-webhook`: for every company without its own.
        public var global: AlertWebhook?
        /// `alert_webhook` of each company's section.
        public var perCompany: [String: AlertWebhook]
        /// Tries per alert (at least 1).
        public var attempts: Int
        /// The wait before the second try; doubled before each next one (at most `maximumDelay`).
        public var firstDelay: Duration
        public var maximumDelay: Duration
        /// The longest a try may take.
        public var timeout: Duration
        /// How often the overdue companies are looked for (besides after each pass).
        public var overdueCheck: Duration

        public init(
            global: AlertWebhook? = nil,
            perCompany: [String: AlertWebhook] = [:],
            attempts: Int = 5,
            firstDelay: Duration = .seconds(1),
            maximumDelay: Duration = .seconds(60),
            timeout: Duration = .seconds(10),
            overdueCheck: Duration = .seconds(60)
        ) {
            self.global = global
            self.perCompany = perCompany
            self.attempts = attempts
            self.firstDelay = firstDelay
            self.maximumDelay = maximumDelay
            self.timeout = timeout
            self.overdueCheck = overdueCheck
        }

        /// Whether any alert can be sent at all.
        public var isEmpty: Bool { global == nil && perCompany.isEmpty }

        /// The webhook of `company`.
        public func webhook(for company: String) -> AlertWebhook? { perCompany[company] ?? global }
    }

    /// What the notifier delivers: an alert, or a look for overdue companies.
    enum Job: Sendable {
        case alert(Alert)
        case checkOverdue
    }

    struct State: Sendable {
        var seenForeign: Set<String> = []
        var lastSuccess: [String: Date] = [:]
        var overdueAlerted: Set<String> = []
        var pending = 0
        var finished = false
    }

    public let configuration: Configuration
    let companies: [ScheduledCompany]
    let lastPosted: (@Sendable (String) async -> Date?)?
    let logger: Logger
    let now: @Sendable () -> Date
    let started: Date
    let state = Mutex(State())
    let jobs: AsyncStream<Job>
    let continuation: AsyncStream<Job>.Continuation
    let poster: AlertPoster

    /// - Parameters:
    ///   - companies: the companies watched for overdue runs (with a webhook).
    ///   - lastPosted: when the ledger last posted a job of a company (another worker's runs count).
    public init(
        _ configuration: Configuration,
        companies: [ScheduledCompany] = [],
        lastPosted: (@Sendable (String) async -> Date?)? = nil,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.companies = companies
        self.lastPosted = lastPosted
        self.logger = logger
        self.now = now
        self.started = now()
        (jobs, continuation) = AsyncStream.makeStream(of: Job.self, bufferingPolicy: .bufferingNewest(1000))
        poster = AlertPoster(configuration: configuration, logger: logger)
    }

    /// Takes note of a scheduler's event; returns at once.
    public func observe(_ event: SyncScheduler.Event) {
        if case .passFinished(let report) = event {
            let time = now()
            state.withLock { state in
                for outcome in report.outcomes where outcome.error == nil && !outcome.skipped && outcome.report != nil {
                    state.lastSuccess[outcome.company] = time
                    state.overdueAlerted.remove(outcome.company)
                }
            }
            continuation.yield(.checkOverdue)
        }
        for alert in Alert.alerts(for: event) where configuration.webhook(for: alert.company) != nil {
            if alert.kind == .foreignJob {
                let key = "\(alert.company)\u{0}\(alert.details["job"] ?? "")"
                let isNew = state.withLock { $0.seenForeign.insert(key).inserted }
                guard isNew else { continue }
            }
            send(alert)
        }
    }

    /// Queues `alert` for delivery (dropped once ``finish(within:)`` began).
    public func send(_ alert: Alert) {
        let accepted = state.withLock { state in
            guard !state.finished else { return false }
            state.pending += 1
            return true
        }
        guard accepted else { return }
        if case .dropped = continuation.yield(.alert(alert)) {
            state.withLock { $0.pending -= 1 }
        }
    }

    /// `serve`: delivers until the group's graceful shutdown, then gives the pending alerts 5 seconds; looks for
    /// overdue companies every ``Configuration/overdueCheck`` meanwhile.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    await cancelWhenGracefulShutdown {
                        while !Task.isCancelled && !self.isFinished {
                            try? await Task.sleep(for: self.configuration.overdueCheck)
                            if !Task.isCancelled { self.continuation.yield(.checkOverdue) }
                        }
                    }
                }
                group.addTask { await self.deliver() }
            }
        } onGracefulShutdown: {
            Task { await self.finish(within: .seconds(5)) }
        }
    }

    var isFinished: Bool { state.withLock { $0.finished } }

    /// Delivers the queued alerts until ``finish(within:)``, each in a task of its own.
    public func deliver() async {
        await withDiscardingTaskGroup { group in
            for await job in jobs {
                switch job {
                case .alert(let alert):
                    group.addTask {
                        await self.poster.post(alert)
                        self.state.withLock { $0.pending -= 1 }
                    }
                case .checkOverdue:
                    await checkOverdue()
                }
            }
            group.cancelAll()
        }
    }

    /// Stops taking alerts and waits until the queued ones are delivered (or given up), at most `grace`; after
    /// that, the deliveries in hand are cancelled.
    public func finish(within grace: Duration) async {
        state.withLock { $0.finished = true }
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while clock.now < deadline, state.withLock({ $0.pending }) > 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
        continuation.finish()
    }

    /// Alerts each company with no success within twice its interval, once until its next success.
    func checkOverdue() async {
        for company in companies where configuration.webhook(for: company.name) != nil {
            let inProcess = state.withLock { $0.lastSuccess[company.name] }
            let posted = await lastPosted?(company.name)
            let last = [inProcess, posted].compactMap { $0 }.max()
            let time = now()
            guard OverdueWatch.isOverdue(lastSuccess: last, since: started, every: company.every, now: time) else {
                continue
            }
            let isNew = state.withLock { $0.overdueAlerted.insert(company.name).inserted }
            guard isNew else { continue }
            let minutes = company.every.components.seconds / 60
            let since = last.map { "since \(LogLine.timestamp($0))" } ?? "since this worker started"
            send(
                Alert(
                    kind: .overdue,
                    company: company.name,
                    text:
                        "concur-extract: \(company.name): no successful run \(since) (expected every \(minutes) min)",
                    details: [
                        "last_success": last.map(LogLine.timestamp) ?? "none",
                        "every_minutes": String(minutes),
                    ]
                )
            )
        }
    }
}
