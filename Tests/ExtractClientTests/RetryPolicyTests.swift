import ExtractAPI
import ExtractSandbox
import Foundation
import Testing

@testable import ExtractClient

@Suite("RetryPolicy")
struct RetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_445_412_400)  // 2015-10-21T07:26:40Z

    func response(_ status: Int, _ body: String = "", retryAfter: String? = nil) -> RetryOutcome {
        .response(status: status, headers: retryAfter.map { [(name: "retry-after", value: $0)] } ?? [], body: body)
    }

    @Test("Which outcomes are retried, for idempotent and non-idempotent requests")
    func classification() {
        // (outcome, idempotent decision kind, non-idempotent decision kind)
        let table: [(RetryOutcome, String, String)] = [
            (response(503), "retry", "retry"),
            (response(429), "retry", "retry"),
            (response(408), "retry", "retry"),
            (response(400, "Number of requests exceeds the REQUEST LIMIT"), "retry", "retry"),
            (response(400, "Transaction was deadlocked: Deadlock victim"), "retry", "verify"),
            (response(400, "Invalid URI"), "notRetryable", "notRetryable"),
            (response(500), "retry", "verify"),
            (response(502), "retry", "verify"),
            (response(504), "retry", "verify"),
            (response(401), "notRetryable", "notRetryable"),
            (response(403), "notRetryable", "notRetryable"),
            (response(404), "notRetryable", "notRetryable"),
            (response(409), "notRetryable", "notRetryable"),
            (response(200), "notRetryable", "notRetryable"),
            (.transport(.connectionRefused), "retry", "retry"),
            (.transport(.connectionReset), "retry", "verify"),
            (.transport(.timeout), "retry", "verify"),
        ]
        for (outcome, idempotent, other) in table {
            var random = SeededRandomNumberGenerator(seed: 1)
            let policy = RetryPolicy.default
            #expect(
                kind(policy.decide(attempt: 1, outcome: outcome, isIdempotent: true, now: now, using: &random))
                    == idempotent,
                "\(outcome)"
            )
            #expect(
                kind(policy.decide(attempt: 1, outcome: outcome, isIdempotent: false, now: now, using: &random))
                    == other,
                "\(outcome)"
            )
        }
    }

    func kind(_ decision: RetryDecision) -> String {
        switch decision {
        case .retry: return "retry"
        case .verifyBeforeRetry: return "verify"
        case .giveUp(.notRetryable): return "notRetryable"
        case .giveUp(.attemptsExhausted): return "exhausted"
        }
    }

    @Test("Attempts are limited; none never retries")
    func attempts() {
        var random = SeededRandomNumberGenerator(seed: 2)
        let policy = RetryPolicy.default
        for attempt in 1...3 {
            #expect(
                kind(
                    policy.decide(
                        attempt: attempt,
                        outcome: response(429),
                        isIdempotent: true,
                        now: now,
                        using: &random
                    )
                ) == "retry"
            )
        }
        #expect(
            policy.decide(attempt: 4, outcome: response(429), isIdempotent: true, now: now, using: &random)
                == .giveUp(.attemptsExhausted)
        )
        #expect(
            policy.decide(attempt: 4, outcome: .transport(.timeout), isIdempotent: false, now: now, using: &random)
                == .giveUp(.attemptsExhausted)
        )
        #expect(
            RetryPolicy.none.decide(attempt: 1, outcome: response(503), isIdempotent: true, now: now, using: &random)
                == .giveUp(.attemptsExhausted)
        )
        #expect(
            RetryPolicy.none.decide(attempt: 1, outcome: response(404), isIdempotent: true, now: now, using: &random)
                == .giveUp(.notRetryable)
        )
        #expect(RetryPolicy.exponential(base: .seconds(1), maximum: .seconds(2), attempts: 0).maximumAttempts == 1)
    }

    @Test("Retry-After: delta-seconds and HTTP-date, capped")
    func retryAfterHonoured() {
        var random = SeededRandomNumberGenerator(seed: 3)
        let policy = RetryPolicy.default
        #expect(
            policy.decide(
                attempt: 1,
                outcome: response(503, retryAfter: "120"),
                isIdempotent: true,
                now: now,
                using: &random
            ) == .retry(after: .seconds(120))
        )
        #expect(
            policy.decide(
                attempt: 1,
                outcome: response(429, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"),
                isIdempotent: true,
                now: now,
                using: &random
            ) == .retry(after: .seconds(80))
        )
        #expect(
            policy.decide(
                attempt: 1,
                outcome: response(429, retryAfter: "86400"),
                isIdempotent: true,
                now: now,
                using: &random
            ) == .retry(after: .seconds(900))
        )
        #expect(
            policy.decide(
                attempt: 1,
                outcome: response(400, "request limit", retryAfter: "7"),
                isIdempotent: false,
                now: now,
                using: &random
            ) == .retry(after: .seconds(7))
        )
        #expect(
            policy.decide(
                attempt: 1,
                outcome: response(500, retryAfter: "7"),
                isIdempotent: false,
                now: now,
                using: &random
            ) == .verifyBeforeRetry(after: .seconds(7))
        )
    }

    @Test("503 and timeouts wait 5 minutes by default; other failures back off")
    func unavailableDelay() {
        var random = SeededRandomNumberGenerator(seed: 4)
        let policy = RetryPolicy.default
        #expect(
            policy.decide(attempt: 1, outcome: response(503), isIdempotent: true, now: now, using: &random)
                == .retry(after: .seconds(300))
        )
        #expect(
            policy.decide(attempt: 2, outcome: .transport(.timeout), isIdempotent: true, now: now, using: &random)
                == .retry(after: .seconds(300))
        )
        #expect(
            policy.decide(attempt: 1, outcome: .transport(.timeout), isIdempotent: false, now: now, using: &random)
                == .verifyBeforeRetry(after: .seconds(300))
        )
        // A garbage Retry-After is ignored.
        #expect(
            policy.decide(
                attempt: 1,
                outcome: response(503, retryAfter: "soon"),
                isIdempotent: true,
                now: now,
                using: &random
            ) == .retry(after: .seconds(300))
        )
        let quick = RetryPolicy.exponential(base: .seconds(1), maximum: .seconds(8), attempts: 10, jitter: .none)
        #expect(
            quick.decide(attempt: 1, outcome: response(503), isIdempotent: true, now: now, using: &random)
                == .retry(after: .seconds(1))
        )
        #expect(
            quick.decide(attempt: 3, outcome: .transport(.timeout), isIdempotent: true, now: now, using: &random)
                == .retry(after: .seconds(4))
        )
    }

    @Test("Backoff without jitter doubles up to the maximum, without overflow")
    func backoffExact() {
        var random = SeededRandomNumberGenerator(seed: 5)
        let policy = RetryPolicy.exponential(
            base: .milliseconds(500),
            maximum: .seconds(10),
            attempts: 100,
            jitter: .none
        )
        let expected: [Duration] = [
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10),
        ]
        for (index, delay) in expected.enumerated() {
            #expect(policy.backoff(retry: index + 1, using: &random) == delay)
        }
        #expect(policy.backoff(retry: 80, using: &random) == .seconds(10))
        #expect(policy.backoff(retry: 0, using: &random) == .milliseconds(500))
    }

    @Test("Full jitter stays in [0, cap], is reproducible per seed and spreads")
    func jitterBounds() {
        let policy = RetryPolicy.exponential(base: .seconds(1), maximum: .seconds(60), attempts: 10)
        var random = SeededRandomNumberGenerator(seed: 42)
        var seen = Set<Duration>()
        for retry in 1...8 {
            let cap = min(Duration.seconds(1 << (retry - 1)), .seconds(60))
            for _ in 0..<200 {
                let delay = policy.backoff(retry: retry, using: &random)
                #expect(delay >= .zero && delay <= cap)
                seen.insert(delay)
            }
        }
        #expect(seen.count > 500)
        var first = SeededRandomNumberGenerator(seed: 9)
        var second = SeededRandomNumberGenerator(seed: 9)
        let a = (1...20).map { policy.backoff(retry: $0 % 7 + 1, using: &first) }
        let b = (1...20).map { policy.backoff(retry: $0 % 7 + 1, using: &second) }
        #expect(a == b)
    }
}
