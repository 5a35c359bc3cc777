import Testing

@testable import AccountingExtract

@Suite struct JournalBuilderTests {
    func journal(_ rows: [[String]]) throws -> (lines: [[JournalLine]], result: JournalResult) {
        var builder = JournalBuilder()
        var lines: [[JournalLine]] = []
        for (index, values) in rows.enumerated() {
            lines.append(builder.add(try SAERecord(fields: values, lineNumber: index + 2)))
        }
        return (lines, builder.finish())
    }

    @Test func outOfPocketCreditsEmployeePayable() throws {
        let (lines, result) = try journal([Fixture.detail(sequence: 1, amount: "+600.1100")])
        #expect(lines[0].count == 2)
        #expect(lines[0][0].account == "6200" && lines[0][0].debit == Amount.of("600.11"))
        #expect(
            lines[0][1].account == "2100" && lines[0][1].credit == Amount.of("600.11") && lines[0][1].origin == .offset
        )
        #expect(result.isBalanced)
        #expect(result.totalsByAccount["2100"]?.credit == Amount.of("600.11"))
    }

    @Test func companyCardPersonalChargeAndRecovery() throws {
        let rows = [
            Fixture.detail(sequence: 1, account: "6110", amount: "+300.0000", payee: "AMEX Corporate", extra: [126: "CBCP"]),
            Fixture.detail(
                sequence: 2,
                account: "1260",
                amount: "+50.0000",
                payee: "AMEX Corporate",
                extra: [68: "Y", 126: "CBCP"]
            ),
            Fixture.detail(
                sequence: 3,
                account: "",
                side: "CR",
                amount: "-50.0000",
                payer: "Employee",
                payee: "Company",
                extra: [68: "Y"]
            ),
        ]
        let (lines, result) = try journal(rows)
        #expect(lines.allSatisfy { $0.count == 2 })
        #expect(result.isBalanced)
        #expect(result.totalsByAccount["2150"]?.credit == Amount.of("350"))
        // The recovery reduces what is owed to the employee and reverses the personal charge.
        #expect(result.totalsByAccount["2100"]?.debit == Amount.of("50"))
        #expect(result.totalsByAccount["1260"] == AccountTotals(debit: Amount.of("50"), credit: Amount.of("50")))
    }

    @Test func cashAdvanceAppliedAndCompanyPaid() throws {
        let rows = [
            Fixture.detail(sequence: 1, amount: "+500.0000"),
            Fixture.detail(
                sequence: 2,
                account: "",
                side: "CR",
                amount: "-200.0000",
                payer: "Employee",
                payee: "Company",
                extra: [185: "2", 187: "CA1"]
            ),
            Fixture.detail(sequence: 3, account: "6400", amount: "+99.0000", payee: "Company", extra: [126: "COPD"]),
        ]
        let (_, result) = try journal(rows)
        #expect(result.isBalanced)
        #expect(result.totalsByAccount["1250"]?.credit == Amount.of("200"))
        #expect(result.totalsByAccount["2100"] == AccountTotals(debit: Amount.of("200"), credit: Amount.of("500")))
        #expect(result.totalsByAccount["2200"]?.credit == Amount.of("99"))
        #expect(result.debitTotal == result.creditTotal)
    }

    @Test func configurableAccountsAndNames() throws {
        var configuration = JournalConfiguration(
            employeePayableAccount: "2010",
            companyPaymentTypeNames: ["University"],
            employeePaymentTypeNames: ["User"]
        )
        configuration.cardClearingAccounts["Visa Travel"] = "2055"
        var builder = JournalBuilder(configuration: configuration)
        let a = builder.add(
            try SAERecord(fields: Fixture.detail(sequence: 1, amount: "+5.0000", payer: "University", payee: "User"))
        )
        let b = builder.add(
            try SAERecord(
                fields: Fixture.detail(sequence: 2, amount: "+7.0000", payer: "University", payee: "Visa Travel")
            )
        )
        #expect(a.last?.account == "2010")
        #expect(b.last?.account == "2055")
        #expect(builder.finish().isBalanced)
    }

    @Test func aReportThatCannotBeBalancedIsReportedWithItsReason() throws {
        let rows = [
            Fixture.detail(sequence: 1, report: "R1", amount: "+10.0000"),
            Fixture.detail(sequence: 2, report: "R2", amount: "+20.0000", payee: ""),
            Fixture.detail(sequence: 3, report: "R2", account: "", amount: "+5.0000"),
            Fixture.detail(sequence: 4, report: "R3", amount: "+1.0000"),
        ]
        let (lines, result) = try journal(rows)
        #expect(lines[1].isEmpty && lines[2].isEmpty)
        #expect(!result.isBalanced)
        #expect(result.balancedReportCount == 2)
        #expect(result.unbalancedReportCount == 1)
        let report = try #require(result.unbalancedReports.first)
        #expect(report.reportID == "R2")
        #expect(report.lines == [3, 4])
        #expect(report.problems.count == 2)
        #expect(report.problems[0].contains("payer and payee"))
        #expect(report.problems[1].contains("no journal account code"))
        // And the file check fails with that reason.
        let text = "EXTRACT|2019-02-01|4|36.0000|567\n" + rows.map(Fixture.line).joined(separator: "\n")
        let check = Fixture.check(text)
        #expect(!check.isValid)
        #expect(check.errors.contains { $0.code == .unbalancedReport && $0.message.contains("R2") })
    }

    @Test func postingDateAndDescription() throws {
        let (lines, _) = try journal([
            Fixture.detail(sequence: 1, amount: "+1.0000", extra: [26: "2019-03-05", 69: "Dinner", 191: "CC-1"])
        ])
        #expect(lines[0][0].postingDate == CalendarDate.of("2019-03-05"))
        #expect(lines[0][0].description == "Meals: Dinner")
        #expect(lines[0][0].costObject == "CC-1")
        #expect(lines[0][0].employeeName == "John Doe")
    }
}

@Suite struct JournalTallyTests {
    /// The fast tally (used to check files) and the full lines (used to post) agree on every total.
    @Test func tallyAgreesWithLines() throws {
        var configuration = JournalConfiguration()
        configuration.cardClearingAccounts["AMEX Corporate"] = "2151"
        for custom in [JournalConfiguration(), configuration] {
            var full = JournalBuilder(configuration: custom)
            var fast = JournalBuilder(configuration: custom)
            let rows = [
                Fixture.detail(sequence: 1, amount: "+500.0000"),
                Fixture.detail(
                    sequence: 2,
                    account: "",
                    side: "CR",
                    amount: "-200.0000",
                    payer: "Employee",
                    payee: "Company",
                    extra: [185: "2"]
                ),
                Fixture.detail(
                    sequence: 3,
                    report: "R2",
                    account: "6110",
                    amount: "+300.0000",
                    payee: "AMEX Corporate",
                    extra: [126: "CBCP"]
                ),
                Fixture.detail(
                    sequence: 4,
                    report: "R2",
                    account: "1260",
                    amount: "+50.0000",
                    payee: "AMEX Corporate",
                    extra: [68: "Y", 126: "CBCP"]
                ),
                Fixture.detail(
                    sequence: 5,
                    report: "R2",
                    account: "",
                    side: "CR",
                    amount: "-50.0000",
                    payer: "Employee",
                    payee: "Company"
                ),
                Fixture.detail(sequence: 6, report: "R3", account: "a|b", amount: "+1.0000", payee: "Company"),
                Fixture.detail(sequence: 7, report: "R4", amount: "+1.0000", payee: ""),
            ]
            for values in rows {
                let record = try SAERecord(fields: values)
                _ = full.add(record)
                fast.tally(record)
            }
            let a = full.finish()
            let b = fast.finish()
            #expect(a.totalsByAccount == b.totalsByAccount)
            #expect(a.unbalancedReportCount == 1 && b.unbalancedReportCount == 1)
            #expect(a.balancedReportCount == b.balancedReportCount)
            #expect(a.totalsByAccount["a|b"]?.debit == Amount.of("1"))
        }
    }
}
