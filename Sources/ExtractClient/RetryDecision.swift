/// What the HTTP layer does after a failed attempt, as decided by
/// ``RetryPolicy/decide(attempt:outcome:isIdempotent:now:using:)``.
///
/// ```swift
/// switch policy.decide(attempt: n, outcome: outcome, isIdempotent: false, now: Date(), using: &random) {
/// case .retry(let delay): try await clock.sleep(for: delay)            // then send again
/// case .verifyBeforeRetry(let delay): /* list jobs; adopt a new Queued/Running job, else retry */
/// case .giveUp(let reason): throw error                               // reason for the message
/// }
/// ```
public enum RetryDecision: Sendable, Hashable {
    /// Send the same request again after the delay.
    case retry(after: Duration)
    /// A non-idempotent request (starting a job) may or may not have reached the server. Do not resend it
    /// blindly: first list the definition's jobs and adopt a `Queued`/`Running` job started at or after the
    /// attempt; only when there is none, send it again after the delay.
    case verifyBeforeRetry(after: Duration)
    /// Stop and report the failure.
    case giveUp(Reason)

    /// Why retrying stops.
    public enum Reason: Sendable, Hashable {
        /// The failure is not transient (e.g. 400 without "request limit", 404, 409).
        case notRetryable
        /// The policy's attempts are used up.
        case attemptsExhausted
    }
}

/// What happened to one attempt: an HTTP answer or a transport failure.
///
/// ```swift
/// let outcome = RetryOutcome.response(status: 400, headers: [], body: "Number of requests exceeds the request limit")
/// let dropped = RetryOutcome.transport(.connectionReset)
/// ```
public enum RetryOutcome: Sendable {
    /// The server answered; `body` is the start of the body text (a few hundred characters are enough).
    case response(status: Int, headers: [(name: String, value: String)], body: String = "")
    /// No answer arrived.
    case transport(TransportFailure)

    /// Why no answer arrived.
    public enum TransportFailure: Sendable, Hashable {
        /// The connection could not be opened: the request was never sent.
        case connectionRefused
        /// The connection dropped after the request may have been sent.
        case connectionReset
        /// No answer within the timeout (the request may have been processed).
        case timeout
    }

    /// The value of the first header named `name` (case-insensitively).
    public func header(_ name: String) -> String? {
        guard case .response(_, let headers, _) = self else { return nil }
        return headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// How an outcome is treated before the policy's limits apply.
enum RetryClass: Sendable, Hashable {
    /// The server refused without processing (429, 503, 408, 400 "request limit") or the request was never
    /// sent (connection refused): safe to resend, whatever the method.
    case rejected
    /// The server may have processed the request (timeout, reset, 500/502/504, 400 deadlock): resend only
    /// idempotent requests.
    case ambiguous
    /// Resending cannot help.
    case permanent

    init(_ outcome: RetryOutcome) {
        switch outcome {
        case .transport(.connectionRefused): self = .rejected
        case .transport(.connectionReset), .transport(.timeout): self = .ambiguous
        case .response(let status, _, let body):
            switch status {
            case 408, 429, 503: self = .rejected
            case 500, 502, 504: self = .ambiguous
            case 400:
                let text = body.lowercased()
                if text.contains("request limit") {
                    self = .rejected
                } else if text.contains("deadlock") {
                    self = .ambiguous
                } else {
                    self = .permanent
                }
            default: self = .permanent
            }
        }
    }
}
