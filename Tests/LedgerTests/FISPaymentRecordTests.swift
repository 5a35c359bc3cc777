import Foundation
import Testing

@testable import Ledger

/// FIS payment confirmations are recorded before they are sent and never change, on SQLite and PostgreSQL.
@Suite struct FISPaymentRecordTests {
    static let docId = "f7a675d035bc44419cc0df2389c5b10c"

    static func payment(
        _ harness: StoreHarness,
        ref: String = "PAY-1",
        status: String = "CP",
        clearing: String = #"{"clearingAmount":10.5}"#
    ) -> FISPaymentRecord {
        FISPaymentRecord(
            company: "acme",
            docId: docId,
            paymentRef: ref,
            status: status,
            clearingJSON: clearing,
            recordedAt: harness.clock.now
        )
    }

    /// Recorded before sending, re-read unchanged from a second connection (a store reopened after a crash), the
    /// same content again is the same record, and the answer is stamped afterwards.
    @Test(arguments: StoreKind.tested) func recordedBeforeSendSurvivesReopening(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let record = Self.payment(harness)
            #expect(try await store.recordFISPayment(record) == record)
            let reopened = try await harness.openSecondStore()
            #expect(try await reopened.fisPayments(company: "acme", docId: Self.docId) == [record])
            #expect(try await reopened.recordFISPayment(record) == record)
            try await reopened.answerFISPayment(company: "acme", docId: Self.docId, paymentRef: "PAY-1", code: 0)
            let answered = try #require(try await store.fisPayments(company: "acme", docId: Self.docId).first)
            #expect(answered.answerCode == 0 && answered.answeredAt != nil && answered.hasSameContent(as: record))
            // Recording it again after the answer returns the answered record, unchanged.
            #expect(try await store.recordFISPayment(record) == answered)
            try await reopened.close()
        }
    }

    /// Different content under the same reference, and a second CP under another reference, are refused and
    /// change nothing; partial payments may be several; another company's document is its own.
    @Test(arguments: StoreKind.tested) func conflictsAreRefused(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let first = Self.payment(harness)
            try await store.recordFISPayment(first)
            for conflicting in [
                Self.payment(harness, clearing: #"{"clearingAmount":11}"#),
                Self.payment(harness, status: "PP"),
                Self.payment(harness, ref: "PAY-2"),
            ] {
                do {
                    try await store.recordFISPayment(conflicting)
                    Issue.record("\(conflicting) was recorded")
                } catch let refusal as LedgerError {
                    #expect(refusal.code == .confirmationConflict)
                    #expect(refusal.message.contains(Self.docId))
                }
            }
            #expect(try await store.fisPayments(company: "acme", docId: Self.docId) == [first])
            let partial1 = Self.payment(harness, ref: "PP-1", status: "PP")
            let partial2 = Self.payment(harness, ref: "PP-2", status: "PP")
            try await store.recordFISPayment(partial1)
            try await store.recordFISPayment(partial2)
            #expect(try await store.fisPayments(company: "acme", docId: Self.docId).count == 3)
            var other = first
            other.company = "globex"
            other.clearingJSON = "{}"
            #expect(try await store.recordFISPayment(other) == other)
            await #expect(throws: LedgerError.self) {
                try await store.answerFISPayment(company: "acme", docId: Self.docId, paymentRef: "nope", code: 0)
            }
        }
    }
}
