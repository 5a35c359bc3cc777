import Foundation
import Testing

/// `demo --source fis`: the FIS loop end to end against the embedded sandbox, then a second run that changes
/// nothing (issue 12 item 6).
@Suite struct DemoFISCommandTests {
    struct Output: Decodable {
        struct Report: Decodable {
            struct Journey: Decodable {
                var docId: String
                var reportID: String
                var docType: String
                var steps: [String]
                var status: String
                var messages: String?
                var resubmissionOf: String?
            }
            struct Payments: Decodable {
                struct Item: Decodable {
                    var outcome: String
                    var docId: String
                    var status: String
                }
                var items: [Item]
            }
            var documents: [Journey]
            var payments: Payments?
        }
        var ledger: String
        var report: Report
    }

    static func run(_ data: String) async throws -> Output {
        let outcome = try await CLIRunner.run([
            "demo", "--source", "fis", "--data-dir", data, "--reports", "4", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        return try JSONDecoder().decode(Output.self, from: Data(outcome.standardOutput.utf8))
    }

    @Test func journeysThenASecondRunChangesNothing() async throws {
        let data = try CLIRunner.temporaryDirectory()
        let first = try await Self.run(data)
        let journeys = first.report.documents
        #expect(journeys.filter { $0.docType == "expense" }.count == 5, "4 reports and one resubmission")
        // Exactly one error confirmation, never posted, resubmitted as a new document of the same report that posted.
        let failed = journeys.filter { $0.steps.contains("confirmed error") }
        #expect(failed.count == 1)
        let failure = try #require(failed.first)
        #expect(
            !failure.steps.contains { $0.hasPrefix("posted") }
                && failure.messages?.contains("journalAccountCode") == true
        )
        let again = try #require(journeys.first { $0.resubmissionOf == failure.docId })
        #expect(again.reportID == failure.reportID && again.docId != failure.docId)
        #expect(failure.steps.contains { $0.hasPrefix("resubmitted as \(again.docId.prefix(12))") })
        // Every other document: ready → acknowledged → posted → confirmed success → paid, each once.
        for journey in journeys where journey.docId != failure.docId {
            #expect(Array(journey.steps.prefix(2)) == ["ready", "acknowledged"])
            #expect(journey.steps.filter { $0.hasPrefix("posted CE-") }.count == 1, "\(journey.steps)")
            #expect(journey.steps.contains("confirmed success"))
            // Payment confirmations are for expense documents only.
            #expect(journey.steps.filter { $0.hasPrefix("paid ") }.count == (journey.docType == "expense" ? 1 : 0))
            if journey.steps.contains(where: { $0.hasPrefix("paid CP") }) {
                #expect(journey.status.hasPrefix("PAYMENT_CONFIRMED") || journey.status == "PAID", "\(journey.status)")
            }
        }
        #expect(first.report.payments?.items.map(\.outcome) == Array(repeating: "sent", count: 4))
        #expect(first.report.payments?.items.last?.status == "PP")

        let second = try await Self.run(data)
        #expect(second.report.documents.map(\.steps) == journeys.map(\.steps))
        #expect(second.report.payments?.items.allSatisfy { $0.outcome == "already-confirmed" } == true)
    }
}
