import ExtractAPI
import FinancialIntegrationAPI
import Foundation
import Testing

/// Outside the documented conflicts decoding is strict: a wrong type, a missing required field, nesting
/// beyond the limit or a number beyond the limits is an ``ExtractAPIDecodingError`` naming the key path.
@Suite("FIS malformed input")
struct MalformedInputTests {
    func error<T: JSONWireBody>(_ type: T.Type, _ json: String) -> ExtractAPIDecodingError? {
        do {
            _ = try T(json: Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    static let page = #"{"links":[],"page":{"size":1,"totalElements":1,"totalPages":1,"number":0},"content":[DOC]}"#

    static func document(_ expense: String) -> String {
        page.replacingOccurrences(
            of: "DOC",
            with: #"{"id":"a","docType":"expense","docStatus":"READY","document":\#(expense)}"#
        )
    }

    @Test(
        "Wrong types and missing required fields name the field path",
        arguments: [
            (#"{"ids":"a"}"#, "ids", ExtractAPIDecodingError.Code.invalidValue, "ack"),
            (#"{"systemId":""}"#, "ids", .missingField, "ack"),
            (
                #"{"systemId":"","postingConfirmations":[{"docId":"a","overallPostingStatusCode":"OK","systemMessages":[]}]}"#,
                "postingConfirmations[0].overallPostingStatusCode", .invalidValue, "posting"
            ),
            (
                #"{"systemId":"","postingConfirmations":[{"docId":"a","overallPostingStatusCode":"success"}]}"#,
                "postingConfirmations[0].systemMessages", .missingField, "posting"
            ),
            (
                #"{"systemId":"","processingConfirmation":[{"docId":"a","processingStatusCode":"CP","clearingDetails":[{"clearingAmount":"220.00"}]}]}"#,
                "processingConfirmation[0].clearingDetails[0].clearingAmount", .invalidValue, "payment"
            ),
            (
                document(
                    #"{"employee":{},"report":{"reportId":"R","employeeCurrencyAlphaCode":"EUR"},"expenseEntry":[{"entryId":"E","allocation":[{"journal":[{"journalPayer":"COMP","journalPayee":"EMPL"}]}]}]}"#
                ),
                "content[0].document.expenseEntry[0].allocation[0].journal[0].amountGross", .missingField, "page"
            ),
            (
                document(
                    #"{"employee":{},"report":{"reportId":"R","employeeCurrencyAlphaCode":"EUR"},"expenseEntry":[{"entryId":"E","entryApprovedAmount":"10"}]}"#
                ),
                "content[0].document.expenseEntry[0].entryApprovedAmount", .invalidValue, "page"
            ),
            (
                document(
                    #"{"employee":{"employeeCustom1Code":5},"report":{"reportId":"R","employeeCurrencyAlphaCode":"EUR"},"expenseEntry":[]}"#
                ),
                "content[0].document.employee.employeeCustom1Code", .invalidValue, "page"
            ),
            (
                document(#"{"employee":{},"report":{"employeeCurrencyAlphaCode":"EUR"},"expenseEntry":[]}"#),
                "content[0].document.report.reportId", .missingField, "page"
            ),
            (
                page.replacingOccurrences(
                    of: "DOC",
                    with: #"{"id":"a","docType":"expense","docStatus":"DONE","document":"x"}"#
                ),
                "content[0].docStatus", .invalidValue, "page"
            ),
            (
                page.replacingOccurrences(
                    of: "DOC",
                    with: #"{"id":"a","docType":"expenses","docStatus":"READY","document":"x"}"#
                ),
                "content[0].docType", .invalidValue, "page"
            ),
            (
                page.replacingOccurrences(of: "DOC", with: #"{"id":"a","docType":"expense","docStatus":"READY"}"#),
                "content[0].document", .missingField, "page"
            ),
            (#"{"links":[],"content":[]}"#, "page", .missingField, "page"),
            (#"{"documents":[]}"#, "content", .missingField, "page"),
            (#"[{"code":"0","docId":"a","acknowledgeResult":"SUCCESS"}]"#, "[0].code", .invalidValue, "ackResponse"),
        ]
    )
    func wrongField(_ json: String, _ path: String, _ code: ExtractAPIDecodingError.Code, _ body: String) {
        let failure: ExtractAPIDecodingError? =
            switch body {
            case "ack": error(FISAcknowledgeRequest.self, json)
            case "posting": error(FISPostingConfirmationRequest.self, json)
            case "payment": error(FISPaymentConfirmationRequest.self, json)
            case "ackResponse": error(FISAcknowledgeResponse.self, json)
            default: error(FISTransactionPage.self, json)
            }
        #expect(failure?.path == path, "\(failure.map(String.init(describing:)) ?? "no error")")
        #expect(failure?.code == code)
        #expect(failure?.description.contains(path.split(separator: ".").last.map(String.init) ?? path) == true)
    }

    @Test("Nesting beyond DecodingLimits.maximumJSONDepth is refused with the path where it happened")
    func deepNesting() {
        let limit = ExtractWire.DecodingLimits.standard.maximumJSONDepth
        let deep = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        let json = Self.document(#"{"employee":{},"report":{"reportId":"R","requestId":\#(deep)}}"#)
        let failure = error(FISTransactionPage.self, json)
        #expect(failure?.code == .limitExceeded)
        #expect(failure?.path?.hasPrefix("content[0].document.report.requestId[0][0]") == true)
        // At the limit itself it still decodes (the error is then about the content, not the depth).
        let shallow = String(repeating: "[", count: limit - 5) + String(repeating: "]", count: limit - 5)
        #expect(error(FISAcknowledgeRequest.self, #"{"ids":\#(shallow)}"#)?.code != .limitExceeded)
    }

    @Test(
        "Huge numbers are refused by name, never rounded",
        arguments: ["1e400", "-1E+999", String(repeating: "9", count: 41), "0." + String(repeating: "1", count: 45)]
    )
    func hugeNumbers(_ number: String) {
        let json = Self.document(
            #"{"employee":{},"report":{"reportId":"R","employeeCurrencyAlphaCode":"EUR","totalApprovedAmount":\#(number)},"expenseEntry":[]}"#
        )
        let failure = error(FISTransactionPage.self, json)
        #expect(failure?.code == .limitExceeded)
        #expect(failure?.path == "content[0].document.report.totalApprovedAmount")
        #expect(failure?.message.contains("'totalApprovedAmount'") == true)
    }

    @Test("The spec's largest amounts (23 digits, 8 decimals) and 0E-8 are within the limits")
    func largestAmounts() throws {
        let amount = String(repeating: "9", count: 23) + "." + String(repeating: "9", count: 8)
        let json = #"{"journalPayer":"COMP","journalPayee":"EMPL","amountGross":-\#(amount),"amountTax":0E-8}"#
        let journal = try JSONWire.decode(FISExpenseJournal.self, from: Data(json.utf8))
        #expect(journal.amountGross == -(try #require(Decimal(string: amount))))
        #expect(journal.amountTax == 0)
    }

    @Test("Not JSON and empty bodies")
    func notJSON() {
        #expect(error(FISTransactionPage.self, "")?.code == .emptyBody)
        #expect(error(FISTransactionPage.self, "<html>502</html>")?.code == .malformedJSON)
        #expect(error(FISAcknowledgeResponse.self, #"{"code":0}"#)?.code == .unexpectedRoot)
    }
}
