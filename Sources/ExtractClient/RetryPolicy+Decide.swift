import ExtractAPI
public import Foundation

extension RetryPolicy {
    /// Decides what to do after attempt number `attempt` (1 for the first try) ended in `outcome`.
    ///
    /// - Retried: 429, 503, 408, 500, 502, 504, the 400 whose body says "request limit" (case-insensitive) or
    ///   "deadlock", connection refused or reset, timeouts. Everything else gives up at once.
    /// - Wait: `Retry-After` (delta-seconds or HTTP-date, relative to `now`) when present, capped at
    ///   ``maximumRetryAfter``; otherwise ``unavailableDelay`` for a 503 or a timeout when set; otherwise the
    ///   jittered ``backoff(retry:using:)``.
    /// - Not idempotent (`POST …/job`): when the request may have been processed (timeout, reset, 5xx other than
    ///   503, deadlock) the answer is ``RetryDecision/verifyBeforeRetry(after:)``, never a blind retry. A
    ///   refusal that proves nothing was done (429, 503, 408, request limit, connection refused) is retried.
    ///
    /// Pure: the same inputs and generator state give the same decision.
    ///
    /// ```swift
    /// var random = SystemRandomNumberGenerator()
    /// RetryPolicy.default.decide(
    ///     attempt: 1, outcome: .transport(.timeout), isIdempotent: false, now: Date(), using: &random)
    /// // .verifyBeforeRetry(after: .seconds(300))
    /// ```
    public func decide(
        attempt: Int,
        outcome: RetryOutcome,
        isIdempotent: Bool,
        now: Date,
        using random: inout some RandomNumberGenerator
    ) -> RetryDecision {
        let retryClass = RetryClass(outcome)
        guard retryClass != .permanent else { return .giveUp(.notRetryable) }
        guard attempt < maximumAttempts else { return .giveUp(.attemptsExhausted) }
        let delay = delay(retry: max(attempt, 1), outcome: outcome, now: now, using: &random)
        if retryClass == .ambiguous && !isIdempotent { return .verifyBeforeRetry(after: delay) }
        return .retry(after: delay)
    }

    /// The wait before retry number `retry` after `outcome`.
    func delay(
        retry: Int,
        outcome: RetryOutcome,
        now: Date,
        using random: inout some RandomNumberGenerator
    ) -> Duration {
        if let header = outcome.header("Retry-After"), let asked = RetryAfter.delay(from: header, now: now) {
            return min(asked, maximumRetryAfter)
        }
        if let unavailableDelay {
            switch outcome {
            case .response(status: 503, _, _), .transport(.timeout): return unavailableDelay
            default: break
            }
        }
        return backoff(retry: retry, using: &random)
    }
}
