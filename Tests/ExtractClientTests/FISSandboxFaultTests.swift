import ExtractAPI
import ExtractTesting
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import ExtractClient
@testable import ExtractSandbox

/// What one run of a pipeline-like loop learnt (the `record`/`process` closures are `@Sendable`).
private actor Runs {
    var recorded: [String] = []
    var handed: [String] = []
    func record(_ ids: [String]) { recorded += ids.filter { !recorded.contains($0) } }
    func hand(_ ids: [String]) { handed += ids }
}

/// The FIS client against sandbox faults on the FIS routes (issue 12 item 1): retries, unknown outcomes, reruns,
/// and `next` links followed only on their origin.
@Suite("FIS client against sandbox faults")
struct FISSandboxFaultTests {
    @Test func withoutAcknowledgementsTheLoopPagesToTheEndOnItsOwnOrigin() async throws {
        let harness = try await FISSandboxFlowTests.start()
        defer { Task { await harness.stop() } }
        await harness.server.store.setFaults([
            SandboxFault(route: .fisAcknowledgements, kind: .serviceUnavailable(retryAfter: nil))
        ])
        let client = await FISSandboxFlowTests.client(harness)
        let settings = FISClientSettings(systemID: FISSandboxFlowTests.system, pageLimit: 5, batchSize: 5)
        let outcomes = try await client.acknowledgeReadyDocuments(.expense, settings: settings) { page in
            #expect(page.readyToPost.isEmpty)
        }
        let documents = await FISSandboxFlowTests.documents(harness, .expense)
        #expect(outcomes.map(\.docID) == documents.map(\.id), "every page read once along next")
        #expect(outcomes.allSatisfy { !$0.outcome.mayPost })
        #expect(documents.allSatisfy { $0.status == .ready })
    }

    /// Many seeds × random fault plans on the FIS routes: after the client's loop and reruns (re-acknowledging what
    /// it recorded but did not see acknowledged, resending what it did not see recorded), every document the oracle
    /// has is acknowledged by us and confirmed exactly once.
    @Test(arguments: Array(UInt64(1)...UInt64(8)))
    func everyDocumentIsAcknowledgedByUsAndConfirmedOnceWhateverTheFaults(seed: UInt64) async throws {
        let harness = try await FISSandboxFlowTests.start(reports: 10) { $0.seed = seed }
        defer { Task { await harness.stop() } }
        var random = SeededRandomNumberGenerator(seed: seed &* 7_919)
        let routes: [SandboxFault.Route] = [.fisTransactions, .fisAcknowledgements, .fisPostingConfirmations]
        let kinds: [SandboxFault.Kind] = [
            .serviceUnavailable(retryAfter: nil), .truncatedBody, .dropConnection, .tooManyRequests(retryAfter: nil),
        ]
        var plan: [SandboxFault] = []
        for route in routes where random.chance(0.8) {
            plan.append(
                SandboxFault(
                    route: route,
                    kind: random.pick(kinds),
                    probability: Double.random(in: 0.1...0.5, using: &random)
                )
            )
        }
        await harness.server.store.setFaults(plan)
        let client = await FISSandboxFlowTests.client(harness)
        let settings = FISClientSettings(systemID: FISSandboxFlowTests.system, pageLimit: 3, batchSize: 2)
        let runs = Runs()
        var ours = Set<String>()
        var confirmed = Set<String>()
        var accepted: [String: Int] = [:]
        for run in 0..<10 {
            if run == 8 { await harness.server.store.setFaults([]) }  // the reruns after the outage
            do {
                let outcomes = try await client.acknowledgeReadyDocuments(
                    .expense,
                    settings: settings,
                    record: { await runs.record($0.map(\.id)) },
                    process: { await runs.hand($0.readyToPost.map(\.id)) }
                )
                ours.formUnion(outcomes.filter { $0.outcome.mayPost }.map(\.docID))
            } catch {}
            // recorded but not seen acknowledged: acknowledge again (a replay answers 101 naming us)
            let pending = await runs.recorded.filter { !ours.contains($0) }
            if !pending.isEmpty {
                let again = try await client.acknowledge(pending, .expense, settings: settings)
                ours.formUnion(again.filter { $0.outcome.mayPost }.map(\.docID))
            }
            let unconfirmed = ours.sorted().filter { !confirmed.contains($0) }
            let results = try await client.confirmPostings(
                unconfirmed.map { FISSandboxFlowTests.success($0, number: "CE-\($0.prefix(8))") },
                .expense,
                settings: settings
            )
            for result in results {
                if case .accepted = result.outcome { accepted[result.docID, default: 0] += 1 }
                if result.outcome.isRecorded { confirmed.insert(result.docID) }
            }
        }
        let documents = await FISSandboxFlowTests.documents(harness, .expense)
        #expect(documents.count == 10)
        for document in documents {
            #expect(document.erpSystemID == FISSandboxFlowTests.system, "seed \(seed): \(document.id) not ours")
            #expect(document.status == .postingConfirmedSuccess, "seed \(seed): \(document.id) \(document.status)")
            #expect(document.posting?.documentNumbers == ["CE-\(document.id.prefix(8))"])
            #expect(accepted[document.id, default: 0] <= 1, "seed \(seed): \(document.id) accepted twice")
        }
        #expect(ours == Set(documents.map(\.id)) && confirmed == ours)
        let handed = await runs.handed
        #expect(Set(handed).count == handed.count, "seed \(seed): a document was handed on twice")
    }
}
