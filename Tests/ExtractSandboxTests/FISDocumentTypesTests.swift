import AccountingExtract
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// Invoice and cash advance documents of FIS companies (spec §5.13, §5.14; issue 12): generated from the seeded
/// payment requests and cash advances, served under their own `docType`, balanced by the production
/// ``FISJournalBuilder``.
@Suite("FIS invoice and cash advance documents")
struct FISDocumentTypesTests {
    private static let posted: [FISDocumentType] = [.expense, .invoice, .cashAdvance]

    @Test(arguments: Array(UInt64(1)...UInt64(30)))
    func everySeededDocumentOfEveryTypeBalancesThroughTheJournalBuilder(seed: UInt64) throws {
        var configuration = SandboxConfiguration()
        configuration.seed = seed
        configuration.reportSource = .fis
        configuration.reportsPerCompany = 30
        configuration.paymentRequestsPerCompany = 6
        let state = SandboxState.seeded(configuration, now: Date(timeIntervalSince1970: 1_767_225_600))
        let builder = FISJournalBuilder()
        let date = CalendarDate(year: 2026, month: 1, day: 1)!
        for company in state.companies {
            let documents = company.fisDocuments
            // one document per report, per payment request and per cash advance applied — nothing more
            #expect(documents.filter { $0.docType == .expense }.map(\.reportID) == company.reports.map(\.id))
            #expect(documents.filter { $0.docType == .invoice }.map(\.reportID) == company.paymentRequests.map(\.id))
            #expect(
                documents.filter { $0.docType == .cashAdvance }.map(\.reportID)
                    == company.reports.compactMap { $0.cashAdvance?.key }
            )
            #expect(company.reportsReadyForExtract.isEmpty && company.paymentRequestsReadyForExtract.isEmpty)
            var clearing = Amount.zero
            for document in documents {
                let content = try #require(company.fisContent(of: document), "\(document.id)")
                let lines = try builder.lines(for: content, docId: document.id, postingDate: date)
                let debits = lines.reduce(Amount.zero) { $0 + $1.debit }
                let credits = lines.reduce(Amount.zero) { $0 + $1.credit }
                #expect(debits == credits && debits > .zero, "\(document.docType) \(document.reportID)")
                #expect(lines.allSatisfy { $0.batchID == "FIS-" + document.id })
                clearing += lines.filter { $0.account == builder.configuration.cashAdvanceAccount }
                    .reduce(Amount.zero) { $0 + $1.signedAmount }
                switch content {
                case .invoice(let invoice):
                    let request = try #require(company.paymentRequests.first { $0.id == document.reportID })
                    #expect(invoice.requestHeader.requestId == request.id)
                    let owed = lines.filter { $0.account == builder.configuration.vendorPayableAccount }
                    #expect(owed.reduce(Amount.zero) { $0 + $1.credit - $1.debit } == request.total)
                    #expect(invoice.requestHeader.requestTotal == Decimal(string: request.total.formatted()))
                case .cashAdvance(let advance):
                    let report = try #require(company.reports.first { $0.cashAdvance?.key == document.reportID })
                    let issued = try #require(report.cashAdvance).amount
                    #expect(advance.cashAdvanceData.cashAdvanceId == document.reportID)
                    #expect(advance.employeeData.employeeId == report.employee.id)
                    // the employee is credited what they were handed (Dr clearing / Cr employee, §5.14)
                    let employee = lines.filter { $0.account == builder.configuration.employeePayableAccount }
                    #expect(employee.reduce(Amount.zero) { $0 + $1.credit - $1.debit } == issued)
                case .expense(let expense):
                    #expect(expense.report.reportId == document.reportID)
                case .other:
                    Issue.record("\(document.id): a document of an unposted type")
                }
                // the content survives the wire as text
                let text = try content.jsonText()
                let transaction = FISTransaction(
                    id: document.id,
                    docType: document.docType,
                    document: .text(text),
                    docStatus: .ready
                )
                #expect(try transaction.financialDocument() == content)
            }
            // every advance issued is applied by its report: the clearing account nets to zero over the company
            #expect(clearing == .zero, "seed \(seed): cash advance clearing does not net to zero")
        }
    }

    @Test func eachTypeIsPagedOnItsOwnRouteAndAcknowledgedOnlyThere() async throws {
        let withInvoices: (inout SandboxConfiguration) -> Void = { $0.paymentRequestsPerCompany = 9 }
        try await withFISSandbox(reports: 40, withInvoices) { sandbox in
            let token = try await sandbox.companyToken()
            let documents = await sandbox.store.state.companies[0].fisDocuments
            #expect(documents.contains { $0.docType == .cashAdvance }, "the seed must give cash advances")
            for type in Self.posted {
                let expected = documents.filter { $0.docType == type }
                var seen: [FISTransaction] = []
                var url: String? = sandbox.fisURL(.transactions(type), query: "limit=4")
                var pages = 0
                while let next = url, pages < 40 {
                    let answer = try await HTTP.get(next, token: token)
                    #expect(answer.status == 200, "\(type): \(answer.text)")
                    let page = try FISTransactionPage(json: answer.data)
                    #expect(page.documents.count <= 4)
                    if case .links(_, let meta) = page.paging { #expect(meta.totalElements == Int64(expected.count)) }
                    seen += page.documents
                    url = page.link(.next)?.href
                    pages += 1
                }
                #expect(seen.map(\.id) == expected.map(\.id), "\(type): every ready document once, in order")
                #expect(seen.allSatisfy { $0.docType == type })
                for transaction in seen {
                    let content = try transaction.financialDocument()
                    switch (type, content) {
                    case (.expense, .expense), (.invoice, .invoice), (.cashAdvance, .cashAdvance): break
                    default: Issue.record("\(type) route served \(content)")
                    }
                }
            }
            // a business id finds its document on its type's route
            let invoice = try #require(documents.first { $0.docType == .invoice })
            let byID = try FISTransactionPage(
                json: try await HTTP.get(
                    sandbox.fisURL(.transactions(.invoice), query: "docId=\(invoice.reportID)"),
                    token: token
                ).data
            )
            #expect(byID.documents.map(\.id) == [invoice.id])
            // acknowledging an invoice as an expense is 105 and changes nothing; as an invoice it is acknowledged
            let wrong = try await sandbox.acknowledge([invoice.id], systemID: "ERP", token: token, type: .expense)
            #expect(wrong.map(\.code) == [.acknowledgeWrongType])
            let right = try await sandbox.acknowledge([invoice.id], systemID: "ERP", token: token, type: .invoice)
            #expect(right.map(\.code) == [.success])
            let advance = try #require(documents.first { $0.docType == .cashAdvance })
            let acknowledged = try await sandbox.acknowledge(
                [advance.id],
                systemID: "ERP",
                token: token,
                type: .cashAdvance
            )
            #expect(acknowledged.map(\.code) == [.success])
            let oracle = await sandbox.store.oracle()
            #expect(oracle.fisDocument(id: invoice.id)?.status == .acknowledged)
            #expect(oracle.fisDocument(id: advance.id)?.status == .acknowledged)
            // payment confirmations stay an expense-only route
            let payment = try await sandbox.fisPost(
                .paymentConfirmations(.invoice),
                token: token,
                body: FISPaymentConfirmationRequest(systemId: "ERP", processingConfirmation: [])
            )
            #expect(payment.status == 400)
        }
    }
}
