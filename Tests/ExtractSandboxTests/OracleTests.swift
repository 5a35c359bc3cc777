import AccountingExtract
import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// The oracle (which job extracted which report, who started it), the extra administrators that tell actors
/// apart, the "file served twice" fault, and cancelling stuck jobs.
@Suite("Oracle and chaos faults")
struct OracleTests {
    let key = ("X-Sandbox-Admin-Key", "test-admin-key")

    /// Adds an administrator over the admin route and returns a password-grant token for it.
    func administratorToken(_ sandbox: SandboxServer, username: String) async throws -> String {
        let company = await sandbox.store.state.companies[0]
        let added = try await HTTP.send(
            .POST,
            sandbox.base + "/_sandbox/users",
            headers: [key, ("Content-Type", "application/json")],
            body: Array(
                #"{"companyID": "\#(company.id)", "username": "\#(username)", "password": "pw-\#(username)"}"#.utf8
            )
        )
        #expect(added.status == 200, "\(added.text)")
        let answer = try await HTTP.token(
            sandbox.baseURL,
            TokenRequest(
                clientID: company.clients[0].id,
                clientSecret: company.clients[0].secret,
                grant: .password(username: username, password: "pw-\(username)", credentialType: nil)
            )
        )
        guard answer.status == 200 else { throw TestFailure("token for \(username): \(answer.status) \(answer.text)") }
        return try TokenResponse(json: answer.data).accessToken
    }

    func oracleOverHTTP(_ sandbox: SandboxServer) async throws -> SandboxOracle {
        let answer = try await HTTP.send(.GET, sandbox.base + "/_sandbox/oracle", headers: [key])
        guard answer.status == 200 else { throw TestFailure("oracle: \(answer.status) \(answer.text)") }
        let decoder = JSONDecoder()
        return try decoder.decode(SandboxOracle.self, from: answer.data)
    }

    @Test func everyReportIsExtractedByExactlyOneJobAndTheStarterIsKnown() async throws {
        try await withSandbox({ $0.minimumRunInterval = 0 }) { sandbox, clock in
            let definition = await sandbox.definition(.standardAccounting)
            let alice = try await administratorToken(sandbox, username: "alice@demo.example")
            let bob = try await administratorToken(sandbox, username: "bob@demo.example")
            var started: [String: String] = [:]  // job id → starter
            for round in 0..<4 {
                let (name, token) = round % 2 == 0 ? ("alice", alice) : ("bob", bob)
                let answer = try await HTTP.post(sandbox.jobsURL(definition), token: token)
                #expect(answer.status == 201)
                let job = try ExtractJob(xml: answer.data)
                started[job.id.lastPathComponent] = name
                clock.advance(by: 20)
                if round == 1 { try await sandbox.store.seedReports(count: 3) }
            }
            // an in-process start has no starter
            let inProcess = try await sandbox.store.startJob(
                companyID: await sandbox.store.state.companies[0].id,
                definitionID: definition.id
            )
            clock.advance(by: 20)

            let oracle = try await oracleOverHTTP(sandbox)
            #expect(oracle == (await sandbox.store.oracle()), "the route and the in-process API agree")
            #expect(oracle.jobs.count == 5)
            for job in oracle.jobs {
                if job.id == inProcess.id {
                    #expect(job.startedBy == nil)
                } else {
                    let name = try #require(started[job.id])
                    #expect(job.startedBy == "sandbox-client/\(name)@demo.example")
                }
                #expect(job.status == "Completed")
                #expect(job.batchID != nil && job.fileName != nil)
            }
            // Invariant: the jobs' report lists are disjoint, their union is every report extracted, and the
            // report → job map says the same.
            let company = await sandbox.store.state.companies[0]
            var seen: [String: String] = [:]
            for job in oracle.jobs {
                for report in job.reportIDs {
                    #expect(seen[report] == nil, "report \(report) extracted by \(seen[report] ?? "") and \(job.id)")
                    seen[report] = job.id
                }
            }
            #expect(Set(seen.keys) == Set(company.reports.map(\.id)))
            #expect(company.reports.count == 13)
            let reportsOnly = oracle.extractedBy[company.id]?.filter { seen[$0.key] != nil }
            #expect(reportsOnly == seen)
            // only the first job and the one after the reseeding extracted anything
            #expect(oracle.jobs.map(\.reportIDs.count) == [10, 0, 3, 0, 0])
        }
    }

    @Test func theOracleAndTheUsersRouteNeedTheAdminKey() async throws {
        try await withSandbox { sandbox, _ in
            #expect(try await HTTP.send(.GET, sandbox.base + "/_sandbox/oracle").status == 403)
            #expect(try await HTTP.send(.POST, sandbox.base + "/_sandbox/users").status == 403)
            let unknown = try await HTTP.send(
                .POST,
                sandbox.base + "/_sandbox/users",
                headers: [key],
                body: Array(#"{"companyID": "nope", "username": "x", "password": "y"}"#.utf8)
            )
            #expect(unknown.status == 404)
            let empty = try await HTTP.send(
                .POST,
                sandbox.base + "/_sandbox/users",
                headers: [key],
                body: Array(
                    #"{"companyID": "\#(await sandbox.store.state.companies[0].id)", "username": "", "password": "y"}"#
                        .utf8
                )
            )
            #expect(empty.status == 400)
        }
    }

    @Test func aFileServedTwiceRepeatsTheBytesAndExtractsNothing() async throws {
        try await withSandbox({ $0.minimumRunInterval = 0 }) { sandbox, clock in
            let token = try await sandbox.token().accessToken
            let definition = await sandbox.definition(.standardAccounting)
            // Before any file exists the fault changes nothing: a normal job.
            await sandbox.store.setFaults([SandboxFault(route: .startJob, kind: .fileServedTwice, count: 1)])
            let first = try ExtractJob(xml: try await HTTP.post(sandbox.jobsURL(definition), token: token).data)
            clock.advance(by: 20)
            try await sandbox.store.seedReports(count: 4)
            await sandbox.store.setFaults(
                try JSONDecoder().decode(
                    [SandboxFault].self,
                    from: Data(#"[{"route": "startJob", "kind": "fileServedTwice", "count": 1}]"#.utf8)
                )
            )
            let again = try ExtractJob(xml: try await HTTP.post(sandbox.jobsURL(definition), token: token).data)
            clock.advance(by: 20)
            let fresh = try await sandbox.token().accessToken
            let firstDone = try ExtractJob(xml: try await HTTP.get(first.statusLink.absoluteString, token: fresh).data)
            let againDone = try ExtractJob(xml: try await HTTP.get(again.statusLink.absoluteString, token: fresh).data)
            let firstFile = try await HTTP.get(try #require(firstDone.fileLink).absoluteString, token: fresh)
            let againFile = try await HTTP.get(try #require(againDone.fileLink).absoluteString, token: fresh)
            #expect(firstFile.status == 200 && againFile.status == 200)
            #expect(firstFile.body == againFile.body, "the same bytes, served a second time")
            #expect(againFile.header("Content-Disposition") == firstFile.header("Content-Disposition"))

            let oracle = await sandbox.store.oracle()
            let original = try #require(oracle.job(id: first.id.lastPathComponent))
            let repeated = try #require(oracle.job(id: again.id.lastPathComponent))
            #expect(original.redeliveryOf == nil && original.reportIDs.count == 10)
            #expect(repeated.redeliveryOf == original.id)
            #expect(repeated.reportIDs.isEmpty)
            #expect(repeated.batchID == original.batchID)
            // the 4 new reports are still waiting: the next normal job takes them, in a new batch
            #expect(await sandbox.store.state.companies[0].reportsReadyForExtract.count == 4)
            let next = try await sandbox.store.startJob(
                companyID: await sandbox.store.state.companies[0].id,
                definitionID: definition.id
            )
            clock.advance(by: 20)
            let third = try #require(await sandbox.store.oracle().job(id: next.id))
            #expect(third.reportIDs.count == 4)
            #expect(third.batchID != original.batchID)
            #expect(SandboxFault.Kind.fileServedTwice.isJobFault)
        }
    }

    @Test func cancellingFreesADefinitionBlockedByAStuckJob() async throws {
        try await withSandbox({ $0.minimumRunInterval = 0 }) { sandbox, clock in
            let token = try await sandbox.token().accessToken
            let definition = await sandbox.definition(.standardAccounting)
            await sandbox.store.setFaults([SandboxFault(route: .startJob, kind: .jobStuckInQueue, count: 1)])
            let stuck = try ExtractJob(xml: try await HTTP.post(sandbox.jobsURL(definition), token: token).data)
            clock.advance(by: 600)
            #expect(try await HTTP.post(sandbox.jobsURL(definition), token: token).status == 409)
            let cancelled = try await HTTP.send(.POST, sandbox.base + "/_sandbox/jobs/cancel", headers: [key])
            #expect(cancelled.status == 200)
            #expect(cancelled.text.contains(stuck.id.lastPathComponent))
            let job = try #require(await sandbox.store.oracle().job(id: stuck.id.lastPathComponent))
            #expect(job.status == "Failed" && job.failureReason == "cancelled by support" && job.reportIDs.isEmpty)
            #expect(await sandbox.store.state.companies[0].reportsReadyForExtract.count == 10)
            #expect(try await HTTP.post(sandbox.jobsURL(definition), token: token).status == 201)
            #expect(await sandbox.store.cancelActiveJobs().count == 1, "the new job was still queued")
            #expect(await sandbox.store.cancelActiveJobs().isEmpty, "nothing left to cancel")
        }
    }

    @Test func cancelEndsOnlyActiveMachines() {
        let t0 = Date(timeIntervalSince1970: 1_000)
        var queued = JobStateMachine(createdAt: t0, timing: JobTiming(queued: 1, running: 2), outcome: .stuckInQueue)
        let cancelled = queued.cancel(at: t0.addingTimeInterval(50))
        #expect(cancelled)
        #expect(queued.status == .failed && queued.stopTime == t0.addingTimeInterval(50))
        let later = queued.advance(to: t0.addingTimeInterval(100))
        #expect(later.isEmpty)
        var done = JobStateMachine(createdAt: t0, timing: JobTiming(queued: 1, running: 2), outcome: .complete)
        done.advance(to: t0.addingTimeInterval(10))
        let cancelledDone = done.cancel(at: t0.addingTimeInterval(20))
        #expect(!cancelledDone)
        #expect(done.status == .completed)
    }
}
