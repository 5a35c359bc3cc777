import Testing

@testable import AccountingExtract

/// Issue 9 item 7: Concur's own SAE use cases print the payer and payee as `COMPANY`, `EMPLOYEE` and
/// `IBCP CORP`; matched case-sensitively, every offset fell to card clearing. The lines below are those of
/// "Financial Integration Use Cases Extract Information" (SAP-docs/preview.developer.concur.com,
/// src/api-reference/financial-integration/v4.financial-integration-use-cases-extract-information.markdown),
/// with the docs' spelling, entry ids, accounts, amounts and cash-advance type (185). The VAT case is left out:
/// its excerpt contradicts its own prose (spec §5).
///
/// Expected postings, from the docs' prose for each case: an out-of-pocket expense (payer company, payee
/// employee) is owed to the employee; the out-of-pocket credit and the cash-advance recoveries (payer
/// employee, payee company, CR) reduce what the employee is owed; the itemized IBCP charges (payee the card
/// vendor, "the employee will not receive reimbursement") are owed to the card. So the employee payable
/// (2100) gets Dr 50 + 300 + 400 = 750.00 and Cr 10 + 24.30 + 50 + 315 + 315 = 714.30, the card clearing
/// (2150) Cr 250 + 50 + 25 = 325.00; the file holds Dr 1,039.30 and Cr 750.00 of extract lines.
@Suite struct ConcurUseCaseTests {
    struct Line {
        var report: String
        var entry: String
        var expenseType: String
        var payer: String
        var payee: String
        var amount: String
        var side: String
        var account: String
        var currency: String = "USD"
        var paymentCode: String = "CASH"
        var cashAdvanceType: String = ""
    }

    static let documented: [Line] = [
        // Simple out-of-pocket cash expense.
        Line(report: "OOP", entry: "8337", expenseType: "Taxi", payer: "COMPANY", payee: "EMPLOYEE",
             amount: "+10.0000", side: "DR", account: "474230"),
        // Simple out-of-pocket cash credit.
        Line(report: "OOPCREDIT", entry: "4178", expenseType: "Booking Fees (Hotel)", payer: "EMPLOYEE",
             payee: "COMPANY", amount: "-50.0000", side: "CR", account: "5"),
        // Simple personal car mileage expense.
        Line(report: "MILEAGE", entry: "4173", expenseType: "Mileage", payer: "COMPANY", payee: "EMPLOYEE",
             amount: "+24.3000", side: "DR", account: "54"),
        // Travel allowance, company rate above the government rate: two lines.
        Line(report: "ALLOWANCE", entry: "4196", expenseType: "Fixed Meals", payer: "COMPANY", payee: "EMPLOYEE",
             amount: "+24.0000", side: "DR", account: "474230", currency: "EUR"),
        Line(report: "ALLOWANCE", entry: "4197", expenseType: "Fixed Meals", payer: "COMPANY", payee: "EMPLOYEE",
             amount: "+26.0000", side: "DR", account: "474230", currency: "EUR"),
        // Itemized expense items on an IBCP card.
        Line(report: "ITEMIZED", entry: "4199", expenseType: "Hotel Room Rate", payer: "COMPANY",
             payee: "IBCP CORP", amount: "+250.0000", side: "DR", account: "474230", paymentCode: "IBCP"),
        Line(report: "ITEMIZED", entry: "4200", expenseType: "Hotel Tax", payer: "COMPANY", payee: "IBCP CORP",
             amount: "+50.0000", side: "DR", account: "474230", paymentCode: "IBCP"),
        Line(report: "ITEMIZED", entry: "4201", expenseType: "Breakfast", payer: "COMPANY", payee: "IBCP CORP",
             amount: "+25.0000", side: "DR", account: "474230", paymentCode: "IBCP"),
        // Cash advance lower than the payout (GBP 300 advance).
        Line(report: "CALOW", entry: "58", expenseType: "Rental Car", payer: "COMPANY", payee: "EMPLOYEE",
             amount: "+245.0000", side: "DR", account: "109", currency: "GBP"),
        Line(report: "CALOW", entry: "59", expenseType: "Dinner", payer: "COMPANY", payee: "EMPLOYEE",
             amount: "+60.0000", side: "DR", account: "105", currency: "GBP"),
        Line(report: "CALOW", entry: "60", expenseType: "Parking", payer: "COMPANY", payee: "EMPLOYEE",
             amount: "+10.0000", side: "DR", account: "130", currency: "GBP"),
        Line(report: "CALOW", entry: "61", expenseType: "Rental Car", payer: "EMPLOYEE", payee: "COMPANY",
             amount: "-245.0000", side: "CR", account: "1009990", currency: "GBP", cashAdvanceType: "2"),
        Line(report: "CALOW", entry: "62", expenseType: "Dinner & Parking", payer: "EMPLOYEE", payee: "COMPANY",
             amount: "-55.0000", side: "CR", account: "1009990", currency: "GBP", cashAdvanceType: "2"),
        // Cash advance higher than the payout (GBP 400 advance), with the return.
        Line(report: "CAHIGH", entry: "61", expenseType: "Rental Car", payer: "COMPANY", payee: "EMPLOYEE",
             amount: "+245.0000", side: "DR", account: "109", currency: "GBP"),
        Line(report: "CAHIGH", entry: "62", expenseType: "Business Meal", payer: "COMPANY", payee: "EMPLOYEE",
             amount: "+60.0000", side: "DR", account: "105", currency: "GBP"),
        Line(report: "CAHIGH", entry: "63", expenseType: "Parking", payer: "COMPANY", payee: "EMPLOYEE",
             amount: "+10.0000", side: "DR", account: "130", currency: "GBP"),
        Line(report: "CAHIGH", entry: "", expenseType: "Rental Car", payer: "EMPLOYEE", payee: "COMPANY",
             amount: "-245.0000", side: "CR", account: "1009990", currency: "GBP", cashAdvanceType: "2"),
        Line(report: "CAHIGH", entry: "", expenseType: "Business Meal", payer: "EMPLOYEE", payee: "COMPANY",
             amount: "-60.0000", side: "CR", account: "1009990", currency: "GBP", cashAdvanceType: "2"),
        Line(report: "CAHIGH", entry: "", expenseType: "Parking", payer: "EMPLOYEE", payee: "COMPANY",
             amount: "-10.0000", side: "CR", account: "1009990", currency: "GBP", cashAdvanceType: "2"),
        Line(report: "CAHIGH", entry: "", expenseType: "Cash Advance Return", payer: "EMPLOYEE", payee: "COMPANY",
             amount: "-85.0000", side: "CR", account: "1009990", currency: "GBP", cashAdvanceType: "2"),
    ]

    static func file(_ lines: [Line]) -> String {
        var total = Amount.zero
        let details = lines.enumerated().map { index, line in
            total += Amount.of(line.amount)
            return Fixture.line(
                Fixture.detail(
                    sequence: index + 1,
                    report: line.report,
                    account: line.account,
                    side: line.side,
                    amount: line.amount,
                    payer: line.payer,
                    payee: line.payee,
                    extra: [
                        22: line.currency, 61: line.entry, 63: line.expenseType, 126: line.paymentCode,
                        185: line.cashAdvanceType,
                    ]
                )
            )
        }
        return (["EXTRACT|2019-02-01|\(lines.count)|\(total.formatted())|567"] + details).joined(separator: "\n")
            + "\n"
    }

    /// The docs' upper case, lower case, and Concur's default Title case.
    @Test(arguments: ["upper", "lower", "title"])
    func theDocumentedCasesPostAsTheDocsSay(spelling: String) throws {
        func spelled(_ name: String) -> String {
            switch spelling {
            case "lower": name.lowercased()
            case "title": name.prefix(1) + name.dropFirst().lowercased()
            default: name
            }
        }
        let lines = Self.documented.map { line in
            var copy = line
            copy.payer = spelled(line.payer)
            copy.payee = spelled(line.payee)
            return copy
        }
        let check = Fixture.check(Self.file(lines))
        #expect(check.isValid, "\(check.errors)")
        #expect(check.journal.balancedReportCount == 7)
        let totals = check.journal.totalsByAccount
        #expect(totals["2100"] == AccountTotals(debit: Amount.of("750"), credit: Amount.of("714.30")))
        #expect(totals["2150"] == AccountTotals(debit: .zero, credit: Amount.of("325")))
        #expect(totals["2200"] == nil)
        #expect(totals["1009990"] == AccountTotals(debit: .zero, credit: Amount.of("700")))
        #expect(totals["474230"]?.debit == Amount.of("385"))
        #expect(totals["5"] == AccountTotals(debit: .zero, credit: Amount.of("50")))
        #expect(check.journal.debitTotal == check.journal.creditTotal)

        // The posting lines agree with the check's tally, line by line.
        var builder = JournalBuilder()
        for values in lines.enumerated().map({ index, line in
            Fixture.detail(
                sequence: index + 1,
                report: line.report,
                account: line.account,
                side: line.side,
                amount: line.amount,
                payer: line.payer,
                payee: line.payee,
                extra: [126: line.paymentCode, 185: line.cashAdvanceType]
            )
        }) {
            #expect(builder.add(try SAERecord(fields: values)).count == 2)
        }
        #expect(builder.finish().totalsByAccount == totals)
    }

    /// A payer or payee the configuration cannot place holds its report with the reason (line, field,
    /// value); the other reports still balance, and the file is not valid.
    @Test(arguments: [(payee: true, paymentCode: "CASH"), (payee: false, paymentCode: "")])
    func anUnplaceablePaymentTypeHoldsItsReport(payee: Bool, paymentCode: String) throws {
        var lines = Self.documented
        let index = 5  // the first itemized card line (line 7 of the file)
        if payee {
            lines[index].payee = "ACME CARD"  // not configured, and the entry's code is not a card's
        } else {
            lines[index].payer = "HMRC"
        }
        lines[index].paymentCode = paymentCode
        let check = Fixture.check(Self.file(lines))
        #expect(!check.isValid)
        #expect(check.journal.balancedReportCount == 6)
        #expect(check.journal.unbalancedReportCount == 1)
        let report = try #require(check.journal.unbalancedReports.first)
        #expect(report.reportID == "ITEMIZED")
        #expect(report.code == .unknownPaymentType)
        #expect(report.lines == [7])
        let field = payee ? "field 165" : "field 163"
        let value = payee ? "'ACME CARD'" : "'HMRC'"
        #expect(report.problems.first?.contains("line 7: \(field)") == true, "\(report.problems)")
        #expect(report.problems.first?.contains(value) == true, "\(report.problems)")
        let error = try #require(check.errors.first)
        #expect(error.code == .unknownPaymentType)
        #expect(error.line == 7)
        #expect(check.errors.count == 1)
        // The unplaced line has no offset (the check's totals keep the report's other lines; loading holds the
        // whole report); the other reports post as before.
        #expect(check.journal.totalsByAccount["2150"] == AccountTotals(debit: .zero, credit: Amount.of("75")))
        #expect(check.journal.totalsByAccount["2100"]?.credit == Amount.of("714.30"))
    }

    /// A card program known by its configured name needs no card payment code; one configured with a clearing
    /// account of its own is matched regardless of case too.
    @Test func configuredCardProgramsArePlacedByName() throws {
        var lines = Self.documented.filter { $0.report == "ITEMIZED" }
        for index in lines.indices {
            lines[index].paymentCode = "CASH"
            lines[index].payee = "Amex Corporate"
        }
        var named = JournalConfiguration()
        named.cardProgramPaymentTypeNames = ["AMEX Corporate"]
        var own = JournalConfiguration()
        own.cardClearingAccounts["AMEX CORPORATE"] = "2151"
        let text = Self.file(lines)
        #expect(!Fixture.check(text).isValid)
        for (configuration, account) in [(named, "2150"), (own, "2151")] {
            let check = SAEFile.check(
                reader: SAEReader(bytes: Fixture.bytes(text), name: "t.txt"),
                journal: configuration
            )
            #expect(check.isValid, "\(check.errors)")
            #expect(check.journal.totalsByAccount[account]?.credit == Amount.of("325"))
        }
    }
}
