import AccountingExtract
import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("Admin routes")
struct AdminTests {
    let key = ("X-Sandbox-Admin-Key", "test-admin-key")

    @Test func offUnlessEnabledAndThenKeyed() async throws {
        try await withSandbox({ $0.adminKey = nil }) { sandbox, _ in
            let disabled = try await HTTP.send(.POST, sandbox.base + "/_sandbox/reset", headers: [key])
            #expect(disabled.status == 404)
        }
        try await withSandbox { sandbox, _ in
            let noKey = try await HTTP.send(.POST, sandbox.base + "/_sandbox/reset")
            #expect(noKey.status == 403)
            let wrongKey = try await HTTP.send(.POST, sandbox.base + "/_sandbox/reset", headers: [(key.0, "wrong")])
            #expect(wrongKey.status == 403)
            let state = try await HTTP.send(.GET, sandbox.base + "/_sandbox/state", headers: [key])
            #expect(state.status == 200)
            #expect(!state.text.contains(sandbox.demoCredentials.clientSecret))
            let unknown = try await HTTP.send(.GET, sandbox.base + "/_sandbox/nothing", headers: [key])
            #expect(unknown.status == 404)
        }
    }

    @Test func seedAdvanceFaultsAndReset() async throws {
        try await withSandbox { sandbox, clock in
            let before = clock.now
            let seeded = try await HTTP.send(
                .POST,
                sandbox.base + "/_sandbox/reports",
                headers: [key, ("Content-Type", "application/json")],
                body: Array(#"{"count": 5}"#.utf8)
            )
            #expect(seeded.status == 200)
            #expect(await sandbox.store.state.companies.allSatisfy { $0.reportsReadyForExtract.count == 15 })
            let ids = await sandbox.store.state.companies[0].reports.map(\.id)
            #expect(Set(ids).count == ids.count)

            let advanced = try await HTTP.send(
                .POST,
                sandbox.base + "/_sandbox/clock/advance",
                headers: [key],
                body: Array(#"{"seconds": 90}"#.utf8)
            )
            #expect(advanced.status == 200)
            #expect(clock.now == before.addingTimeInterval(90))

            let faults = try await HTTP.send(
                .PUT,
                sandbox.base + "/_sandbox/faults",
                headers: [key],
                body: Array(#"{"faults": [{"route": "definitions", "kind": "tooManyRequests", "count": 1}]}"#.utf8)
            )
            #expect(faults.status == 200)
            let token = try await sandbox.token().accessToken
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 429)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 200)
            let bad = try await HTTP.send(
                .PUT,
                sandbox.base + "/_sandbox/faults",
                headers: [key],
                body: Array("[{".utf8)
            )
            #expect(bad.status == 400)

            _ = try await HTTP.post(sandbox.jobsURL(await sandbox.definition(.standardAccounting)), token: token)
            let reset = try await HTTP.send(.POST, sandbox.base + "/_sandbox/reset", headers: [key])
            #expect(reset.status == 200)
            let state = await sandbox.store.state
            #expect(state.jobs.isEmpty && state.accessTokens.isEmpty)
            #expect(state.companies[0].reportsReadyForExtract.count == 10)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 403)
        }
    }

    @Test func advancingTheRealClockIsRefused() async throws {
        try await withSandbox({ $0.clock = SystemClock() }) { sandbox, _ in
            let answer = try await HTTP.send(.POST, sandbox.base + "/_sandbox/clock/advance?seconds=5", headers: [key])
            #expect(answer.status == 409)
        }
    }

    @Test func seedingIsDeterministic() async throws {
        var configuration = SandboxConfiguration()
        configuration.clock = SimulatedClock()
        let a = try await SandboxStore(configuration: configuration).state
        let b = try await SandboxStore(configuration: configuration).state
        #expect(a == b)
        #expect(a.companies[0].definitions.allSatisfy { $0.id.count == 34 })
        #expect(a.companies[0].definitions[0].name == "Standard Accounting Extract")
        configuration.seed = 2
        let c = try await SandboxStore(configuration: configuration).state
        #expect(c.companies[0].definitions != a.companies[0].definitions)
    }
}

@Suite("State file")
struct PersistenceTests {
    @Test func stateSurvivesARestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = SimulatedClock()
        var configuration = SandboxConfiguration()
        configuration.clock = clock
        configuration.statePath = path
        configuration.reportsPerCompany = 6

        let first = try await SandboxServer.start(configuration)
        let token = try await first.token()
        let definition = await first.definition(.standardAccounting)
        let job = try ExtractJob(xml: try await HTTP.post(first.jobsURL(definition), token: token.accessToken).data)
        clock.advance(by: 10)
        let file = try await HTTP.get(
            first.base
                + ExtractWire.Route.jobFile(definitionID: definition.id, jobID: try #require(job.route?.jobID)).path,
            token: token.accessToken
        )
        #expect(file.status == 200)
        await first.shutdown()

        let second = try await SandboxServer.start(configuration)
        let state = await second.store.state
        #expect(state.jobs.count == 1)
        #expect(state.companies[0].reportsReadyForExtract.isEmpty)
        let again = try await HTTP.get(
            second.base
                + ExtractWire.Route.jobFile(definitionID: definition.id, jobID: try #require(job.route?.jobID)).path,
            token: token.accessToken
        )
        #expect(again.status == 200)
        #expect(again.body == file.body)
        // the rotated refresh token of the first run still works
        let credentials = second.demoCredentials
        let refreshed = try await HTTP.token(
            second.baseURL,
            TokenRequest(
                clientID: credentials.clientID,
                clientSecret: credentials.clientSecret,
                grant: .refreshToken(try #require(token.refreshToken), scope: nil)
            )
        )
        #expect(refreshed.status == 200)
        await second.shutdown()
    }
}
