import ExtractAPI
import FinancialIntegrationAPI
import Foundation
import Testing

/// Where the sources disagree, both readings decode; each encodes back in the form it arrived in.
@Suite("FIS tolerant decoding")
struct TolerantDecodingTests {
    /// The transaction of example 2.1 (document as an object).
    func exampleTransaction() throws -> FISTransaction {
        let page = try FISTransactionPage(json: Fixture.data("spec-5.12-expense-example-2.1-legacy-wrapper"))
        return try #require(page.documents.first)
    }

    @Test("document as an object and as a JSON string give the same financial document, both ways")
    func documentObjectOrString() throws {
        let objectForm = try exampleTransaction()
        guard case .object(let document) = objectForm.document else {
            Issue.record("example 2.1 carries an object")
            return
        }
        var textForm = objectForm
        textForm.document = .text(try document.jsonText())
        // Object → string: the text parses to the same document.
        #expect(try textForm.financialDocument() == document)
        // Through the wire, each form stays as it was.
        let page = FISTransactionPage(
            documents: [objectForm, textForm],
            paging: .links([], page: FISPageMetadata(size: 25, totalElements: 2, totalPages: 1, number: 0))
        )
        let decoded = try FISTransactionPage(json: page.jsonData())
        #expect(decoded == page)
        #expect(try decoded.documents.map { try $0.financialDocument() } == [document, document])
        let raw = try #require(
            try JSONSerialization.jsonObject(with: page.jsonData()) as? [String: Any]
        )
        let content = try #require(raw["content"] as? [[String: Any]])
        #expect(content[0]["document"] is [String: Any])
        #expect(content[1]["document"] is String)
    }

    @Test("A string document that is not a valid document names the path under document")
    func badTextDocument() throws {
        var transaction = try exampleTransaction()
        transaction.document = .text(#"{"employee":{},"report":{"reportId":7},"expenseEntry":[]}"#)
        do {
            _ = try transaction.financialDocument()
            Issue.record("a numeric reportId must be refused")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.path == "document.report.reportId")
        }
    }

    @Test("Both paging wrappers decode and re-encode in their own shape")
    func pagingWrappers() throws {
        let documents = try [exampleTransaction()]
        let current = FISTransactionPage(
            documents: documents,
            paging: .links(
                [FISLink(rel: "self", href: "https://x/transactions?page=0")],
                page: FISPageMetadata(size: 25, totalElements: 1, totalPages: 1, number: 0)
            )
        )
        let legacy = FISTransactionPage(
            documents: documents,
            paging: .offset(offset: .string("abc"), nextPage: "/fi/v4/x?offset=abc&limit=100", numberReturned: 1)
        )
        for page in [current, legacy] {
            let data = try page.jsonData()
            #expect(try FISTransactionPage(json: data) == page)
        }
        let currentKeys = try Set(
            #require(JSONSerialization.jsonObject(with: current.jsonData()) as? [String: Any]).keys
        )
        let legacyKeys = try Set(#require(JSONSerialization.jsonObject(with: legacy.jsonData()) as? [String: Any]).keys)
        #expect(currentKeys == ["links", "content", "page"])
        #expect(legacyKeys == ["fIDocuments", "offset", "nextPage", "numberReturned"])
    }

    @Test(
        "Number-or-string fields accept both forms and keep theirs",
        arguments: [#""2018""#, "2018", "2018.0", #""""#]
    )
    func numberOrString(_ json: String) throws {
        let text = #"{"companyId":"0100","documentNumber":"1","fiscalYear":\#(json),"postingDate":"2018-03-02"}"#
        let document = try JSONWire.decode(FISPostingDocument.self, from: Data(text.utf8))
        let again = try JSONWire.decode(FISPostingDocument.self, from: JSONWire.encode(document, options: .canonical))
        #expect(again == document)
        if json.hasPrefix("\"") {
            #expect(document.fiscalYear == .string(String(json.dropFirst().dropLast())))
        } else {
            #expect(document.fiscalYear?.text == "2018")
        }
    }

    @Test("taxGuid and messageLongText accept a string or an array of strings")
    func stringOrList() throws {
        for json in [#""G1""#, #"["G1"]"#, "[]"] {
            let text = #"{"journalPayer":"COMP","journalPayee":"EMPL","amountGross":1,"taxGuid":\#(json)}"#
            let journal = try JSONWire.decode(FISExpenseJournal.self, from: Data(text.utf8))
            #expect(
                try JSONWire.decode(FISExpenseJournal.self, from: JSONWire.encode(journal, options: .canonical))
                    == journal
            )
            #expect(journal.taxGuid?.values == (json == "[]" ? [] : ["G1"]))
        }
        let message = #"{"messageId":"1","messageLongText":["a","b"],"messageShortText":"s"}"#
        #expect(
            try JSONWire.decode(FISSystemMessage.self, from: Data(message.utf8)).messageLongText == .list(["a", "b"])
        )
    }

    @Test("receiver and clearingReference: an object or a one-element array")
    func receiverObjectOrArray() throws {
        let receiver = #"{"receiverId":"1","receiverName":"Ann","receiverType":"EMPLOYEE"}"#
        for json in [receiver, "[\(receiver)]"] {
            let text = #"{"clearingAmount":1.5,"receiver":\#(json)}"#
            let detail = try JSONWire.decode(FISClearingDetail.self, from: Data(text.utf8))
            #expect(detail.receiver?.receiverName == .string("Ann"))
        }
        let two = #"{"receiver":[\#(receiver),\#(receiver)]}"#
        #expect(throws: ExtractAPIDecodingError.self) {
            try JSONWire.decode(FISClearingDetail.self, from: Data(two.utf8))
        }
    }

    @Test("Custom and org-unit fields of every level are kept; other unknown keys are ignored")
    func customFields() throws {
        let text = #"""
            {"entryId":"E1","entryCustom40Code":"X","entryOrgUnit2Value":"Y","entryCustom1Code":null,
             "somethingNew":{"a":1},"allocation":[{"allocationCustom20Value":"Z"}]}
            """#
        let entry = try JSONWire.decode(FISExpenseEntry.self, from: Data(text.utf8))
        #expect(entry.customFields == ["entryCustom40Code": "X", "entryOrgUnit2Value": "Y"])
        #expect(entry.allocation?.first?.customFields == ["allocationCustom20Value": "Z"])
        #expect(FISExpenseEntry.isCustomFieldKey("reportOrgUnit6Code"))
        #expect(!FISExpenseEntry.isCustomFieldKey("Custom1Code"))
        #expect(!FISExpenseEntry.isCustomFieldKey("entryCustomCode"))
        #expect(!FISExpenseEntry.isCustomFieldKey("entryCustom1Codes"))
    }

    @Test("Payroll and obligation documents decode as generic JSON, numbers exact")
    func otherDocumentTypes() throws {
        let text = #"""
            {"id":"a","docType":"payroll","docStatus":"READY","document":{"report":{"amount":0.1},"x":[true,null]}}
            """#
        let transaction = try JSONWire.decode(FISTransaction.self, from: Data(text.utf8))
        guard case .other(.payroll, .object(let object)) = try transaction.financialDocument() else {
            Issue.record("expected generic payroll JSON")
            return
        }
        #expect(object["report"] == .object(["amount": .number(try #require(Decimal(string: "0.1")))]))
        #expect(object["x"] == .array([.bool(true), .null]))
    }
}
