public import ExtractAPI
public import Foundation

/// The polling of one extract job as a pure state machine: events in, actions out, no clock reads.
///
/// The caller owns the clock and the network. It feeds the time with every event and carries out the
/// returned ``Action``: wait and fetch the `status-link` again, download the `file-link`, or stop with an error.
///
/// States: ``State/waiting`` (nothing heard yet) → ``State/queued`` / ``State/running`` → ``State/completed(fileLink:)``,
/// ``State/failed`` or ``State/timedOut``. A status the contract does not know keeps the current state.
///
/// ```swift
/// var poller = JobPoller<ContinuousClock.Instant>(job: job.id, random: SystemRandomNumberGenerator())
/// var action = poller.start(at: clock.now)
/// while true {
///     switch action {
///     case .pollAfter(let delay):
///         try await clock.sleep(for: delay)
///         do { action = poller.statusReceived(try await fetchStatus(job.statusLink), at: clock.now) }
///         catch { action = poller.pollFailed(retryable: isTransient(error), error: error, at: clock.now) }
///     case .download(let fileLink): return try await download(fileLink)
///     case .fail(let error): throw error
///     }
/// }
/// ```
public struct JobPoller<Instant: InstantProtocol & Sendable>: Sendable where Instant.Duration == Duration {
    /// Where the poll stands.
    public enum State: Sendable, Hashable {
        /// Started, no status received yet.
        case waiting
        /// The job was last seen `Queued`.
        case queued
        /// The job was last seen `Running`.
        case running
        /// The job completed; its file is at the link.
        case completed(fileLink: URL)
        /// The job failed, or polling failed for good.
        case failed
        /// The job did not finish within ``JobPollerConfiguration/maximumWait``.
        case timedOut

        /// Whether polling has ended.
        public var isFinal: Bool {
            switch self {
            case .waiting, .queued, .running: return false
            case .completed, .failed, .timedOut: return true
            }
        }
    }

    /// What the caller does next.
    public enum Action: Sendable {
        /// Wait this long, then fetch the job's `status-link` and report it.
        case pollAfter(Duration)
        /// The job completed: download this `file-link`.
        case download(URL)
        /// Polling ended without a file.
        case fail(ExtractClientError)
    }

    /// Timing of the poll (``JobPollerConfiguration``).
    public typealias Configuration = JobPollerConfiguration

    /// The job being polled (its `id` URI), named in errors.
    public let job: URL
    /// The timing.
    public let configuration: Configuration
    /// Where the poll stands.
    public private(set) var state: State = .waiting
    /// When polling started (set by the first event).
    public private(set) var startedAt: Instant?
    /// The last status received (named in the timeout message).
    public private(set) var lastStatus: JobStatus?

    private var random: AnyRandomNumberGenerator

    /// A poller for `job` (the job's `id`, used in errors), drawing jitter from `random`.
    public init(
        job: URL,
        configuration: Configuration = Configuration(),
        random: some RandomNumberGenerator & Sendable
    ) {
        self.job = job
        self.configuration = configuration
        self.random = AnyRandomNumberGenerator(random)
    }

    /// Starts the clock; the answer is the first ``Action/pollAfter(_:)``. Once started, further calls return
    /// `nil`.
    ///
    /// The job was just created (or found in the jobs list), so the first check comes after one interval. A
    /// caller that already holds the job's status (the `201` answer, the jobs list) may report it at once with
    /// ``statusReceived(_:at:)``.
    public mutating func start(at now: Instant) -> Action? {
        guard startedAt == nil, !state.isFinal else { return nil }
        startedAt = now
        return .pollAfter(nextDelay(now: now))
    }

    /// Reports the job as fetched from its `status-link` at `now`. Starts the clock if ``start(at:)`` was not
    /// called. After a final state the answer is `nil`.
    ///
    /// A completed job without a `file-link` (not seen from Concur, but possible in a quirky answer) downloads
    /// `{id}/file`, the documented shape of the link.
    public mutating func statusReceived(_ job: ExtractJob, at now: Instant) -> Action? {
        guard !state.isFinal else { return nil }
        let started = startedAt ?? now
        startedAt = started
        lastStatus = job.status
        switch job.status {
        case .completed:
            let fileLink = job.fileLink ?? job.id.appendingPathComponent("file")
            state = .completed(fileLink: fileLink)
            return .download(fileLink)
        case .failed:
            state = .failed
            return .fail(.jobFailed(job: self.job, elapsed: started.duration(to: now)))
        case .queued:
            state = .queued
        case .running:
            state = .running
        case .unknown:
            break
        }
        return continueOrTimeOut(now: now)
    }

    /// Reports that fetching the status failed at `now`. A `retryable` failure (the HTTP layer's retries
    /// exhausted on a transient error) keeps polling until the deadline; any other failure ends the poll
    /// with `error` (or a generic ``ExtractClientError/Code/http`` error naming the job).
    public mutating func pollFailed(retryable: Bool, error: (any Error)? = nil, at now: Instant) -> Action? {
        guard !state.isFinal else { return nil }
        let started = startedAt ?? now
        startedAt = started
        guard retryable else {
            state = .failed
            if let clientError = error as? ExtractClientError {
                var named = clientError
                named.jobURL = named.jobURL ?? job
                return .fail(named)
            }
            return .fail(
                ExtractClientError(
                    .http,
                    "polling extract job \(job.absoluteString) failed; resume polling it once the cause is fixed",
                    operation: "poll job",
                    jobURL: job,
                    underlying: error
                )
            )
        }
        return continueOrTimeOut(now: now)
    }

    private mutating func continueOrTimeOut(now: Instant) -> Action {
        let started = startedAt ?? now
        let elapsed = started.duration(to: now)
        if elapsed >= configuration.maximumWait {
            state = .timedOut
            return .fail(.pollTimeout(job: job, elapsed: elapsed, lastStatus: lastStatus?.word))
        }
        return .pollAfter(nextDelay(now: now))
    }

    /// The jittered interval, never past the deadline (so the last poll happens right at it).
    private mutating func nextDelay(now: Instant) -> Duration {
        let jitterMilliseconds = configuration.jitter.milliseconds
        let offset =
            jitterMilliseconds == 0 ? 0 : Int64.random(in: -jitterMilliseconds...jitterMilliseconds, using: &random)
        let delay = max(configuration.interval + .milliseconds(offset), Configuration.minimumInterval)
        let elapsed = (startedAt ?? now).duration(to: now)
        return max(.zero, min(delay, configuration.maximumWait - elapsed))
    }
}

/// Timing of a ``JobPoller``: interval, jitter and maximum wait.
///
/// ```swift
/// let quick = JobPollerConfiguration(interval: .seconds(10), jitter: .seconds(1), maximumWait: .seconds(600))
/// ```
public struct JobPollerConfiguration: Sendable, Hashable {
    /// The shortest poll interval allowed (§15): 5 s.
    public static let minimumInterval: Duration = .seconds(5)

    /// The time between polls, at least ``minimumInterval`` (default 30 s).
    public var interval: Duration
    /// Each wait is ``interval`` plus a uniform random offset in `-jitter...jitter` (default 3 s); the
    /// result never drops below ``minimumInterval``.
    public var jitter: Duration
    /// How long after ``JobPoller/start(at:)`` to give up with ``ExtractClientError/Code/pollTimeout``
    /// (default 1 h).
    public var maximumWait: Duration

    public init(
        interval: Duration = .seconds(30),
        jitter: Duration = .seconds(3),
        maximumWait: Duration = .seconds(3600)
    ) {
        self.interval = max(interval, Self.minimumInterval)
        self.jitter = max(.zero, jitter)
        self.maximumWait = max(.zero, maximumWait)
    }
}
