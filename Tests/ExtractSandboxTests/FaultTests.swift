import AccountingExtract
import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("Faults over HTTP")
struct FaultTests {
    @Test func serviceUnavailableWithAndWithoutRetryAfter() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token().accessToken
            await sandbox.store.setFaults([
                SandboxFault(route: .definitions, kind: .serviceUnavailable(retryAfter: 7), count: 1),
                SandboxFault(route: .definitions, kind: .serviceUnavailable(retryAfter: nil), skip: 1, count: 1),
            ])
            let first = try await HTTP.get(sandbox.definitionsURL, token: token)
            #expect(first.status == 503)
            #expect(first.header("Retry-After") == "7")
            #expect((try? ExtractErrorBody(xml: first.data)) != nil)
            let second = try await HTTP.get(sandbox.definitionsURL, token: token)
            #expect(second.status == 503)
            #expect(second.header("Retry-After") == nil)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 200)
        }
    }

    @Test func requestLimitAndTooManyRequests() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token().accessToken
            await sandbox.store.setFaults([
                SandboxFault(route: .any, kind: .requestLimit(retryAfter: 2), count: 1),
                SandboxFault(route: .any, kind: .tooManyRequests(retryAfter: 1), skip: 1, count: 1),
            ])
            let limit = try await HTTP.get(sandbox.definitionsURL, token: token, accept: "application/json")
            #expect(limit.status == 400)
            #expect(limit.header("Retry-After") == "2")
            #expect(try ExtractErrorBody(json: limit.data).isRetryableLater)
            let many = try await HTTP.get(sandbox.definitionsURL, token: token)
            #expect(many.status == 429)
            #expect(many.header("Retry-After") == "1")
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 200)
        }
    }

    @Test func slowAnswer() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token().accessToken
            await sandbox.store.setFaults([SandboxFault(route: .definitions, kind: .slow(milliseconds: 400), count: 1)])
            let start = ContinuousClock.now
            let answer = try await HTTP.get(sandbox.definitionsURL, token: token)
            #expect(answer.status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(400))
            // a client with a shorter timeout gives up
            await sandbox.store.setFaults([
                SandboxFault(route: .definitions, kind: .slow(milliseconds: 1_500), count: 1)
            ])
            await #expect(throws: (any Error).self) {
                _ = try await HTTP.send(
                    .GET,
                    sandbox.definitionsURL,
                    headers: [("Authorization", "Bearer \(token)")],
                    timeout: .milliseconds(300)
                )
            }
        }
    }

    @Test func droppedConnection() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token().accessToken
            await sandbox.store.setFaults([SandboxFault(route: .definitions, kind: .dropConnection, count: 1)])
            await #expect(throws: (any Error).self) {
                _ = try await HTTP.get(sandbox.definitionsURL, token: token)
            }
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 200)
        }
    }

    @Test func truncatedBody() async throws {
        try await withSandbox { sandbox, clock in
            let token = try await sandbox.token().accessToken
            let job = try ExtractJob(
                xml: try await HTTP.post(sandbox.jobsURL(await sandbox.definition(.standardAccounting)), token: token)
                    .data
            )
            clock.advance(by: 30)
            await sandbox.store.setFaults([SandboxFault(route: .jobFile, kind: .truncatedBody, count: 1)])
            await #expect(throws: (any Error).self) {
                _ = try await HTTP.get(job.id.absoluteString + "/file", token: token)
            }
            let whole = try await HTTP.get(job.id.absoluteString + "/file", token: token)
            #expect(whole.status == 200)
            #expect(SAEFile.check(reader: SAEReader(bytes: whole.body)).isValid)
        }
    }

    @Test func tokenExpiresMidJob() async throws {
        try await withSandbox { sandbox, clock in
            let token = try await sandbox.token().accessToken
            await sandbox.store.setFaults([SandboxFault(route: .startJob, kind: .tokenExpiresMidJob, count: 1)])
            let job = try ExtractJob(
                xml: try await HTTP.post(sandbox.jobsURL(await sandbox.definition(.standardAccounting)), token: token)
                    .data
            )
            #expect(try await HTTP.get(job.statusLink.absoluteString, token: token).status == 200)
            clock.advance(by: 6)  // the job is running now, and the token has expired
            let expired = try await HTTP.get(job.statusLink.absoluteString, token: token)
            #expect(expired.status == 403)
            let fresh = try await sandbox.token().accessToken
            let running = try ExtractJob(xml: try await HTTP.get(job.statusLink.absoluteString, token: fresh).data)
            #expect(running.status == .running)
        }
    }

    @Test func jobStuckInQueueAndFailingJob() async throws {
        try await withSandbox { sandbox, clock in
            let token = try await sandbox.token().accessToken
            try await sandbox.store.setFaults(
                JSONDecoder().decode(
                    [SandboxFault].self,
                    from: Data(
                        #"[{"route":"startJob","kind":"jobStuckInQueue","count":1},{"route":"startJob","kind":"jobFails","skip":1,"count":1}]"#
                            .utf8
                    )
                )
            )
            let stuck = try ExtractJob(
                xml: try await HTTP.post(sandbox.jobsURL(await sandbox.definition(.standardAccounting)), token: token)
                    .data
            )
            let failing = try ExtractJob(
                xml: try await HTTP.post(
                    sandbox.jobsURL(await sandbox.definition(.invoicePaymentRequest)),
                    token: token
                ).data
            )
            clock.advance(by: 3_000)
            let fresh = try await sandbox.token().accessToken
            #expect(
                try ExtractJob(xml: try await HTTP.get(stuck.statusLink.absoluteString, token: fresh).data).status
                    == .queued
            )
            #expect(
                try ExtractJob(xml: try await HTTP.get(failing.statusLink.absoluteString, token: fresh).data).status
                    == .failed
            )
            // the stuck job still blocks its definition
            #expect(
                try await HTTP.post(sandbox.jobsURL(await sandbox.definition(.standardAccounting)), token: fresh).status
                    == 409
            )
        }
    }

    @Test func wrongDataCenterOnTheTokenEndpoint() async throws {
        try await withSandbox { sandbox, _ in
            let elsewhere = sandbox.base.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            await sandbox.store.setFaults([
                SandboxFault(route: .token, kind: .wrongDataCenter(geolocation: elsewhere), count: 1)
            ])
            let credentials = sandbox.demoCredentials
            let request = TokenRequest(
                clientID: credentials.clientID,
                clientSecret: credentials.clientSecret,
                grant: .password(username: credentials.username, password: credentials.password, credentialType: nil)
            )
            let moved = try await HTTP.token(sandbox.baseURL, request)
            #expect(moved.status == 400)
            let failure = try OAuthErrorResponse(json: moved.data)
            #expect(failure.code == OAuthErrorResponse.Code.wrongDataCenter)
            let next = try #require(failure.geolocation)
            let answer = try await HTTP.token(next, request)
            #expect(answer.status == 200)
        }
    }

    @Test func faultsAreDeterministicUnderASeed() async throws {
        func run(seed: UInt64) async throws -> [Int] {
            try await withSandbox({ $0.seed = seed }) { sandbox, _ in
                let token = try await sandbox.token().accessToken
                await sandbox.store.setFaults([
                    SandboxFault(route: .definitions, kind: .serviceUnavailable(retryAfter: nil), probability: 0.5)
                ])
                var statuses: [Int] = []
                for _ in 0..<12 { statuses.append(try await HTTP.get(sandbox.definitionsURL, token: token).status) }
                return statuses
            }
        }
        let first = try await run(seed: 9)
        #expect(first == (try await run(seed: 9)))
        #expect(first.contains(503) && first.contains(200))
    }
}
