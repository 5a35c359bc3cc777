import ExtractAPI
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("FIS routes: paging, format, docId, authorization")
struct FISRoutesTests {
    @Test func pagingWalksEveryReadyDocumentOnceWithRightLinksAndTotals() async throws {
        try await withFISSandbox(reports: 30) { sandbox in
            let token = try await sandbox.companyToken()
            let expected = await sandbox.store.state.companies[0].fisDocuments.expense.map(\.id)
            #expect(expected.count == 30)
            for limit in [1, 7, 25, 30, 31] {
                var seen: [String] = []
                var url: String? = sandbox.fisURL(.transactions(.expense), query: "limit=\(limit)")
                var pages = 0
                while let next = url, pages < 40 {
                    let page = try FISTransactionPage(json: try await HTTP.get(next, token: token).data)
                    guard case .links(let links, let meta) = page.paging else { throw TestFailure("no links") }
                    #expect(meta.size == Int64(limit) && meta.totalElements == 30 && meta.number == Int64(pages))
                    #expect(meta.totalPages == Int64((30 + limit - 1) / limit))
                    #expect(Set(links.map(\.rel)).isSuperset(of: ["first", "self", "last"]))
                    #expect(page.link(.self)?.href.contains("page=\(pages)") == true)
                    #expect(page.link(.first)?.href.contains("page=0") == true)
                    #expect(page.link(.last)?.href.contains("page=\(meta.totalPages - 1)") == true)
                    #expect((page.link(.next) == nil) == (pages + 1 == Int(meta.totalPages)))
                    #expect(page.documents.count <= limit)
                    seen += page.documents.map(\.id)
                    url = page.link(.next)?.href
                    pages += 1
                }
                #expect(seen == expected, "limit \(limit): sum of pages is every document, in creation order")
            }
            // default limit 25; beyond the end: empty content
            let first = try await sandbox.fisPage(token: token)
            #expect(first.documents.count == 25)
            let past = try await sandbox.fisPage(token: token, query: "page=9")
            #expect(past.documents.isEmpty && past.link(.next) == nil)
            // a limit over 100 is capped; bad values are refused
            guard case .links(_, let capped) = try await sandbox.fisPage(token: token, query: "limit=5000").paging
            else {
                throw TestFailure("no page")
            }
            #expect(capped.size == 100)
            for bad in ["limit=0", "limit=-3", "limit=x", "page=-1", "page=1.5", "ignoreDocumentStatus=maybe"] {
                let answer = try await HTTP.get(sandbox.fisURL(.transactions(.expense), query: bad), token: token)
                #expect(answer.status == 400, "\(bad)")
                #expect(try FISErrorBody(json: answer.data).message.isEmpty == false)
            }
            // a type the sandbox never generates exists and is empty; an unknown one is 400
            let payroll = try await HTTP.get(sandbox.fisURL(.transactions(.payroll)), token: token)
            #expect(payroll.status == 200)
            #expect(try FISTransactionPage(json: payroll.data).documents.isEmpty)
            let unknown = try await HTTP.get(
                sandbox.base + FinancialIntegrationAPI.basePath + "/expenses/transactions",
                token: token
            )
            #expect(unknown.status == 400 && unknown.header("X-Sandbox-Error") == "unknown-document-type")
        }
    }

    @Test func documentFormatAsTextSendsTheSameDocumentAsAJSONString() async throws {
        try await withFISSandbox(reports: 5) { sandbox in
            let token = try await sandbox.companyToken()
            let objects = try await sandbox.fisPage(token: token)
            let json = try await sandbox.fisPage(token: token, format: "JSON")
            let texts = try await sandbox.fisPage(token: token, format: "text")
            #expect(objects == json)
            #expect(objects.documents.count == 5 && texts.documents.count == 5)
            for (object, text) in zip(objects.documents, texts.documents) {
                guard case .object = object.document, case .text(let string) = text.document else {
                    throw TestFailure("json must give an object and text a string")
                }
                #expect(string.hasPrefix("{"))
                #expect(try text.financialDocument() == object.financialDocument())
            }
            let bad = try await HTTP.get(
                sandbox.fisURL(.transactions(.expense)),
                token: token,
                headers: [("DocumentFormatAs", "xml")]
            )
            #expect(bad.status == 400)
        }
    }

    @Test func docIDSelectsOneReportAndIgnoreDocumentStatusShowsEveryStatus() async throws {
        try await withFISSandbox(reports: 4) { sandbox in
            let token = try await sandbox.companyToken()
            let document = await sandbox.store.state.companies[0].fisDocuments.expense[1]
            let ready = try await sandbox.fisPage(token: token, query: "docId=\(document.reportID)")
            #expect(ready.documents.map(\.id) == [document.id])
            #expect(ready.documents.first?.erpSystemId == "")
            _ = try await sandbox.acknowledge([document.id], systemID: "LEDGER01", token: token)
            #expect(try await sandbox.fisPage(token: token, query: "docId=\(document.reportID)").documents.isEmpty)
            // ignoreDocumentStatus is honoured only with docId
            #expect(try await sandbox.fisPage(token: token, query: "ignoreDocumentStatus=yes").documents.count == 3)
            let any = try await sandbox.fisPage(
                token: token,
                query: "docId=\(document.reportID)&ignoreDocumentStatus=yes"
            )
            #expect(any.documents.map(\.docStatus) == [.acknowledged])
            #expect(any.documents.first?.erpSystemId == "LEDGER01")
            let mine = try await sandbox.fisPage(
                token: token,
                query: "docId=\(document.reportID)&ignoreDocumentStatus=yes&systemId=LEDGER01"
            )
            #expect(mine.documents.count == 1)
            let theirs = try await sandbox.fisPage(
                token: token,
                query: "docId=\(document.reportID)&ignoreDocumentStatus=yes&systemId=OTHER"
            )
            #expect(theirs.documents.isEmpty)
            let company = await sandbox.store.state.companies[0]
            #expect(any.documents.first?.companyUuid == company.id && any.documents.first?.entityId == company.entityID)
        }
    }

    @Test func onlyCompanyTokensWithFISVCAreServed() async throws {
        try await withFISSandbox(reports: 2, { $0.companyReportSources = [1: .extract] }) { sandbox in
            let url = sandbox.fisURL(.transactions(.expense))
            // no token, a garbage token: 401
            let none = try await HTTP.get(url, token: nil)
            #expect(none.status == 401 && none.header("WWW-Authenticate") == "Bearer")
            #expect(try await HTTP.get(url, token: "not-a-token").status == 401)
            // a user's token (password grant) of a FIS company, with FISVC: 403 not-company-token
            let user = try await sandbox.token(company: 0)
            #expect(user.scope?.contains("FISVC") == true)
            let refused = try await HTTP.get(url, token: user.accessToken)
            #expect(refused.status == 403 && refused.header("X-Sandbox-Error") == "not-company-token")
            #expect(try FISErrorBody(json: refused.data).message.contains("company-level"))
            let ack = try await sandbox.fisPost(
                .acknowledgements(.expense),
                token: user.accessToken,
                body: FISAcknowledgeRequest(ids: ["x"], systemId: "S")
            )
            #expect(ack.status == 403)
            // a company token without FISVC (the reporting client; an Extract company's client): 403 scope
            let reporting = try await sandbox.companyToken(company: 0, client: 1)
            let noScope = try await HTTP.get(url, token: reporting)
            #expect(noScope.status == 403 && noScope.header("X-Sandbox-Error") == "insufficient-scope")
            let extractCompany = try await sandbox.companyToken(company: 1)
            #expect(try await HTTP.get(url, token: extractCompany).status == 403)
            // the company token is served, and still works on the Extract API of its company
            let company = try await sandbox.companyToken(company: 0)
            #expect(try await HTTP.get(url, token: company).status == 200)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: company).status == 200)
            // the request token is not an access token; the body never echoes a secret
            let secret = await sandbox.store.state.companies[0].requestToken
            let withSecret = try await HTTP.get(url, token: secret)
            #expect(withSecret.status == 401 && !withSecret.text.contains(secret))
        }
    }
}
