import ExtractAPI
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("FIS lifecycle: codes for every wrong order, recall, resubmission, tenants")
struct FISLifecycleTests {
    @Test func eachWrongOrderGetsItsCodeInMixedBatches() async throws {
        try await withFISSandbox(reports: 5) { sandbox in
            let token = try await sandbox.companyToken()
            let ids = await sandbox.store.state.companies[0].fisDocuments.expense.map(\.id)
            let (a, b, c) = (ids[0], ids[1], ids[2])
            let unknown = String(repeating: "0", count: 32)
            // a batch mixes successes and failures; a repeated id in one batch is "previously acknowledged"
            let acks = try await sandbox.acknowledge([a, a, unknown, c], systemID: "LEDGER01", token: token)
            #expect(acks.map(\.code.code) == [0, 101, 104, 0])
            #expect(acks.map(\.acknowledgeResult) == [.success, .failure, .failure, .success])
            #expect(acks[1].errorMessage == "This document was previously acknowledged by SystemId: LEDGER01.")
            // a retry by the same system: 101 naming that system, so the client knows it is done
            let retry = try await sandbox.acknowledge([a], systemID: "LEDGER01", token: token)
            #expect(retry.first?.code == .previouslyAcknowledged && retry.first?.systemId == "LEDGER01")
            // acknowledging on the wrong type's path: 105
            #expect(
                try await sandbox.acknowledge([b], systemID: "LEDGER01", token: token, type: .invoice).first?.code.code
                    == 105
            )
            // posting: unacknowledged 111, other system 99, unknown 116, then success, then 113
            let posting = try await sandbox.confirmPosting(
                [.success(b), .success(unknown), .success(a, number: "DOC-A")],
                systemID: "LEDGER01",
                token: token
            )
            #expect(posting.map(\.code.code) == [111, 116, 0])
            #expect(posting[0].postingConfirmationResult == .notYetAcknowledged)
            #expect(posting[1].postingConfirmationResult == .failure)
            let other = try await sandbox.confirmPosting([.error(c)], systemID: "OTHER", token: token)
            #expect(other.first?.code == .systemIDMismatch)
            let twice = try await sandbox.confirmPosting([.error(a), .error(c)], systemID: "LEDGER01", token: token)
            #expect(twice.map(\.code.code) == [113, 0])
            // an invalid confirmation: 198
            let empty = FISPostingConfirmation(docId: b, overallPostingStatusCode: .success, postingDocs: [])
            #expect(
                try await sandbox.confirmPosting([empty], systemID: "", token: token).first?.code == .invalidRequest
            )
            // payment: before posting success 111/NOT_POSTING_CONFIRMED (c failed, b not acknowledged)
            let early = try await sandbox.confirmPayment(
                [.paid(c, ref: "P-C"), .paid(b, ref: "P-B")],
                systemID: "LEDGER01",
                token: token
            )
            #expect(early.map(\.code.code) == [111, 111])
            #expect(early.map(\.paymentConfirmationResult) == [.notPostingConfirmed, .notPostingConfirmed])
            // PP keeps the status, CP completes, the same paymentRef again is 298/NOOP, another CP 213
            let paid = try await sandbox.confirmPayment(
                [
                    .paid(a, .partiallyPaid, ref: "P-1"), .paid(a, ref: "P-2"), .paid(a, ref: "P-2"),
                    .paid(a, ref: "P-3"),
                    .paid(unknown, ref: "P-4"),
                ],
                systemID: "LEDGER01",
                token: token
            )
            #expect(paid.map(\.code.code) == [0, 0, 298, 213, 116])
            #expect(paid[2].paymentConfirmationResult == .noop && paid[2].paymentRef == "P-2")
            // cash advance payment confirmations do not exist
            let cash = try await HTTP.post(
                sandbox.fisURL(.paymentConfirmations(.cashAdvance)),
                token: token,
                contentType: "application/json",
                body: #"{"systemId":"","processingConfirmation":[]}"#
            )
            #expect(cash.status == 400)
            // the oracle saw exactly this
            let oracle = await sandbox.store.oracle()
            let docA = try #require(oracle.fisDocument(id: a))
            #expect(docA.status == .paymentConfirmedSuccess && docA.erpSystemID == "LEDGER01")
            #expect(docA.posting?.documentNumbers == ["DOC-A"] && docA.posting?.result == .success)
            #expect(docA.payments.map(\.status) == [.partiallyPaid, .completelyPaid])
            #expect(oracle.fisDocument(id: c)?.status == .postingConfirmedFailure)
            #expect(oracle.fisDocument(id: c)?.posting?.messages == ["Cost centre is not valid."])
            #expect(oracle.fisDocument(id: b)?.status == .ready)
        }
    }

    @Test func aRecalledDocumentLeavesTheQueueAndAFailedOneComesBackWithANewID() async throws {
        try await withFISSandbox(reports: 3) { sandbox in
            let token = try await sandbox.companyToken()
            let company = await sandbox.store.state.companies[0]
            let (recalled, failed) = (company.fisDocuments.expense[0], company.fisDocuments.expense[1])
            let recall = try await sandbox.admin(
                "/_sandbox/fis/recall",
                #"{"companyID":"\#(company.id)","docId":"\#(recalled.id)"}"#
            )
            #expect(recall.status == 200)
            #expect(!(try await sandbox.fisReadyIDs(token: token)).contains(recalled.id))
            #expect(try await sandbox.acknowledge([recalled.id], systemID: "L", token: token).first?.code.code == 102)
            #expect(
                try await sandbox.confirmPosting([.success(recalled.id)], systemID: "L", token: token).first?.code.code
                    == 112
            )
            // recalling twice, or an unknown id
            #expect(
                try await sandbox.admin(
                    "/_sandbox/fis/recall",
                    #"{"companyID":"\#(company.id)","docId":"\#(recalled.id)"}"#
                ).status == 409
            )
            #expect(
                try await sandbox.admin("/_sandbox/fis/recall", #"{"companyID":"\#(company.id)","docId":"nope"}"#)
                    .status == 404
            )
            // an error confirmation, then the customer resubmits: a NEW id for the SAME report, READY
            _ = try await sandbox.acknowledge([failed.id], systemID: "L", token: token)
            #expect(
                try await sandbox.admin(
                    "/_sandbox/fis/resubmit",
                    #"{"companyID":"\#(company.id)","docId":"\#(failed.id)"}"#
                ).status == 409
            )
            _ = try await sandbox.confirmPosting([.error(failed.id)], systemID: "L", token: token)
            let answer = try await sandbox.admin(
                "/_sandbox/fis/resubmit",
                #"{"companyID":"\#(company.id)","docId":"\#(failed.id)"}"#
            )
            #expect(answer.status == 200)
            let fresh = try JSONDecoder().decode(SandboxFISDocument.self, from: answer.data)
            #expect(fresh.id != failed.id && fresh.reportID == failed.reportID && fresh.status == .ready)
            #expect(fresh.resubmissionOf == failed.id)
            #expect(try await sandbox.fisReadyIDs(token: token).contains(fresh.id))
            let both = try await sandbox.fisPage(
                token: token,
                query: "docId=\(failed.reportID)&ignoreDocumentStatus=yes"
            )
            #expect(both.documents.map(\.id) == [failed.id, fresh.id])
            #expect(both.documents.map(\.docStatus) == [.postingConfirmedFailure, .ready])
            // the old id stays finished; the new one goes through the loop
            #expect(
                try await sandbox.confirmPosting([.success(failed.id)], systemID: "L", token: token).first?.code.code
                    == 113
            )
            #expect(try await sandbox.acknowledge([fresh.id], systemID: "L", token: token).first?.code.code == 0)
            // resubmitted once only
            #expect(
                try await sandbox.admin(
                    "/_sandbox/fis/resubmit",
                    #"{"companyID":"\#(company.id)","docId":"\#(failed.id)"}"#
                ).status == 409
            )
        }
    }

    @Test func oneCompanysTokenNeverSeesOrChangesAnothersDocuments() async throws {
        try await withFISSandbox(reports: 6) { sandbox in
            let demo = try await sandbox.companyToken(company: 0)
            let globex = try await sandbox.companyToken(company: 1)
            let demoIDs = await sandbox.store.state.companies[0].fisDocuments.expense.map(\.id)
            let globexIDs = await sandbox.store.state.companies[1].fisDocuments.expense.map(\.id)
            #expect(Set(demoIDs).isDisjoint(with: globexIDs))
            #expect(try await sandbox.fisReadyIDs(token: globex) == globexIDs)
            let demoReport = await sandbox.store.state.companies[0].fisDocuments.expense[0].reportID
            let demoCompanyID = await sandbox.store.state.companies[0].id
            // report ids are per company (both have R00000001): the same docId only ever answers the caller's own
            let sameReportID = try await sandbox.fisPage(
                token: globex,
                query: "docId=\(demoReport)&ignoreDocumentStatus=yes"
            )
            #expect(sameReportID.documents.allSatisfy { globexIDs.contains($0.id) && $0.companyUuid != demoCompanyID })
            #expect(
                try await sandbox.acknowledge(demoIDs, systemID: "G", token: globex).allSatisfy { $0.code.code == 104 }
            )
            #expect(
                try await sandbox.confirmPosting(demoIDs.map { .success($0) }, systemID: "G", token: globex).allSatisfy
                { $0.code.code == 116 }
            )
            #expect(
                try await sandbox.confirmPayment([.paid(demoIDs[0], ref: "X")], systemID: "G", token: globex).first?
                    .code.code == 116
            )
            #expect(await sandbox.store.state.companies[0].fisDocuments.expense.allSatisfy { $0.status == .ready })
            #expect(try await sandbox.fisReadyIDs(token: demo) == demoIDs)
        }
    }
}
