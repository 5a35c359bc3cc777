import AccountingExtract
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// The admin route `/_sandbox/fis/defect`: a READY expense document served without the GL account the journal
/// needs, kept across a restart and shown by the oracle; its resubmission is sound.
@Suite("FIS defective documents")
struct FISDefectTests {
    static let date = CalendarDate(year: 2026, month: 6, day: 5)

    @Test func aDefectiveDocumentIsServedUnpostableAndItsResubmissionIsSound() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fis-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let date = try #require(Self.date)
        let persisted: (inout SandboxConfiguration) -> Void = { $0.statePath = path }
        let (defective, report) = try await withFISSandbox(reports: 3, persisted) { sandbox in
            let token = try await sandbox.companyToken()
            let company = await sandbox.store.state.companies[0]
            let document = company.fisDocuments.expense[1]
            let answer = try await sandbox.admin(
                "/_sandbox/fis/defect",
                #"{"companyID":"\#(company.id)","docId":"\#(document.id)"}"#
            )
            #expect(answer.status == 200, "\(answer.text)")
            #expect(try JSONDecoder().decode(SandboxFISDocument.self, from: answer.data).defect == .missingAccount)
            // Every document of the page but the defective one builds a balanced journal.
            for transaction in try await sandbox.fisPage(token: token).documents {
                let content = try transaction.financialDocument()
                let build = Result { () throws(FISJournalError) in
                    try FISJournalBuilder().lines(for: content, docId: transaction.id, postingDate: date)
                }
                if transaction.id == document.id {
                    guard case .failure(let error) = build else {
                        Issue.record("the defective document built a journal")
                        continue
                    }
                    #expect(error.code == .missingAccount && error.field == "journalAccountCode")
                } else {
                    #expect((try? build.get())?.isEmpty == false)
                }
            }
            return (document.id, document.reportID)
        }
        try await withFISSandbox(reports: 3, persisted) { sandbox in
            let token = try await sandbox.companyToken()
            let company = await sandbox.store.state.companies[0]
            #expect(await sandbox.store.oracle().fisDocument(id: defective)?.defect == .missingAccount)
            // Refused: an unknown id (404), an invoice, a document no longer READY (409).
            let invoice = try #require(company.fisDocuments.first { $0.docType == .invoice })
            let acknowledged = company.fisDocuments.expense[0]
            _ = try await sandbox.acknowledge([acknowledged.id], systemID: "L", token: token)
            for (docId, status) in [("nope", 404), (invoice.id, 409), (acknowledged.id, 409)] {
                let answer = try await sandbox.admin(
                    "/_sandbox/fis/defect",
                    #"{"companyID":"\#(company.id)","docId":"\#(docId)"}"#
                )
                #expect(answer.status == status, "\(docId): \(answer.text)")
            }
            #expect(await sandbox.store.oracle().fisDocument(id: acknowledged.id)?.defect == nil)
            // Confirmed error, resubmitted: the new document is sound and builds its journal.
            _ = try await sandbox.acknowledge([defective], systemID: "L", token: token)
            _ = try await sandbox.confirmPosting([.error(defective)], systemID: "L", token: token)
            let fresh = try await sandbox.store.resubmitFISDocument(companyID: company.id, docID: defective)
            #expect(fresh.defect == nil)
            let page = try await sandbox.fisPage(token: token, query: "docId=\(report)")
            let again = try #require(page.documents.first { $0.id == fresh.id })
            #expect(
                (try? FISJournalBuilder().lines(for: again.financialDocument(), docId: again.id, postingDate: date))?
                    .isEmpty == false
            )
        }
    }
}
