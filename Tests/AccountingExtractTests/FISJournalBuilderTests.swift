import ExtractSandbox
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import AccountingExtract

/// The §5.11 journal of FIS documents: the spec's worked checks give the published debits and credits by account,
/// random valid documents always balance, and each refusal has its code and names where it is.
@Suite struct FISJournalBuilderTests {
    static let date = CalendarDate(year: 2019, month: 6, day: 5)!

    /// A journal line's JSON.
    static func line(
        _ gross: String,
        account: String = "6000",
        payer: String = "COMP",
        payee: String = "EMPL",
        netOfReclaim: String? = nil,
        taxGuid: [String] = []
    ) -> String {
        var fields = [
            "\"amountGross\": \(gross)", "\"journalAccountCode\": \"\(account)\"", "\"journalPayer\": \"\(payer)\"",
            "\"journalPayee\": \"\(payee)\"",
        ]
        if let netOfReclaim { fields.append("\"amountNetOfReclaim\": \(netOfReclaim)") }
        if !taxGuid.isEmpty { fields.append("\"taxGuid\": [" + taxGuid.map { "\"\($0)\"" }.joined(separator: ",") + "]") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func tax(_ guid: String, reclaim: String, label: String = "DEVAT") -> String {
        "{\"taxGuid\": \"\(guid)\", \"amountTax\": \(reclaim), \"amountReclaim\": \(reclaim), \"taxAuthorityLabel\": \"\(label)\"}"
    }

    static func entry(_ id: String, lines: [String], taxes: [String] = [], clearing: String? = nil) -> String {
        let clearingField = clearing.map { ", \"clearingAccountCode\": \"\($0)\"" } ?? ""
        return """
            {"entryId": "\(id)", "expenseTypeName": "Test"\(clearingField), "allocation": [{"allocationId": "A-\(id)",
             "allocationPercentage": 100, "journal": [\(lines.joined(separator: ","))], "tax": [\(taxes.joined(separator: ","))]}]}
            """
    }

    static func expense(
        _ entries: [String],
        advances: [String] = [],
        currency: String = "EUR"
    ) -> String {
        """
        {"employee": {"employeeId": "E1", "employeeFirstName": "Chris", "employeeLastName": "Miller"},
         "report": {"reportId": "R1", "reportName": "Trip", "employeeCurrencyAlphaCode": "\(currency)"},
         "expenseEntry": [\(entries.joined(separator: ","))],
         "cashAdvanceApplication": [\(advances.joined(separator: ","))]}
        """
    }

    static func advance(_ amount: String, account: String = "CADV") -> String {
        "{\"cashAdvanceId\": \"CA1\", \"cashAdvanceApplicationAmount\": \(amount), \"cashAdvanceClearingAccountCode\": \"\(account)\", \"cashAdvanceTransactionType\": 2}"
    }

    /// Decodes `json` as the wire does (the `document` text of a transaction) and builds its journal.
    static func journal(
        _ json: String,
        type: FISDocumentType = .expense,
        configuration: JournalConfiguration = JournalConfiguration()
    ) throws -> [JournalLine] {
        let transaction = FISTransaction(id: "doc1", docType: type, document: .text(json), docStatus: .ready)
        return try FISJournalBuilder(configuration: configuration)
            .lines(for: try transaction.financialDocument(), docId: "doc1", postingDate: date)
    }

    /// Net debit (debit − credit) by account.
    static func net(_ lines: [JournalLine]) -> [String: Amount] {
        var totals: [String: Amount] = [:]
        for line in lines { totals[line.account, default: .zero] += line.debit - line.credit }
        return totals.filter { !$0.value.isZero }
    }

    static func amount(_ text: String) -> Amount {
        (try? Amount(parsing: text)) ?? Amount(tenThousandths: Int64.min)
    }

    static func refusal(_ json: String, type: FISDocumentType = .expense) -> FISJournalError? {
        do {
            _ = try journal(json, type: type)
            return nil
        } catch let error as FISJournalError {
            return error
        } catch {
            Issue.record("not a FISJournalError: \(error)")
            return nil
        }
    }

    // MARK: The spec's worked checks

    /// §5.12, the complete example (Ex 2.1), decoded from the spec's own JSON: Dr expense 8.40, Dr VAT 1.60,
    /// Cr employee vendor 10.
    @Test func completeExampleSingleTax() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FinancialIntegrationAPITests/Fixtures/spec-5.12-expense-example-2.1-legacy-wrapper.json")
        let page = try JSONDecoder().decode(FISTransactionPage.self, from: Data(contentsOf: url))
        let transaction = try #require(page.documents.first)
        let lines = try FISJournalBuilder()
            .lines(for: try transaction.financialDocument(), docId: transaction.id, postingDate: Self.date)
        #expect(Self.net(lines) == ["37": Self.amount("8.40"), "1400": Self.amount("1.60"), "2100": Self.amount("-10")])
        #expect(lines.allSatisfy { $0.currency == "EUR" && $0.batchID == "FIS-" + transaction.id })
        #expect(lines.map(\.journalKey) == ["1", "1", "2", "2"].map { transaction.id + ":" + $0 })
        #expect(lines[1].isOffset(of: lines[0]) && lines[3].isOffset(of: lines[2]))
        #expect(lines[0].employeeName == "German Employee" && lines[0].reportID == "F071FADEA6B142DD884A")
    }

    /// Ex 2.3: 88.50 + 4.42 + 7.08 = 100 (two taxes on one line); 96.46 + 3.54 = 100.
    @Test func example2_3TwoTaxes() throws {
        let json = Self.expense([
            Self.entry(
                "E1",
                lines: [Self.line("100", netOfReclaim: "88.50", taxGuid: ["G1", "G2"])],
                taxes: [Self.tax("G1", reclaim: "4.42", label: "CAGST"), Self.tax("G2", reclaim: "7.08", label: "CAPST")]
            ),
            Self.entry("E2", lines: [Self.line("100", netOfReclaim: "96.46", taxGuid: ["G3"])], taxes: [Self.tax("G3", reclaim: "3.54")]),
        ])
        var configuration = JournalConfiguration()
        configuration.taxAccounts["CAPST"] = "1410"
        let lines = try Self.journal(json, configuration: configuration)
        #expect(
            Self.net(lines) == [
                "6000": Self.amount("184.96"), "1400": Self.amount("7.96"), "1410": Self.amount("7.08"),
                "2100": Self.amount("-200"),
            ]
        )
    }

    /// Ex 2.4 (50 % deductible): gross 55 = 48.68 + 6.32 tax, of which 3.17 reclaimable → Dr 51.83 + 3.17.
    @Test func example2_4PartlyReclaimable() throws {
        let tax = "{\"taxGuid\": \"G\", \"amountTax\": 6.32, \"amountReclaim\": 3.17}"
        let json = Self.expense([Self.entry("E1", lines: [Self.line("55.00", netOfReclaim: "51.83", taxGuid: ["G"])], taxes: [tax])])
        #expect(
            Self.net(try Self.journal(json))
                == ["6000": Self.amount("51.83"), "1400": Self.amount("3.17"), "2100": Self.amount("-55")]
        )
    }

    /// Ex 5.2.2: expenses 245 + 60 + 10 to EMPL, applications −85, −245, −60, −10 → Dr expenses 315,
    /// Cr CA clearing 400, Dr employee 85.
    @Test func example5_2_2CashAdvanceHigher() throws {
        let json = Self.expense(
            [Self.entry("E1", lines: [Self.line("245")]), Self.entry("E2", lines: [Self.line("60")]), Self.entry("E3", lines: [Self.line("10")])],
            advances: ["-85", "-245", "-60", "-10"].map { Self.advance($0) }
        )
        #expect(
            Self.net(try Self.journal(json))
                == ["6000": Self.amount("315"), "CADV": Self.amount("-400"), "2100": Self.amount("85")]
        )
    }

    /// Ex 5.2.1: applications −245, −55 → Dr 315, Cr CA clearing 300, Cr employee 15 (the published table's debit
    /// column for the clearing account is a doc error: it does not balance).
    @Test func example5_2_1CashAdvanceLower() throws {
        let json = Self.expense(
            [Self.entry("E1", lines: [Self.line("245")]), Self.entry("E2", lines: [Self.line("60")]), Self.entry("E3", lines: [Self.line("10")])],
            advances: [Self.advance("-245"), Self.advance("-55")]
        )
        #expect(
            Self.net(try Self.journal(json))
                == ["6000": Self.amount("315"), "CADV": Self.amount("-300"), "2100": Self.amount("-15")]
        )
    }

    /// Ex 6.1.6, IBCP with offsets (built from the spec's description): the business part 80 is owed to the card;
    /// the personal part 20 is charged on the card clearing account and recovered from the employee.
    @Test func example6_1_6CardWithOffsets() throws {
        let json = Self.expense([
            Self.entry("E1", lines: [Self.line("80", payee: "IBCP")]),
            Self.entry(
                "E2",
                lines: [
                    Self.line("20", account: "ibcp150", payee: "IBCP"),
                    Self.line("-20", account: "ibcp150", payer: "EMPL", payee: "COMP"),
                ]
            ),
        ])
        var configuration = JournalConfiguration()
        configuration.cardClearingAccounts["IBCP"] = "2155"
        #expect(
            Self.net(try Self.journal(json, configuration: configuration))
                == ["6000": Self.amount("80"), "2155": Self.amount("-100"), "2100": Self.amount("20")]
        )
    }

    /// Ex 6.2.1: the CBCP personal pair (verbatim journals) → Dr clearing 49 / Cr card 49; Cr clearing 49 /
    /// Dr employee 49. Ex 6.2.3: the same pair with an empty account posts to the entry's clearing account.
    @Test func example6_2PersonalCompanyCard() throws {
        let pair = [
            "{\"amountGrossCard\": null, \"amountGross\": 49, \"journalAccountCode\": \"cbcp180\", \"journalPayee\": \"CBCP\", \"journalPayer\": \"COMP\", \"amountNetOfReclaim\": 49, \"amountNetOfTax\": 49, \"cardTransactionReferenceNumber\": null}",
            "{\"amountGrossCard\": null, \"amountGross\": -49, \"journalAccountCode\": \"cbcp180\", \"journalPayee\": \"COMP\", \"journalPayer\": \"EMPL\", \"amountNetOfReclaim\": -49, \"amountNetOfTax\": -49, \"cardTransactionReferenceNumber\": null}",
        ]
        let lines = try Self.journal(Self.expense([Self.entry("E1", lines: pair)]))
        #expect(lines.map { "\($0.account) \($0.debit) \($0.credit)" } == [
            "cbcp180 49.0000 0.0000", "2150 0.0000 49.0000", "cbcp180 0.0000 49.0000", "2100 49.0000 0.0000",
        ])
        let emptied = pair.map { $0.replacingOccurrences(of: "\"cbcp180\"", with: "\"\"") }
        let fallback = try Self.journal(Self.expense([Self.entry("E1", lines: emptied, clearing: "123447262")]))
        #expect(Self.net(fallback) == ["2150": Self.amount("-49"), "2100": Self.amount("49")])
        #expect(fallback.filter { $0.origin == .extract }.allSatisfy { $0.account == "123447262" })
    }

    /// Credits (Ex 1.2 cash rebate, Ex 6.1.3 card refund) arrive negative with payee COMP.
    @Test func creditsAndZeroLines() throws {
        let json = Self.expense([
            Self.entry("E1", lines: [Self.line("-50", payer: "EMPL", payee: "COMP")]),
            Self.entry("E2", lines: [Self.line("-30", payer: "COPD", payee: "COMP"), Self.line("0E-8")]),
        ])
        let lines = try Self.journal(json)
        #expect(Self.net(lines) == ["6000": Self.amount("-80"), "2100": Self.amount("50"), "2150": Self.amount("30")])
        #expect(lines.count == 4, "a zero line posts nothing")
    }

    /// §5.14: the cash advance issuance example → Dr CASH 7000 / Cr employee 7000.
    @Test func cashAdvanceIssuance() throws {
        let json = """
            {"employeeData": {"employeeId": "E1"}, "cashAdvanceData": {"cashAdvanceId": "CA1", "employeeCurrencyAlphaCode": "USD"},
             "journalData": [{"amount": 7000, "payee": "EMPL", "accountCode": "CASH", "debitOrCredit": "DR", "paymentCode": "Cash", "payer": "COMP"}]}
            """
        #expect(Self.net(try Self.journal(json, type: .cashAdvance)) == ["CASH": Self.amount("7000"), "2100": Self.amount("-7000")])
        let wrongSign = json.replacingOccurrences(of: "\"DR\"", with: "\"CR\"")
        #expect(Self.refusal(wrongSign, type: .cashAdvance)?.code == .sign)
    }

    /// An invoice: the gross less its tax on the line's account, the tax on the tax account, the vendor credited.
    @Test func invoice() throws {
        let json = """
            {"requestHeader": {"requestId": "INV1", "currencyAlphaCode": "USD"}, "lineItem": [{"lineItemSequenceOrder": 1,
             "allocation": [{"allocationAccountCode": "5000", "journal": {"accountCode": "", "amountNet": 100, "amountGross": 108,
             "tax": {"amountTax": 8}}}]}]}
            """
        #expect(
            Self.net(try Self.journal(json, type: .invoice))
                == ["5000": Self.amount("100"), "1400": Self.amount("8"), "2000": Self.amount("-108")]
        )
    }

    // MARK: Refusals

    @Test func refusalsNameTheirPlace() throws {
        let unbalanced = Self.refusal(Self.expense([Self.entry("E1", lines: [Self.line("10", netOfReclaim: "8.00", taxGuid: ["G"])], taxes: [Self.tax("G", reclaim: "1.60")])]))
        #expect(unbalanced?.code == .unbalanced && unbalanced?.field == "amountNetOfReclaim")
        #expect(unbalanced?.entry == "E1" && unbalanced?.allocation == "A-E1" && unbalanced?.journalLine == 1)

        let missing = Self.refusal(Self.expense([Self.entry("E1", lines: [Self.line("10", account: "")])]))
        #expect(missing?.code == .missingAccount && missing?.field == "journalAccountCode")

        let currency = Self.refusal(Self.expense([Self.entry("E1", lines: [Self.line("10")])], currency: " "))
        #expect(currency?.code == .missingCurrency && currency?.field == "employeeCurrencyAlphaCode")

        let link = Self.refusal(Self.expense([Self.entry("E1", lines: [Self.line("10", taxGuid: ["NOWHERE"])], taxes: [Self.tax("G", reclaim: "1")])]))
        #expect(link?.code == .taxLink && link?.value == "NOWHERE")

        let pair = Self.refusal(Self.expense([Self.entry("E1", lines: [Self.line("10", payer: "EMPL", payee: "EMPL")])]))
        #expect(pair?.code == .unknownParty && pair?.field == "journalPayer")

        let code = Self.refusal(Self.expense([Self.entry("E1", lines: [Self.line("10", payee: "XYZ")])]))
        #expect(code?.code == .unknownParty && code?.value == "XYZ")

        let precise = Self.refusal(Self.expense([Self.entry("E1", lines: [Self.line("10.00001")])]))
        #expect(precise?.code == .amount && precise?.field == "amountGross")

        #expect(throws: FISJournalError.self) {
            try FISJournalBuilder().lines(for: .other(.payroll, .null), docId: "d", postingDate: Self.date)
        }

        let text = try #require(code).description
        #expect(text.contains("document doc1") && text.contains("entry E1") && text.contains("journal line 1"))
        #expect(text.hasSuffix("[fis-unknown-party]"))
    }

    /// The configuration places a customer's own party code.
    @Test func configuredPartyCode() throws {
        var configuration = JournalConfiguration()
        configuration.partyAccounts["xyz"] = "2999"
        let lines = try Self.journal(Self.expense([Self.entry("E1", lines: [Self.line("10", payee: "XYZ")])]), configuration: configuration)
        #expect(Self.net(lines) == ["6000": Self.amount("10"), "2999": Self.amount("-10")])
    }

    // MARK: Invariants

    /// Random valid documents (many seeds): Σdebit = Σcredit, lines non-negative, every account named, each
    /// extract line followed by its offset.
    @Test(arguments: 0..<200) func randomDocumentsBalance(seed: UInt64) throws {
        var random = SeededRandomNumberGenerator(seed: seed)
        let parties = ["EMPL", "IBCP", "CBCP", "COPD"]
        func money(_ limit: Int64) -> String {
            let cents = Int64(random.next() % UInt64(limit * 100)) - (random.next() % 5 == 0 ? limit * 50 : 0)
            return Amount(tenThousandths: cents * 100).formatted()
        }
        var entries: [String] = []
        for entryIndex in 0..<Int(random.next() % 5) {
            var lines: [String] = []
            var taxes: [String] = []
            for lineIndex in 0..<Int(1 + random.next() % 3) {
                let gross = money(1000)
                let party = parties[Int(random.next() % 4)]
                let reversed = random.next() % 3 == 0
                if random.next() % 2 == 0, let grossAmount = try? Amount(parsing: gross), !grossAmount.isZero {
                    let reclaim = Amount(tenThousandths: Int64(random.next() % UInt64(grossAmount.magnitude.tenThousandths / 100 + 1)) * 100)
                    let net = grossAmount - (grossAmount.isNegative ? -reclaim : reclaim)
                    let guid = "G\(entryIndex)-\(lineIndex)"
                    taxes.append(Self.tax(guid, reclaim: reclaim.formatted()))
                    lines.append(Self.line(gross, payer: reversed ? party : "COMP", payee: reversed ? "COMP" : party, netOfReclaim: net.formatted(), taxGuid: [guid]))
                } else {
                    lines.append(Self.line(gross, account: "6\(lineIndex)00", payer: reversed ? party : "COMP", payee: reversed ? "COMP" : party))
                }
            }
            entries.append(Self.entry("E\(entryIndex)", lines: lines, taxes: taxes))
        }
        let advances = (0..<Int(random.next() % 3)).map { _ in Self.advance("-" + money(500).replacingOccurrences(of: "-", with: "")) }
        let lines = try Self.journal(Self.expense(entries, advances: advances))
        #expect(lines.reduce(Amount.zero) { $0 + $1.debit } == lines.reduce(Amount.zero) { $0 + $1.credit })
        #expect(lines.allSatisfy { !$0.debit.isNegative && !$0.credit.isNegative && !$0.account.isEmpty })
        #expect(lines.allSatisfy { $0.debit.isZero != $0.credit.isZero })
        for index in stride(from: 0, to: lines.count, by: 2) {
            #expect(lines[index + 1].isOffset(of: lines[index]) && lines[index].sequenceNumber == index / 2 + 1)
        }
    }

    /// FIS numbers become exact amounts, or are refused.
    @Test func exactAmounts() {
        #expect(Amount(exactly: Decimal(string: "50.00000000")!) == Amount(units: 50))
        #expect(Amount(exactly: Decimal(string: "0E-8")!) == .zero)
        #expect(Amount(exactly: Decimal(string: "-8.4")!) == Amount(tenThousandths: -84_000))
        #expect(Amount(exactly: Decimal(string: "0.00001")!) == nil)
        #expect(Amount(exactly: Decimal(string: "1e30")!) == nil)
    }
}
