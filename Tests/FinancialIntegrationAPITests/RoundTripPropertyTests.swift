import ExtractAPI
import ExtractSandbox
import FinancialIntegrationAPI
import Foundation
import Testing

/// Seeded random pages: whatever the amounts (up to 23 digits with 8 decimals, signed), custom fields,
/// `document` form and paging wrapper, decode(encode(page)) == page and the text form parses to the object.
@Suite("FIS round-trip invariants")
struct RoundTripPropertyTests {
    static func amount(_ random: inout SeededRandomNumberGenerator) -> Decimal {
        let digits = Int.random(in: 1...23, using: &random)
        let whole = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
        let decimals = (0..<Int.random(in: 0...8, using: &random)).map { _ in
            String(Int.random(in: 0...9, using: &random))
        }.joined()
        let text = (Bool.random(using: &random) ? "-" : "") + whole + (decimals.isEmpty ? "" : "." + decimals)
        return Decimal(string: text) ?? 0
    }

    static func expense(_ random: inout SeededRandomNumberGenerator, index: Int) -> FISExpenseDocument {
        var report = FISExpenseReport(FISExpenseReportFields(reportId: "R\(index)", employeeCurrencyAlphaCode: "EUR"))
        report.totalApprovedAmount = amount(&random)
        report.revisionNumber = Bool.random(using: &random) ? .string("1") : .number(1)
        report.customFields["reportCustom\(Int.random(in: 1...20, using: &random))Code"] = "Ü-\(index)"
        let entries = (0..<Int.random(in: 0...3, using: &random)).map { number in
            var journal = FISExpenseJournal(
                journalAccountCode: "6\(number)",
                journalPayer: "COMP",
                journalPayee: ["EMPL", "IBCP", "CBCP"].randomElement(using: &random) ?? "EMPL",
                amountGross: amount(&random)
            )
            journal.taxGuid = Bool.random(using: &random) ? .list(["G\(number)"]) : nil
            var allocation = FISExpenseAllocation(
                FISExpenseAllocationFields(allocationId: "A\(number)", allocationPercentage: 100, journal: [journal])
            )
            allocation.customFields["allocationCustom1Code"] = "CC\(number)"
            var entry = FISExpenseEntry(FISExpenseEntryFields(entryId: "E\(index).\(number)", allocation: [allocation]))
            entry.entryApprovedAmount = journal.amountGross
            return entry
        }
        return FISExpenseDocument(
            employee: FISEmployee(FISEmployeeFields(employeeId: "emp\(index)")),
            report: report,
            expenseEntry: entries,
            cashAdvanceApplication: [
                FISCashAdvanceApplication(
                    cashAdvanceId: "CA",
                    cashAdvanceApplicationAmount: -abs(amount(&random)),
                    cashAdvanceClearingAccountCode: "CADV"
                )
            ]
        )
    }

    @Test("200 seeded pages round-trip exactly", arguments: [UInt64(1), 2, 3, 4])
    func pages(seed: UInt64) throws {
        var random = SeededRandomNumberGenerator(seed: seed)
        for round in 0..<50 {
            let documents = try (0..<Int.random(in: 0...4, using: &random)).map { index in
                let document = FISFinancialDocument.expense(Self.expense(&random, index: round * 10 + index))
                let payload: FISDocumentPayload =
                    Bool.random(using: &random) ? .object(document) : .text(try document.jsonText())
                return FISTransaction(
                    id: String(format: "%032x", round * 10 + index),
                    docType: .expense,
                    erpSystemId: Bool.random(using: &random) ? nil : "",
                    document: payload,
                    docStatus: FISDocumentStatus.allCases.randomElement(using: &random) ?? .ready
                )
            }
            let paging: FISTransactionPage.Paging =
                Bool.random(using: &random)
                ? .links(
                    [FISLink(rel: "self", href: "https://h/x?page=\(round)")],
                    page: FISPageMetadata(size: 25, totalElements: Int64(documents.count), totalPages: 1, number: 0)
                )
                : .offset(offset: nil, nextPage: nil, numberReturned: Int64(documents.count))
            let page = FISTransactionPage(documents: documents, paging: paging)
            let decoded = try FISTransactionPage(json: page.jsonData())
            #expect(decoded == page, "seed \(seed) round \(round)")
            for transaction in decoded.documents {
                guard case .text(let text) = transaction.document else { continue }
                let parsed = try transaction.financialDocument()
                #expect(try parsed.jsonText() == text)
            }
        }
    }
}
