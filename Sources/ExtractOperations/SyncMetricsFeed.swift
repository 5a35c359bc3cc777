public import ExtractSync
public import ServiceLifecycle

/// Feeds the scheduler's events, in order, to a ``SyncMetrics`` (whose recording may read the ledger) without
/// ever blocking the scheduler: ``send(_:)`` queues, the service records. On graceful shutdown it records what
/// is queued and returns (put it before the scheduler in the service group: the group stops the scheduler first).
///
/// ```swift
/// let feed = SyncMetricsFeed(SyncMetrics(store: store))
/// let scheduler = SyncScheduler(…, events: { feed.send($0) })
/// let group = ServiceGroup(services: [feed, scheduler], gracefulShutdownSignals: [.sigterm], logger: logger)
/// ```
public struct SyncMetricsFeed: Service {
    /// Where the events go; events sent while it is `nil` are dropped when the service runs.
    public var metrics: SyncMetrics?
    private let stream: AsyncStream<SyncScheduler.Event>
    private let continuation: AsyncStream<SyncScheduler.Event>.Continuation

    /// A feed; `metrics` may be set later (before ``run()``), e.g. once the ledger the events need is open.
    public init(_ metrics: SyncMetrics? = nil) {
        self.metrics = metrics
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Queues `event` (never waits).
    public func send(_ event: SyncScheduler.Event) { continuation.yield(event) }

    public func run() async throws {
        let continuation = self.continuation
        let metrics = self.metrics
        await withGracefulShutdownHandler {
            for await event in stream { await metrics?.record(event) }
        } onGracefulShutdown: {
            continuation.finish()
        }
    }
}
