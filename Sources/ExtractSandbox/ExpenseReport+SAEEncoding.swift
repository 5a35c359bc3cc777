public import AccountingExtract

extension ExpenseReport {
    /// Appends the report's DETAIL lines to `writer`, field by field in ascending order and without building
    /// strings for numbers, amounts and dates: the same bytes as ``saeLines(batchID:batchDate:firstSequence:)``
    /// written with ``SAEWriter/append(fields:)`` (that function stays the reference; a property test compares
    /// both), numbered on from the lines already written.
    ///
    /// ```swift
    /// try report.appendSAELines(to: writer)
    /// ```
    public func appendSAELines(to writer: SAEWriter) throws(SAEError) {
        var outOfPocket = Amount.zero
        var card = Amount.zero
        var personal = Amount.zero
        var total = Amount.zero
        var hasTax = false
        for entry in entries {
            if entry.payment == .outOfPocket { outOfPocket += entry.postedAmount }
            if entry.payment == .companyCard { card += entry.postedAmount }
            if entry.isPersonal { personal += entry.postedAmount }
            total += entry.postedAmount
            if entry.taxAmount != nil { hasTax = true }
        }
        let summary = SAESummary(
            keyNumber: Int(key),
            hasTax: hasTax,
            total: total,
            personal: personal,
            dueEmployee: outOfPocket - personal - (cashAdvance?.amount ?? .zero),
            card: card
        )
        // The fields every line of the report repeats (employee, report, totals), written once and copied.
        var shared = SharedFields()
        for entry in entries {
            let payee = Self.payee(of: entry)
            if entry.allocations.isEmpty {
                let part = ExpenseEntry.Allocation(
                    id: "",
                    costCenter: employee.costCenter,
                    percentage: Amount(units: 100),
                    amount: entry.postedAmount
                )
                try appendLine(to: writer, summary, &shared, .debit(entry, part, payee: payee))
            } else {
                for part in entry.allocations {
                    try appendLine(to: writer, summary, &shared, .debit(entry, part, payee: payee))
                }
            }
            if entry.isPersonal { try appendLine(to: writer, summary, &shared, .personalRecovery(entry)) }
        }
        if let cashAdvance { try appendLine(to: writer, summary, &shared, .cashAdvance(cashAdvance)) }
    }

    /// The number of DETAIL lines ``appendSAELines(to:)`` writes for the report: one a cost-center allocation
    /// of each entry (one for an entry without allocations), one more for a personal entry, one for the cash
    /// advance. Writers of several segments at once number each segment's lines with it.
    ///
    /// ```swift
    /// let next = SAEWriter(segmentOf: writer, after: writer.recordCount + report.saeLineCount)
    /// ```
    public var saeLineCount: Int {
        var lines = cashAdvance == nil ? 0 : 1
        for entry in entries {
            lines += max(1, entry.allocations.count) + (entry.isPersonal ? 1 : 0)
        }
        return lines
    }

    /// The report-wide values every line repeats.
    private struct SAESummary {
        var keyNumber: Int?
        var hasTax: Bool
        var total: Amount
        var personal: Amount
        var dueEmployee: Amount
        var card: Amount
    }

    /// The report's field runs, kept from its first line for the next ones.
    private struct SharedFields {
        var head: SAEFieldRun?
        var tail: SAEFieldRun?
    }

    /// What one line posts (the spec's payer/payee patterns, §5).
    private enum SAELineKind {
        /// The spend of an entry (or of one of its allocations): Company pays `payee`.
        case debit(ExpenseEntry, ExpenseEntry.Allocation, payee: String)
        /// A personal charge on a company card, recovered from the employee.
        case personalRecovery(ExpenseEntry)
        /// The cash advance applied to the report.
        case cashAdvance(CashAdvance)

        var entry: ExpenseEntry? {
            switch self {
            case .debit(let entry, _, _), .personalRecovery(let entry): entry
            case .cashAdvance: nil
            }
        }
    }

    private func appendLine(
        to writer: SAEWriter,
        _ summary: SAESummary,
        _ shared: inout SharedFields,
        _ kind: SAELineKind
    ) throws(SAEError) {
        let sequence = writer.recordCount + 1
        let batchID = writer.batchID
        let batchDate = writer.batchDate
        try writer.appendLine { (f) throws(SAEError) in
            let entry = kind.entry
            try f.put(1, "DETAIL")
            try f.put(2, batchID)
            f.put(3, batchDate)
            f.put(4, sequence)
            try f.put(5...33, from: &shared.head) { (f) throws(SAEError) in
                try f.put(5, employee.id)
                try f.put(6, employee.lastName)
                try f.put(7, employee.firstName)
                try f.put(9, employee.country)
                try f.put(10, employee.costCenter)
                try f.put(19, id)
                try f.put(20, key)
                try f.put(21, "DEFAULT")
                try f.put(22, currency)
                try f.put(23, employee.country)
                f.put(24, submitDate)
                f.put(26, paymentDate)
                try f.put(27, name)
                try f.put(28, "N")
                try f.put(29, summary.hasTax ? "Y" : "N")
                try f.put(30, "N")
                f.put(31, summary.total)
                f.put(32, summary.total)
                try f.put(33, "Standard Policy")
            }
            if let entry {
                try f.put(61, entry.id)
                try f.put(62, "REG")
                try f.put(63, entry.expenseType)
                f.put(64, entry.transactionDate)
                try f.put(65, entry.transactionCurrency)
                f.put(66, entry.exchangeRate)
                try f.put(67, "M")
                try f.put(68, entry.isPersonal ? "Y" : "N")
                try f.put(69, entry.description)
                try f.put(70, entry.vendor)
                try f.put(72, "Y")
                try f.put(74, "0")
                try f.put(75, "0")
                try f.put(76, entry.expenseType == "Meals" ? "2" : "0")
                f.put(123, entry.transactionAmount)
                f.put(124, entry.postedAmount)
                f.put(125, entry.postedAmount)
                switch entry.payment {
                case .outOfPocket:
                    try f.put(126, "CASH")
                    try f.put(127, "Cash")
                case .companyCard:
                    try f.put(126, "CBCP")
                    try f.put(127, "Company Billed/Company Paid")
                    try f.put(130, "XXXXXXXXXXX1005")
                    try f.put(131, Self.cardProgramName)
                    try f.put(136, entry.cardTransactionID)
                    f.put(137, entry.transactionAmount)
                    try f.put(139, entry.transactionCurrency)
                    f.put(140, entry.postedAmount)
                    try f.put(141, currency)
                    f.put(142, entry.transactionDate)
                    try f.put(146, entry.vendor)
                case .companyPaid:
                    try f.put(126, "COPD")
                    try f.put(127, "Company Paid")
                }
                try f.put(158, "US")
                try f.put(160, entry.transactionCurrency == currency ? "HOME" : "FRGN")
            } else {
                try f.put(126, "CASH")
                try f.put(127, "Cash")
            }
            let payer: String
            let payee: String
            let account: String
            let amount: Amount
            switch kind {
            case .debit(let entry, let part, let to):
                (payer, payee, account, amount) = ("Company", to, entry.accountCode, part.amount)
            case .personalRecovery(let entry):
                (payer, payee, account, amount) = ("Employee", "Company", "", -entry.postedAmount)
            case .cashAdvance(let advance):
                (payer, payee, account, amount) = ("Employee", "Company", "1250", -advance.amount)
            }
            try f.put(163, payer)
            try f.put(164, payer == "Company" || payer == "Employee" ? Self.pseudoPaymentCode : Self.cardProgramName)
            try f.put(165, payee)
            try f.put(166, payee == "Company" || payee == "Employee" ? Self.pseudoPaymentCode : Self.cardProgramName)
            try f.put(167, account)
            try f.put(168, amount.isNegative ? "CR" : "DR")
            f.put(169, amount, explicitSign: true)
            f.put(170, summary.keyNumber.map { $0 * 1_000 + sequence % 1_000 } ?? sequence)
            switch kind {
            case .cashAdvance(let advance):
                f.put(177, advance.amount)
                try f.put(178, currency)
                try f.put(180, "1.0000")
                try f.put(181, currency)
                f.put(183, advance.issuedDate)
                try f.put(184, "Cash")
                try f.put(185, "2")
                f.put(186, advance.issuedDate)
                try f.put(187, advance.key)
            case .debit(_, let part, _):
                try f.put(189, part.id)
                f.put(190, part.percentage)
                try f.put(191, part.costCenter)
            case .personalRecovery: break
            }
            if let entry, let tax = entry.taxAmount {
                try f.put(225, entry.transactionCurrency == "EUR" ? "Bundeszentralamt für Steuern" : "HMRC")
                try f.put(226, "VAT")
                f.put(227, tax)
                f.put(228, tax)
                try f.put(229, "RCPT")
                try f.put(232, entry.taxCode)
                f.put(246, tax)
            }
            switch (kind, entry?.payment) {
            case (.cashAdvance, _): try f.put(250, "CASH ADVANCE")
            case (_, .companyCard): try f.put(250, Self.cardProgramName)
            case (_, .companyPaid): try f.put(250, "Company Paid")
            default: try f.put(250, "Out of Pocket")
            }
            if case .cashAdvance(let advance) = kind { try f.put(259, advance.name) }
            try f.put(264...SAEField.detailFieldCount, from: &shared.tail) { (f) throws(SAEError) in
                try f.put(264, employee.email)
                try f.put(265, employee.email)
                f.put(311, summary.personal)
                f.put(312, summary.total)
                f.put(313, summary.dueEmployee)
                f.put(314, summary.card)
                try f.put(321, "Expense Report")
                f.put(324, submitDate)
                f.put(325, submitDate)
            }
        }
    }
}
