import ExtractAPI
import Foundation
import Testing

@testable import ExtractClient

@Suite("ExtractClientError")
struct ExtractClientErrorTests {
    @Test("Codes are stable strings")
    func codes() {
        let table: [(ExtractClientError.Code, String)] = [
            (.unauthorized, "unauthorized"), (.notAuthenticated, "not-authenticated"),
            (.refreshTokenExpired, "refresh-token-expired"), (.jobFailed, "job-failed"),
            (.pollTimeout, "poll-timeout"), (.rateLimited, "rate-limited"), (.http, "http"),
            (.transport, "transport"), (.decoding, "decoding"), (.tooSoon, "too-soon"),
            (.unsafeArchive, "unsafe-archive"), (.download, "download"), (.persistence, "persistence"),
            (.insecureFile, "insecure-file"), (.invalidConfiguration, "invalid-configuration"),
        ]
        for (code, raw) in table {
            #expect(code.rawValue == raw)
            #expect(ExtractClientError.Code(rawValue: raw) == code)
        }
        #expect(Set(table.map(\.1)).count == table.count)
    }

    @Test("Code 108 message tells a person what to do")
    func refreshExpiredMessage() {
        let error = ExtractClientError.refreshTokenExpired(statusCode: 400, correlationID: "c-1")
        #expect(error.code == .refreshTokenExpired)
        #expect(
            error.message
                == "the company's refresh token is expired or invalid: issue a new company request token in Concur "
                + "and run `concur-extract login`"
        )
        #expect(error.description.contains("refresh-token-expired"))
        #expect(error.description.contains("HTTP 400"))
        #expect(error.description.contains("correlation id c-1"))
        #expect(error.description.hasPrefix("refresh token: "))
    }

    @Test("Description lists context and the cause")
    func description() {
        let cause = OAuthErrorResponse(error: "invalid_grant", code: 108)
        let error = ExtractClientError(
            .http,
            "boom",
            statusCode: 500,
            operation: "list jobs",
            underlying: cause
        )
        #expect(error.description == "list jobs: boom [http, HTTP 500] (caused by: invalid_grant (code 108))")
        #expect(ExtractClientError(.decoding, "bad").description == "bad [decoding]")
    }

    @Test("Job errors name the job and the elapsed time")
    func jobErrors() throws {
        let job = try #require(URL(string: "https://us.api.concursolutions.com/api/expense/extract/v1.0/D/job/J"))
        let failed = ExtractClientError.jobFailed(job: job, elapsed: .seconds(95))
        #expect(failed.code == .jobFailed)
        #expect(failed.jobURL == job)
        #expect(failed.message.contains(job.absoluteString))
        #expect(failed.message.contains("95 s"))
        let timeout = ExtractClientError.pollTimeout(job: job, elapsed: .seconds(3600), lastStatus: "Running")
        #expect(timeout.code == .pollTimeout)
        #expect(timeout.message.contains(job.absoluteString))
        #expect(timeout.message.contains("3600 s"))
        #expect(timeout.message.contains("Running"))
        #expect(timeout.isTransient)
        #expect(!failed.isTransient)
    }

    @Test("Too soon names the next allowed time")
    func tooSoon() {
        let last = Date(timeIntervalSince1970: 1_714_641_300)  // 2024-05-02T09:15:00Z
        let error = ExtractClientError.tooSoon(
            definition: "SAE",
            lastRun: last,
            nextAllowed: last.addingTimeInterval(3600)
        )
        #expect(error.message.contains("2024-05-02T09:15:00Z"))
        #expect(error.message.contains("2024-05-02T10:15:00Z"))
        #expect(error.notBefore == last.addingTimeInterval(3600))
    }
}
