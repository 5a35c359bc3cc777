import AsyncHTTPClient
import ExtractAPI
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("FIS: faults, hostile input, persistence, switching a company")
struct FISRobustnessTests {
    @Test func faultsHitTheFISRoutesAsTheyHitExtract() async throws {
        try await withFISSandbox(reports: 3) { sandbox in
            let token = try await sandbox.companyToken()
            let id = await sandbox.store.state.companies[0].fisDocuments.expense[0].id
            await sandbox.store.setFaults([
                SandboxFault(route: .fisTransactions, kind: .serviceUnavailable(retryAfter: 7), count: 1),
                SandboxFault(route: .fisAcknowledgements, kind: .tooManyRequests(retryAfter: 3), count: 1),
                SandboxFault(route: .fisPostingConfirmations, kind: .dropConnection, count: 1),
                SandboxFault(route: .fisPaymentConfirmations, kind: .truncatedBody, count: 1),
            ])
            let down = try await HTTP.get(sandbox.fisURL(.transactions(.expense)), token: token)
            #expect(down.status == 503 && down.header("Retry-After") == "7")
            #expect(try FISErrorBody(json: down.data).message.contains("maintenance"))
            #expect(try await sandbox.fisPage(token: token).documents.count == 3)
            let limited = try await sandbox.fisPost(
                .acknowledgements(.expense),
                token: token,
                body: FISAcknowledgeRequest(ids: [id], systemId: "L")
            )
            #expect(limited.status == 429 && limited.header("Retry-After") == "3")
            #expect(
                await sandbox.store.state.companies[0].fisDocuments.expense[0].status == .ready,
                "a refused call changes nothing"
            )
            #expect(try await sandbox.acknowledge([id], systemID: "L", token: token).first?.code.code == 0)
            await #expect(throws: (any Error).self) {
                _ = try await sandbox.confirmPosting([.success(id)], systemID: "L", token: token)
            }
            #expect(await sandbox.store.state.companies[0].fisDocuments.expense[0].status == .acknowledged)
            #expect(try await sandbox.confirmPosting([.success(id)], systemID: "L", token: token).first?.code.code == 0)
            await #expect(throws: (any Error).self) {
                _ = try await sandbox.confirmPayment([.paid(id, ref: "R1")], systemID: "L", token: token)
            }
            // the truncated answer's work was done: the retry is answered "already exists" (NOOP)
            #expect(
                try await sandbox.confirmPayment([.paid(id, ref: "R1")], systemID: "L", token: token).first?.code.code
                    == 298
            )
            #expect(await sandbox.store.faultHitCounts == [1, 1, 1, 1])
        }
    }

    @Test func hostileBodiesAreRefusedWholeWithACode() async throws {
        try await withFISSandbox(reports: 2) { sandbox in
            let token = try await sandbox.companyToken()
            let url = sandbox.fisURL(.acknowledgements(.expense))
            for body in ["", "{", "[]", #"{"ids": "abc"}"#, #"{"ids": [1, 2]}"#, "\u{0}\u{1}", #"{"ids":[]"#] {
                let answer = try await HTTP.post(url, token: token, contentType: "application/json", body: body)
                #expect(answer.status == 400, "\(body.debugDescription)")
                #expect(answer.header("X-Sandbox-Error") == "malformed-body")
            }
            let posting = try await HTTP.post(
                sandbox.fisURL(.postingConfirmations(.expense)),
                token: token,
                contentType: "application/json",
                body:
                    #"{"systemId":"","postingConfirmations":[{"docId":"a","overallPostingStatusCode":"maybe","systemMessages":[]}]}"#
            )
            #expect(posting.status == 400)
            // over the batch limit: 400 batch-too-large, nothing applied
            let ids = await sandbox.store.state.companies[0].fisDocuments.expense.map(\.id)
            let many = FISAcknowledgeRequest(ids: ids + (0..<500).map { String(format: "%032x", $0) }, systemId: "L")
            let tooMany = try await sandbox.fisPost(.acknowledgements(.expense), token: token, body: many)
            #expect(tooMany.status == 400 && tooMany.header("X-Sandbox-Error") == "batch-too-large")
            #expect(try FISErrorBody(json: tooMany.data).message.contains("500"))
            #expect(await sandbox.store.state.companies[0].fisDocuments.expense.allSatisfy { $0.status == .ready })
            // over the body limit: 413
            let huge = #"{"ids":[""# + String(repeating: "a", count: 2 << 20) + #""]}"#
            #expect(try await HTTP.post(url, token: token, contentType: "application/json", body: huge).status == 413)
            // wrong method, unknown sub-route
            #expect(try await HTTP.get(url, token: token).status == 405)
            #expect(try await HTTP.post(sandbox.fisURL(.transactions(.expense)), token: token).status == 405)
            #expect(try await HTTP.get(sandbox.fisURL(.transactions(.expense)) + "/other", token: token).status == 404)
            // still serving
            #expect(try await sandbox.fisPage(token: token).documents.count == 2)
        }
    }

    @Test func fisStatePersistsAcrossARestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fis-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (id, report) = try await withFISSandbox(reports: 3, { $0.statePath = path }) { sandbox in
            let token = try await sandbox.companyToken()
            let document = await sandbox.store.state.companies[0].fisDocuments.expense[0]
            _ = try await sandbox.acknowledge([document.id], systemID: "L", token: token)
            _ = try await sandbox.confirmPosting([.success(document.id, number: "N-9")], systemID: "L", token: token)
            return (document.id, document.reportID)
        }
        try await withFISSandbox(reports: 3, { $0.statePath = path }) { sandbox in
            let token = try await sandbox.companyToken()
            let saved = try #require(await sandbox.store.oracle().fisDocument(id: id))
            #expect(saved.status == .postingConfirmedSuccess && saved.posting?.documentNumbers == ["N-9"])
            let page = try await sandbox.fisPage(token: token, query: "docId=\(report)&ignoreDocumentStatus=yes")
            #expect(page.documents.map(\.docStatus) == [.postingConfirmedSuccess])
            #expect(try await sandbox.fisReadyIDs(token: token).count == 2)
        }
    }

    @Test func switchingACompanySendsOnlyItsNewReportsToFIS() async throws {
        try await withSandbox { sandbox, _ in
            let company = await sandbox.store.state.companies[1]
            #expect(company.reportSource == .extract && company.fisDocuments.isEmpty)
            let switched = try await sandbox.admin(
                "/_sandbox/fis/source",
                #"{"companyID":"\#(company.id)","source":"fis"}"#
            )
            #expect(switched.status == 200)
            _ = try await sandbox.admin("/_sandbox/reports", #"{"companyID":"\#(company.id)","count":4}"#)
            let after = await sandbox.store.state.companies[1]
            #expect(after.fisDocuments.expense.count == 4)
            #expect(
                after.reportsReadyForExtract.count == company.reportsReadyForExtract.count,
                "in-flight reports stay on the extract"
            )
            #expect(Set(after.fisDocuments.expense.map(\.reportID)).isDisjoint(with: after.reportsReadyForExtract.map(\.id)))
            let token = try await sandbox.companyToken(company: 1)
            #expect(try await sandbox.fisReadyIDs(token: token) == after.fisDocuments.expense.map(\.id))
            // the demo company stays on Extract
            #expect(await sandbox.store.state.companies[0].fisDocuments.isEmpty)
            #expect(
                try await sandbox.admin("/_sandbox/fis/source", #"{"companyID":"nope","source":"fis"}"#).status == 404
            )
            #expect(
                try await sandbox.admin("/_sandbox/fis/source", #"{"companyID":"\#(company.id)","source":"sae"}"#)
                    .status == 400
            )
        }
    }

    @Test func theBannerOfAFISSandboxNamesEachCompanysUUIDAndRequestToken() async throws {
        try await withFISSandbox(reports: 2) { sandbox in
            let banner = await sandbox.banner(statePath: nil, adminRoutes: true)
            for company in await sandbox.store.state.companies {
                #expect(banner.contains(company.id) && banner.contains(company.requestToken))
            }
            #expect(banner.contains(FinancialIntegrationAPI.basePath))
        }
    }

    /// Found by Scripts/openapi-fuzz.sh's document bounds: `page=9223372036854775807` overflowed `page + 1` and
    /// crashed the sandbox. Every page and limit that fits an Int answers 200 (empty past the end, no `next`
    /// link past the last page), every one that does not answers 400, and the sandbox answers afterwards.
    @Test func pagesAndLimitsAtTheEdgesOfIntAnswerAndTheSandboxStaysUp() async throws {
        try await withFISSandbox(reports: 3) { sandbox in
            let token = try await sandbox.companyToken()
            let pages = ["0", "1", "2", "3", String(Int.max - 1), String(Int.max)]
            let limits = ["1", "2", "100", "101", String(Int.max)]
            for page in pages {
                for limit in limits {
                    let result = try await sandbox.fisPage(token: token, query: "page=\(page)&limit=\(limit)")
                    let number = try #require(Int(page))
                    let size = min(try #require(Int(limit)), 100)
                    #expect(result.documents.count <= size)
                    if let next = result.link(.next) {
                        #expect(number < Int.max && !result.documents.isEmpty, "next: \(next.href)")
                    }
                }
            }
            for query in ["page=9223372036854775808", "limit=9223372036854775808", "page=-1", "limit=0"] {
                let answer = try await HTTP.get(sandbox.fisURL(.transactions(.expense), query: query), token: token)
                #expect(answer.status == 400, "\(query): \(answer.status)")
            }
            #expect(try await sandbox.fisPage(token: token).documents.count == 3)
        }
    }
}
