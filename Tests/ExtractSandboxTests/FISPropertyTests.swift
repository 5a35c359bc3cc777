import ExtractAPI
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("FIS: random operation sequences keep the oracle and GET consistent")
struct FISPropertyTests {
    @Test(arguments: Array(UInt64(1)...UInt64(6)))
    func randomValidAndInvalidOperationsKeepTheOracleConsistent(seed: UInt64) async throws {
        try await withFISSandbox(reports: 6, { $0.seed = seed }) { sandbox in
            var random = SeededRandomNumberGenerator(seed: seed &* 977)
            let tokens = [try await sandbox.companyToken(company: 0), try await sandbox.companyToken(company: 1)]
            let companyIDs = await sandbox.store.state.companies.map(\.id)
            let systems = ["A", "B", ""]
            var paymentNumber = 0
            for step in 0..<40 {
                let company = Int.random(in: 0...1, using: &random)
                let before = await sandbox.store.oracle()
                let own = before.fisDocuments[companyIDs[company]] ?? []
                let foreign = before.fisDocuments[companyIDs[1 - company]] ?? []
                // mostly the company's own documents, sometimes another tenant's or an unknown id
                let pool = own.map(\.id) + [foreign.first?.id ?? "f", String(repeating: "e", count: 32)]
                let ids = (0..<Int.random(in: 1...3, using: &random)).map { _ in random.pick(pool) }
                let system = random.pick(systems)
                let operation = Int.random(in: 0..<6, using: &random)
                var results: [(id: String, code: FISServiceCode, event: FISDocumentEvent)] = []
                switch operation {
                case 0:
                    let items = try await sandbox.acknowledge(ids, systemID: system, token: tokens[company])
                    results = items.map { ($0.docId, $0.code, .acknowledge) }
                case 1, 2:
                    let outcome: FISPostingStatusCode = operation == 1 ? .success : .error
                    let items = try await sandbox.confirmPosting(
                        ids.map { outcome == .success ? .success($0) : .error($0) },
                        systemID: system,
                        token: tokens[company]
                    )
                    results = items.map { ($0.docId, $0.code, .confirmPosting(outcome)) }
                case 3:
                    let status = random.pick(FISProcessingStatusCode.allCases)
                    let items = try await sandbox.confirmPayment(
                        ids.map { id in
                            paymentNumber += 1
                            return .paid(id, status, ref: "P\(paymentNumber)")
                        },
                        systemID: system,
                        token: tokens[company]
                    )
                    results = items.map { ($0.docId, $0.code, .confirmPayment(status)) }
                case 4:
                    let id = ids[0]
                    let answer = try await sandbox.admin(
                        "/_sandbox/fis/recall",
                        #"{"companyID":"\#(companyIDs[company])","docId":"\#(id)"}"#
                    )
                    results = [(id, answer.status == 200 ? .success : .unknownError, .recall)]
                default:
                    let id = ids[0]
                    let answer = try await sandbox.admin(
                        "/_sandbox/fis/resubmit",
                        #"{"companyID":"\#(companyIDs[company])","docId":"\#(id)"}"#
                    )
                    let old = own.first { $0.id == id }
                    let allowed = old.map { [.postingConfirmedFailure, .recalled].contains($0.status) } ?? false
                    let resubmitted = own.contains { $0.resubmissionOf == id }
                    #expect(
                        (answer.status == 200) == (allowed && !resubmitted),
                        "step \(step): resubmit \(answer.status)"
                    )
                }
                // every item's code agrees with the transition table, applied to the oracle's statuses in order
                var statuses = Dictionary(own.map { ($0.id, $0.status) }, uniquingKeysWith: { a, _ in a })
                for result in results {
                    guard let status = statuses[result.id] else {
                        #expect(!result.code.isSuccess, "step \(step): an id of no document of this tenant succeeded")
                        continue
                    }
                    if result.code.isSuccess, case .success(let next) = status.transition(result.event) {
                        statuses[result.id] = next
                    } else if result.code.isSuccess {
                        Issue.record("step \(step): \(result.id) succeeded where the table refuses \(result.event)")
                    }
                }
                let after = await sandbox.store.oracle()
                for document in after.fisDocuments[companyIDs[company]] ?? [] where statuses[document.id] != nil {
                    #expect(document.status == statuses[document.id], "step \(step): \(document.id)")
                }
                #expect(after.fisDocuments[companyIDs[1 - company]] == before.fisDocuments[companyIDs[1 - company]])
            }
            // GET answers what the oracle knows, for both tenants
            let oracle = await sandbox.store.oracle()
            for company in 0...1 {
                let documents = (oracle.fisDocuments[companyIDs[company]] ?? []).expense
                #expect(try await sandbox.fisReadyIDs(token: tokens[company]) == documents.filter(\.isReady).map(\.id))
                for reportID in Set(documents.map(\.reportID)) {
                    let page = try await sandbox.fisPage(
                        token: tokens[company],
                        query: "docId=\(reportID)&ignoreDocumentStatus=yes"
                    )
                    let expected = documents.filter { $0.reportID == reportID }
                    #expect(page.documents.map(\.id) == expected.map(\.id))
                    #expect(page.documents.map(\.docStatus) == expected.map(\.status))
                    #expect(page.documents.map(\.erpSystemId) == expected.map { $0.erpSystemID ?? "" })
                }
            }
        }
    }
}
