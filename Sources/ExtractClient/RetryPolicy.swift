import ExtractAPI

/// How often and how long to wait before resending a failed request: a small value the HTTP layer
/// consults through ``decide(attempt:outcome:isIdempotent:now:using:)``.
///
/// - ``default``: up to 3 retries; exponential backoff from 1 s (cap 60 s) with full jitter; 503 and
///   timeouts without `Retry-After` wait 5 minutes, as Concur prescribes; `Retry-After` honoured up to
///   15 minutes.
/// - ``none``: never retry.
/// - ``exponential(base:maximum:attempts:jitter:)``: backoff only, no fixed 5-minute waits (tests, tools).
///
/// ```swift
/// var random = SystemRandomNumberGenerator()
/// let decision = RetryPolicy.default.decide(
///     attempt: 1, outcome: .response(status: 503, headers: [("Retry-After", "120")]),
///     isIdempotent: true, now: Date(), using: &random)
/// // .retry(after: .seconds(120))
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// How a backoff delay is randomised.
    public enum Jitter: Sendable, Hashable {
        /// The full exponential delay, no randomness.
        case none
        /// A uniform delay between zero and the exponential delay ("full jitter").
        case full
    }

    /// The most attempts in total, the first one included (`1` means never retry).
    public var maximumAttempts: Int
    /// The backoff before the first retry; doubled for every further retry.
    public var baseDelay: Duration
    /// The longest backoff.
    public var maximumDelay: Duration
    /// How the backoff is randomised.
    public var jitter: Jitter
    /// The wait after a 503 or a timeout when the server gave no `Retry-After`; `nil` uses the backoff.
    public var unavailableDelay: Duration?
    /// The longest `Retry-After` honoured; longer values are cut to this.
    public var maximumRetryAfter: Duration

    public init(
        maximumAttempts: Int,
        baseDelay: Duration,
        maximumDelay: Duration,
        jitter: Jitter = .full,
        unavailableDelay: Duration? = nil,
        maximumRetryAfter: Duration = .seconds(15 * 60)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = max(.zero, baseDelay)
        self.maximumDelay = max(.zero, maximumDelay)
        self.jitter = jitter
        self.unavailableDelay = unavailableDelay.map { max(.zero, $0) }
        self.maximumRetryAfter = max(.zero, maximumRetryAfter)
    }

    /// Up to 3 retries, backoff 1 s … 60 s with full jitter, 5 minutes after a 503 or a timeout, `Retry-After`
    /// honoured up to 15 minutes.
    public static let `default` = RetryPolicy(
        maximumAttempts: 4,
        baseDelay: .seconds(1),
        maximumDelay: .seconds(60),
        jitter: .full,
        unavailableDelay: .seconds(5 * 60)
    )

    /// Never retry.
    public static let none = RetryPolicy(maximumAttempts: 1, baseDelay: .zero, maximumDelay: .zero, jitter: .none)

    /// Exponential backoff only: `base`, `2 × base`, … capped at `maximum`, for `attempts` attempts in total.
    ///
    /// ```swift
    /// let quick = RetryPolicy.exponential(base: .milliseconds(10), maximum: .seconds(1), attempts: 5)
    /// ```
    public static func exponential(
        base: Duration,
        maximum: Duration,
        attempts: Int,
        jitter: Jitter = .full
    ) -> RetryPolicy {
        RetryPolicy(maximumAttempts: attempts, baseDelay: base, maximumDelay: maximum, jitter: jitter)
    }

    /// The backoff before retry number `retry` (1-based), randomised per ``jitter``.
    ///
    /// ```swift
    /// var random = SystemRandomNumberGenerator()
    /// RetryPolicy.default.backoff(retry: 3, using: &random)   // between 0 and 4 s
    /// ```
    public func backoff(retry: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(retry - 1, 0), 62)
        let cap = maximumDelay.milliseconds
        let base = baseDelay.milliseconds
        // Saturating base × 2^exponent, then capped.
        let (scaled, overflow) = base.multipliedReportingOverflow(by: Int64(1) << exponent)
        let ceiling = overflow ? cap : min(scaled, cap)
        switch jitter {
        case .none: return .milliseconds(ceiling)
        case .full: return .milliseconds(ceiling <= 0 ? 0 : Int64.random(in: 0...ceiling, using: &random))
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down and saturating.
    var milliseconds: Int64 {
        let parts = components
        let (fromSeconds, overflow) = parts.seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return parts.seconds < 0 ? .min : .max }
        return fromSeconds + parts.attoseconds / 1_000_000_000_000_000
    }
}
