public import AccountingExtract

extension ExpenseReport {
    /// The card program's payment type name used as payer or payee of company card lines.
    public static let cardProgramName = "AMEX Corporate"

    /// The payee payment type name of an entry's line (field 165): who was paid.
    static func payee(of entry: ExpenseEntry) -> String {
        switch entry.payment {
        case .outOfPocket: "Employee"
        case .companyCard: cardProgramName
        case .companyPaid: "Company"
        }
    }
    static let pseudoPaymentCode = "Company/Employee Pseudo Payment Code"

    /// The report's SAE DETAIL lines (400 values each), following the spec's payer/payee patterns (§5): debit
    /// lines per entry and allocation, then credit lines for personal card charges recovered and the cash
    /// advance applied.
    /// - Parameters:
    ///   - batchID: the batch id written on every line.
    ///   - batchDate: the batch date written on every line.
    ///   - firstSequence: the sequence number of the first line; lines are numbered on from it.
    public func saeLines(batchID: String, batchDate: CalendarDate, firstSequence: Int) -> [[String]] {
        var lines: [[String]] = []
        var sequence = firstSequence
        let outOfPocket = entries.filter { $0.payment == .outOfPocket }.reduce(Amount.zero) { $0 + $1.postedAmount }
        let card = entries.filter { $0.payment == .companyCard }.reduce(Amount.zero) { $0 + $1.postedAmount }
        let personal = entries.filter { $0.isPersonal }.reduce(Amount.zero) { $0 + $1.postedAmount }
        let total = entries.reduce(Amount.zero) { $0 + $1.postedAmount }
        let dueEmployee = outOfPocket - personal - (cashAdvance?.amount ?? .zero)

        func base(_ entry: ExpenseEntry?) -> [String] {
            var f = [String](repeating: "", count: SAEField.detailFieldCount + 1)  // 1-based
            f[1] = "DETAIL"
            f[2] = batchID
            f[3] = batchDate.description
            f[4] = String(sequence)
            f[5] = employee.id
            f[6] = employee.lastName
            f[7] = employee.firstName
            f[9] = employee.country
            f[10] = employee.costCenter
            f[19] = id
            f[20] = key
            f[21] = "DEFAULT"
            f[22] = currency
            f[23] = employee.country
            f[24] = submitDate.description
            f[26] = paymentDate.description
            f[27] = name
            f[28] = "N"
            f[29] = entries.contains { $0.taxAmount != nil } ? "Y" : "N"
            f[30] = "N"
            f[31] = total.formatted()
            f[32] = total.formatted()
            f[33] = "Standard Policy"
            f[250] = "Out of Pocket"
            f[264] = employee.email
            f[265] = employee.email
            f[311] = personal.formatted()
            f[312] = total.formatted()
            f[313] = dueEmployee.formatted()
            f[314] = card.formatted()
            f[321] = "Expense Report"
            f[324] = submitDate.description
            f[325] = submitDate.description
            if let entry {
                f[61] = entry.id
                f[62] = "REG"
                f[63] = entry.expenseType
                f[64] = entry.transactionDate.description
                f[65] = entry.transactionCurrency
                f[66] = entry.exchangeRate.formatted()
                f[67] = "M"
                f[68] = entry.isPersonal ? "Y" : "N"
                f[69] = entry.description
                f[70] = entry.vendor
                f[72] = "Y"
                f[74] = "0"
                f[75] = "0"
                f[76] = entry.expenseType == "Meals" ? "2" : "0"
                f[123] = entry.transactionAmount.formatted()
                f[124] = entry.postedAmount.formatted()
                f[125] = entry.postedAmount.formatted()
                f[158] = "US"
                f[160] = entry.transactionCurrency == currency ? "HOME" : "FRGN"
                switch entry.payment {
                case .outOfPocket:
                    f[126] = "CASH"
                    f[127] = "Cash"
                case .companyCard:
                    f[126] = "CBCP"
                    f[127] = "Company Billed/Company Paid"
                    f[130] = "XXXXXXXXXXX1005"
                    f[131] = Self.cardProgramName
                    f[136] = entry.cardTransactionID
                    f[137] = entry.transactionAmount.formatted()
                    f[139] = entry.transactionCurrency
                    f[140] = entry.postedAmount.formatted()
                    f[141] = currency
                    f[142] = entry.transactionDate.description
                    f[146] = entry.vendor
                    f[250] = Self.cardProgramName
                case .companyPaid:
                    f[126] = "COPD"
                    f[127] = "Company Paid"
                    f[250] = "Company Paid"
                }
                if let tax = entry.taxAmount {
                    f[225] = entry.transactionCurrency == "EUR" ? "Bundeszentralamt für Steuern" : "HMRC"
                    f[226] = "VAT"
                    f[227] = tax.formatted()
                    f[228] = tax.formatted()
                    f[229] = "RCPT"
                    f[232] = entry.taxCode
                    f[246] = tax.formatted()
                }
            }
            return f
        }

        func journal(_ f: inout [String], payer: String, payee: String, account: String, amount: Amount) {
            f[163] = payer
            f[164] = payer == "Company" || payer == "Employee" ? Self.pseudoPaymentCode : Self.cardProgramName
            f[165] = payee
            f[166] = payee == "Company" || payee == "Employee" ? Self.pseudoPaymentCode : Self.cardProgramName
            f[167] = account
            f[168] = amount.isNegative ? "CR" : "DR"
            f[169] = amount.formatted(explicitSign: true)
            f[170] = String(Int(key).map { $0 * 1_000 + sequence % 1_000 } ?? sequence)
        }

        func emit(_ f: [String]) {
            lines.append(Array(f.dropFirst()))
            sequence += 1
        }

        for entry in entries {
            let payee = Self.payee(of: entry)
            let parts =
                entry.allocations.isEmpty
                ? [
                    ExpenseEntry.Allocation(
                        id: "",
                        costCenter: employee.costCenter,
                        percentage: Amount(units: 100),
                        amount: entry.postedAmount
                    )
                ]
                : entry.allocations
            for part in parts {
                var f = base(entry)
                journal(&f, payer: "Company", payee: payee, account: entry.accountCode, amount: part.amount)
                f[189] = part.id
                f[190] = part.percentage.formatted()
                f[191] = part.costCenter
                emit(f)
            }
            if entry.isPersonal {
                var f = base(entry)
                journal(&f, payer: "Employee", payee: "Company", account: "", amount: -entry.postedAmount)
                emit(f)
            }
        }
        if let cashAdvance {
            var f = base(nil)
            f[126] = "CASH"
            f[127] = "Cash"
            f[250] = "CASH ADVANCE"
            journal(&f, payer: "Employee", payee: "Company", account: "1250", amount: -cashAdvance.amount)
            f[177] = cashAdvance.amount.formatted()
            f[178] = currency
            f[180] = "1.0000"
            f[181] = currency
            f[183] = cashAdvance.issuedDate.description
            f[184] = "Cash"
            f[185] = "2"
            f[186] = cashAdvance.issuedDate.description
            f[187] = cashAdvance.key
            f[259] = cashAdvance.name
            emit(f)
        }
        return lines
    }
}

extension SAEWriter {
    /// Appends the DETAIL lines of `reports`, numbering them on from the lines already written, field by field
    /// (``ExpenseReport/appendSAELines(to:)``, the bytes of
    /// ``ExpenseReport/saeLines(batchID:batchDate:firstSequence:)``).
    public func append(reports: [ExpenseReport]) throws(SAEError) {
        for report in reports { try report.appendSAELines(to: self) }
    }
}
