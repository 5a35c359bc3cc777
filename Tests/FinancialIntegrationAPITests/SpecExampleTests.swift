import ExtractAPI
import FinancialIntegrationAPI
import Foundation
import Testing

/// Every JSON example of the spec (fis-v4.md) decodes, round-trips, and keeps every non-null value on encoding.
@Suite("FIS spec examples")
struct SpecExampleTests {
    @Test("§3.1 GET response: links, content with document as a string, page")
    func getResponse() throws {
        let page = try decodeFixture(FISTransactionPage.self, "spec-3.1-get-transactions-response")
        #expect(page.documents.map(\.id) == ["e7f810cabc8348cdb051dd9431c8cfbb", "e1500222f16748718fdd2d493ee4c9dd"])
        #expect(page.documents.allSatisfy { $0.docType == .expense && $0.docStatus == .ready })
        #expect(page.documents[0].erpSystemId == "")
        #expect(page.documents[1].erpSystemId == nil)
        #expect(page.documents[0].document == .text("{THE_FINANCIAL_DOCUMENT}"))
        guard case .links(let links, let metadata) = page.paging else {
            Issue.record("expected the documented wrapper")
            return
        }
        #expect(links.map(\.rel) == ["first", "self", "next", "last"])
        #expect(metadata == FISPageMetadata(size: 3, totalElements: 8, totalPages: 3, number: 0))
        #expect(page.link(.next)?.href.hasSuffix("limit=3&page=1&size=3") == true)
        // The placeholder is not JSON: asking for the typed document says so, naming `document`.
        #expect(throws: ExtractAPIDecodingError.self) { try page.documents[0].financialDocument() }
        do {
            _ = try page.documents[0].financialDocument()
        } catch {
            #expect(error.path == "document")
            #expect(error.message.contains("not a JSON expense document"))
        }
    }

    @Test("§3.2 acknowledgement request and response")
    func acknowledgement() throws {
        let request = try decodeFixture(FISAcknowledgeRequest.self, "spec-3.2-acknowledge-request")
        #expect(request.ids.count == 2 && request.systemId == nil)
        #expect(!String(decoding: try request.jsonData(), as: UTF8.self).contains("systemId"))
        let response = try decodeFixture(FISAcknowledgeResponse.self, "spec-3.2-acknowledge-response")
        #expect(response.items.map(\.code) == [.success, .previouslyAcknowledged])
        #expect(response.items.map(\.acknowledgeResult) == [.success, .failure])
        #expect(response.items[1].errorMessage == "This document was previously acknowledged by SystemId: null.")
        #expect(response.items.allSatisfy { $0.systemId == nil })
    }

    @Test("§3.3 posting confirmation request and response")
    func postingConfirmation() throws {
        let request = try decodeFixture(FISPostingConfirmationRequest.self, "spec-3.3-posting-confirmation-request")
        #expect(request.systemId == "")
        let error = request.postingConfirmations[0]
        #expect(error.overallPostingStatusCode == .error && error.postingDocs == [])
        #expect(error.systemMessages.map(\.messageId) == ["010-CTE-POSTING", "003-CC"])
        #expect(error.systemMessages[0].messageLongText == .single(""))
        let success = request.postingConfirmations[1]
        #expect(success.overallPostingStatusCode == .success)
        #expect(success.postingDocs?.map(\.documentNumber) == ["0123456", "0123478"])
        #expect(success.postingDocs?[0].fiscalYear == .string("2018"))
        #expect(success.postingDocs?[0].postingDate == "2018-03-02")
        let response = try decodeFixture(FISPostingConfirmationResponse.self, "spec-3.3-posting-confirmation-response")
        #expect(response.items.map(\.code) == [.success, .postingUnknownDocument])
        #expect(response.items.map(\.postingConfirmationResult) == [.success, .failure])
        #expect(response.items.map(\.systemId) == [nil, ""])
    }

    @Test("§3.4 payment confirmation request and response")
    func paymentConfirmation() throws {
        let request = try decodeFixture(FISPaymentConfirmationRequest.self, "spec-3.4-payment-confirmation-request")
        let item = try #require(request.processingConfirmation.first)
        #expect(item.processingStatusCode == .completelyPaid)
        let detail = try #require(item.clearingDetails?.first)
        #expect(detail.clearingAmount == Decimal(string: "220.00"))
        #expect(detail.clearingDate == "2019-02-06T12:00:00.27Z")
        #expect(detail.receiver?.receiverName == .string("Charles"))
        #expect(detail.clearingReference?.paymentRef == "US01/667799/2019/2")
        #expect(detail.clearingReference?.fiscalYear == .string("2019"))
        let response = try decodeFixture(FISPaymentConfirmationResponse.self, "spec-3.4-payment-confirmation-response")
        #expect(response.items.map(\.code) == [.success, .postingUnknownDocument, .invalidPaymentRequest])
        #expect(response.items.map(\.paymentConfirmationResult) == [.success, .failure, .noop])
        #expect(response.items[0].errorMessage == nil)
    }

    @Test("§5.12 expense example 2.1 in the legacy wrapper: every field, amounts exact")
    func expenseExample() throws {
        let page = try decodeFixture(FISTransactionPage.self, "spec-5.12-expense-example-2.1-legacy-wrapper")
        #expect(page.paging == .offset(offset: nil, nextPage: nil, numberReturned: 1))
        let transaction = try #require(page.documents.first)
        #expect(transaction.companyUuid == "070fde04-3e0c-4716-89fd-6026ae292ed0")
        guard case .expense(let document) = try transaction.financialDocument() else {
            Issue.record("expected an expense document")
            return
        }
        #expect(document.employee.employeeId == "49038128")
        #expect(document.employee.customFields["employeeOrgUnit3Code"] == "CC")
        #expect(document.report.reportId == "F071FADEA6B142DD884A")
        #expect(document.report.reportKey == 5196)
        #expect(document.report.revisionNumber == .string("1"))
        #expect(document.report.customFields["reportCustom13Code"] == "10.00")
        let entry = try #require(document.expenseEntry.first)
        #expect(entry.customFields["entryCustom39Code"] == "1.60000000")
        #expect(entry.legacyEntryId == 4282 && entry.reportEntryPatKey == "CASH")
        let allocation = try #require(entry.allocation?.first)
        let journal = try #require(allocation.journal?.first)
        #expect(journal.amountGross == 10)
        #expect(journal.amountNetOfReclaim == Decimal(string: "8.4"))
        #expect(journal.taxGuid == .list(["BC10BB80E9998B49B0BE941251CBA0D1"]))
        let tax = try #require(allocation.tax?.first)
        #expect(tax.amountReclaim == Decimal(string: "1.6"))
        #expect(tax.taxGuid == .single("BC10BB80E9998B49B0BE941251CBA0D1"))
        #expect(journal.amountNetOfReclaim.map { $0 + (tax.amountReclaim ?? 0) } == journal.amountGross)
        #expect(document.cashAdvanceApplication == [])
    }

    @Test("§5.11 CBCP personal journal pair: the two lines cancel")
    func cbcpJournals() throws {
        let first = try decodeFixture(FISExpenseJournal.self, "spec-5.11-journal-cbcp-personal-1")
        let second = try decodeFixture(FISExpenseJournal.self, "spec-5.11-journal-cbcp-personal-2")
        #expect(first.amountGross + second.amountGross == 0)
        #expect(first.journalPayer == "COMP" && first.journalPayee == "CBCP")
        #expect(second.journalPayer == "EMPL" && second.journalPayee == "COMP")
    }

    @Test("§5.14 cash advance issuance journal line")
    func cashAdvanceJournal() throws {
        let line = try decodeFixture(FISCashAdvanceJournal.self, "spec-5.14-cash-advance-issuance-journal")
        #expect(line.amount == 7000 && line.debitOrCredit == "DR" && line.accountCode == "CASH")
    }

    @Test("§6 readyForIntegration event")
    func event() throws {
        let event = try decodeFixture(FISReadyForIntegrationEvent.self, "spec-6-ready-for-integration-event")
        #expect(event.topic == FinancialIntegrationAPI.eventTopic)
        #expect(event.facts.documentId == "5F8FC21234374B979809")
        #expect(event.data == nil && event.timeStamp == "2023-09-26T21:17:44.570+0000")
        #expect(String(decoding: try event.jsonData(), as: UTF8.self).contains(#""data":null"#))
    }

    @Test("Encoding writes amounts exactly as decimals, never through Double")
    func exactAmounts() throws {
        var journal = FISExpenseJournal(
            journalAccountCode: "400000",
            journalPayer: "COMP",
            journalPayee: "EMPL",
            amountGross: try #require(Decimal(string: "12345678901234567.12345678"))
        )
        journal.amountNetOfTax = Decimal(string: "0.1")
        let text = String(decoding: try JSONWire.encode(journal, options: .canonical), as: UTF8.self)
        #expect(text.contains(#""amountGross":12345678901234567.12345678"#))
        #expect(text.contains(#""amountNetOfTax":0.1"#))
        #expect(try JSONWire.decode(FISExpenseJournal.self, from: Data(text.utf8)) == journal)
    }
}
