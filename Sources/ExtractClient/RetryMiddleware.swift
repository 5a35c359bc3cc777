import AccountingExtract
import ExtractAPI
import Foundation
import Logging
import Synchronization

/// Sends again as the ``RetryPolicy`` decides, after transport failures and retryable answers; asks the
/// request's ``ExtractHTTPRequest/verify`` before resending an ambiguous non-idempotent request. Returns only a
/// 2xx answer; anything else ends in an ``ExtractClientError`` that says what happened.
struct RetryMiddleware: ExtractMiddleware {
    let policy: RetryPolicy
    let random: LockedRandom
    let sleep: @Sendable (Duration) async throws -> Void
    let logger: Logger
    /// Where the start window and `Retry-After` dates are compared with the time.
    let clock: any WallClock
    /// Where each attempt and retry is counted.
    var metrics = ClientMetrics()

    func intercept(_ request: ExtractHTTPRequest, next: ExtractPipeline.Next) async throws -> ExtractHTTPResponse {
        var policy = self.policy
        if let cap = request.maximumAttempts { policy.maximumAttempts = max(1, min(policy.maximumAttempts, cap)) }
        let operation = request.operation
        var attempt = 0
        // Whether an attempt may have been carried out unseen (no answer, or a 5xx other than 503).
        var uncertain = false
        while true {
            attempt += 1
            if let sendBefore = request.sendBefore, clock.now >= sendBefore {
                let earlier =
                    attempt == 1
                    ? "nothing was sent"
                    : uncertain
                        ? "whether one of the \(attempt - 1) earlier attempts started a job is unknown: the next run decides"
                        : "the \(attempt - 1) earlier attempts were refused"
                var error = ExtractClientError(
                    .startWindowClosed,
                    "\(operation): not sent, the start window closed at \(ExtractTimestamp(sendBefore)); \(earlier)",
                    operation: operation
                )
                error.tookNoEffect = !uncertain
                throw error
            }
            try await request.willSend?()
            let outcome: RetryOutcome
            var answer: ExtractHTTPResponse?
            var failure: (any Error)?
            do {
                let response = try await next(request)
                metrics.attempt(request, status: response.status)
                if response.isSuccess { return response }
                answer = response
                outcome = response.outcome
                if response.status >= 500 && response.status != 503 { uncertain = true }
            } catch {
                metrics.attempt(request, status: nil)
                guard let kind = ExtractHTTP.transportFailure(error) else {
                    throw ExtractHTTP.unexpected(error, operation: operation, url: request.url)
                }
                logger.warning(
                    "\(operation): \(ExtractHTTP.describe(error).debugEscaped)",
                    metadata: ["attempt": "\(attempt)"]
                )
                outcome = .transport(kind)
                failure = error
                uncertain = true
            }
            let decision = random.use {
                policy.decide(
                    attempt: attempt,
                    outcome: outcome,
                    isIdempotent: request.idempotent,
                    now: clock.now,
                    using: &$0
                )
            }
            switch decision {
            case .retry(let delay):
                metrics.retry(request, status: answer?.status)
                logger.notice("\(operation): retrying", metadata: ["after": "\(delay)", "attempt": "\(attempt)"])
                try await sleep(delay)
            case .verifyBeforeRetry(let delay):
                if let verify = request.verify, let found = try await verify() {
                    throw ResolvedByVerification(value: found)
                }
                metrics.retry(request, status: answer?.status)
                try await sleep(delay)
            case .giveUp:
                var error = Self.failure(operation, url: request.url, answer: answer, error: failure, attempts: attempt)
                error.tookNoEffect = !uncertain
                throw error
            }
        }
    }

    /// The error for a request that will not be retried: the answer's status and (escaped) message, or what
    /// happened on the network.
    static func failure(
        _ operation: String,
        url: URL,
        answer: ExtractHTTPResponse?,
        error: (any Error)?,
        attempts: Int
    ) -> ExtractClientError {
        guard let answer else {
            let times = "after \(attempts) attempt\(attempts == 1 ? "" : "s")"
            if var error = error as? ExtractClientError {
                error.message += " (\(times))"
                return error
            }
            if let error, var refused = ExtractHTTP.cannotConnect(error, url: url, operation: operation) {
                refused.message += " (\(times))"
                return refused
            }
            return ExtractClientError(
                .transport,
                "\(error.map(ExtractHTTP.describe) ?? "no answer") \(times); check the network and try again",
                operation: operation,
                underlying: error.map(ExtractClientError.scrubbed)
            )
        }
        let message = (try? answer.decode(ExtractErrorBody.self, expecting: .xml))?.message ?? answer.bodySnippet
        let code: ExtractClientError.Code
        switch answer.status {
        case 401, 403: code = .unauthorized
        case 429, 503: code = .rateLimited
        case 400 where message.lowercased().contains("request limit"): code = .rateLimited
        default: code = .http
        }
        let hint: String
        switch answer.status {
        case 404: hint = " (unknown definition or job, or a file asked for before the job completed)"
        case 401, 403:
            hint =
                "; Concur refused the stored token (expired, revoked, another company's, or without the EXTRCT scope):"
                + " run `concur-extract login`"
        default: hint = ""
        }
        return ExtractClientError(
            code,
            "HTTP \(answer.status): \(message.debugEscaped)\(hint)",
            statusCode: answer.status,
            operation: operation,
            correlationID: answer.correlationID?.debugEscaped
        )
    }
}

/// The client's one generator, shared by its calls (retry and poll jitter): a seeded one keeps the decisions
/// reproducible.
final class LockedRandom: RandomNumberGenerator, Sendable {
    private let generator: Mutex<AnyRandomNumberGenerator>

    init(_ base: some RandomNumberGenerator & Sendable) { generator = Mutex(AnyRandomNumberGenerator(base)) }

    func use<T: Sendable>(_ body: (inout AnyRandomNumberGenerator) -> T) -> T {
        generator.withLock { body(&$0) }
    }

    func next() -> UInt64 { use { $0.next() } }
}
