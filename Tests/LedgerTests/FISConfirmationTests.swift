import AccountingExtract
import Foundation
import Testing

@testable import Ledger

/// FIS posting confirmations are recorded before they are sent and never change, on SQLite and PostgreSQL.
@Suite struct FISConfirmationTests {
    static let date = CalendarDate(year: 2019, month: 6, day: 5)!

    static func success(_ harness: StoreHarness, number: String = "CE-1") -> FISConfirmationRecord {
        FISConfirmationRecord(
            company: "acme",
            docId: "f7a675d035bc44419cc0df2389c5b10c",
            result: .success,
            documentNumber: number,
            fiscalYear: 2019,
            postingDate: date,
            messagesJSON: "[]",
            recordedAt: harness.clock.now
        )
    }

    /// Recorded before sending, re-read unchanged from another connection (a store reopened after a crash), and
    /// answered afterwards.
    @Test(arguments: StoreKind.tested) func recordedBeforeSendSurvivesReopening(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let record = Self.success(harness)
            let stored = try await store.recordFISConfirmation(record)
            #expect(stored == record)
            let reopened = try await harness.openSecondStore()
            let reread = try await reopened.fisConfirmation(company: "acme", docId: record.docId)
            #expect(reread == record)
            // The same content again (a rerun after a crash) is the same record.
            #expect(try await reopened.recordFISConfirmation(record) == record)
            try await reopened.answerFISConfirmation(company: "acme", docId: record.docId, code: 0)
            let answered = try await store.fisConfirmation(company: "acme", docId: record.docId)
            #expect(answered?.answerCode == 0 && answered?.answeredAt != nil && answered?.hasSameContent(as: record) == true)
            try await reopened.close()
        }
    }

    /// A second confirmation of the same document with different content is refused, and the first stays.
    @Test(arguments: StoreKind.tested) func differentContentIsRefused(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, harness in
            let record = Self.success(harness)
            try await store.recordFISConfirmation(record)
            var error = record
            error.result = .error
            error.documentNumber = nil
            error.messagesJSON = #"[{"messageShortText":"cannot be balanced"}]"#
            for different in [error, Self.success(harness, number: "CE-2")] {
                await #expect(throws: LedgerError.self) { try await store.recordFISConfirmation(different) }
                do {
                    try await store.recordFISConfirmation(different)
                } catch let refusal as LedgerError {
                    #expect(refusal.code == .confirmationConflict)
                }
            }
            #expect(try await store.fisConfirmation(company: "acme", docId: record.docId) == record)
            // Another company's document of the same id is its own.
            var other = error
            other.company = "globex"
            #expect(try await store.recordFISConfirmation(other) == other)
            await #expect(throws: LedgerError.self) {
                try await store.answerFISConfirmation(company: "acme", docId: "unknown", code: 0)
            }
        }
    }

    /// The ledger's document number, fiscal year and posting date of a loaded FIS document come from its batch.
    @Test(arguments: StoreKind.tested) func postingReferenceFromTheBatch(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let docId = "e7f810cabc8348cdb051dd9431c8cfbb"
            #expect(try await store.fisPostingReference(company: "acme", docId: docId) == nil)
            let batch = LedgerBatch(
                batchID: FISJournalBuilder.batchID(docId: docId),
                batchDate: Self.date,
                sha256: String(repeating: "a", count: 64),
                fileName: docId + ".json",
                headerRecordCount: 0,
                headerTotal: .zero,
                company: "acme",
                jobID: docId
            )
            _ = try await store.load(batch, lines: [JournalLine]())
            let reference = try #require(try await store.fisPostingReference(company: "acme", docId: docId))
            #expect(reference.documentNumber.hasPrefix("CE-") && reference.fiscalYear == 2019 && reference.postingDate == Self.date)
            #expect(try await store.fisPostingReference(company: "acme", docId: docId) == reference, "stable")
        }
    }
}
