/// One line of a double-entry journal: an account, a debit or a credit, and what it came from.
///
/// Each SAE DETAIL line gives two journal lines: the ``Origin/extract`` line as the file states it, and the
/// ``Origin/offset`` line derived from the payer and payee payment types.
public struct JournalLine: Sendable, Hashable, Codable {
    /// Where the line comes from.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// The line as the SAE states it (fields 167–169).
        case extract
        /// The derived other side (employee payable, card clearing, company liability).
        case offset
    }

    public var batchID: String
    /// The DETAIL line's sequence number (field 4).
    public var sequenceNumber: Int
    public var origin: Origin
    public var postingDate: CalendarDate
    public var account: String
    /// Zero or positive.
    public var debit: Amount
    /// Zero or positive.
    public var credit: Amount
    public var currency: String
    public var employeeID: String
    public var employeeName: String
    public var reportID: String
    public var reportName: String
    public var description: String
    /// The first allocation custom field (the cost object, e.g. a cost center), if any.
    public var costObject: String
    public var journalKey: String

    /// Debit minus credit.
    public var signedAmount: Amount { debit - credit }

    /// A journal line from its values (the ledger reads lines back from its database; tests make them).
    ///
    /// ```swift
    /// let line = JournalLine(batchID: "567", sequenceNumber: 1, origin: .extract, postingDate: date,
    ///                        account: "6000", debit: Amount(units: 12), credit: .zero, currency: "USD",
    ///                        employeeID: "E1", employeeName: "Chris Miller", reportID: "R1", reportName: "Trip",
    ///                        description: "Hotel", costObject: "CC1", journalKey: "567-1")
    /// ```
    public init(
        batchID: String,
        sequenceNumber: Int,
        origin: Origin,
        postingDate: CalendarDate,
        account: String,
        debit: Amount,
        credit: Amount,
        currency: String,
        employeeID: String,
        employeeName: String,
        reportID: String,
        reportName: String,
        description: String,
        costObject: String,
        journalKey: String
    ) {
        self.batchID = batchID
        self.sequenceNumber = sequenceNumber
        self.origin = origin
        self.postingDate = postingDate
        self.account = account
        self.debit = debit
        self.credit = credit
        self.currency = currency
        self.employeeID = employeeID
        self.employeeName = employeeName
        self.reportID = reportID
        self.reportName = reportName
        self.description = description
        self.costObject = costObject
        self.journalKey = journalKey
    }
}

/// The journal of one report and whether it balances.
public struct ReportJournalResult: Sendable, Hashable, Codable {
    public var reportID: String
    public var employeeID: String
    public var debitTotal: Amount
    public var creditTotal: Amount
    /// Why the report cannot be balanced; empty when it balances.
    public var problems: [String]
    /// The lines of the DETAIL lines that could not be balanced.
    public var lines: [Int]
    /// The field of the first problem, its name and the value found there, when one field was at fault.
    public var problemField: Int? = nil
    public var problemFieldName: String? = nil
    public var problemValue: String? = nil
    /// The code of the first problem: `unbalanced-report`, or e.g. `unknown-payment-type`.
    public var code: SAEError.Code = .unbalancedReport

    public var isBalanced: Bool { problems.isEmpty && debitTotal == creditTotal }

    /// The report's problem as a check error: its first line, and the field and value of its first problem.
    public var unbalancedError: SAEError {
        SAEError(
            code,
            "report \(reportID) cannot be balanced: " + problems.joined(separator: "; "),
            line: lines.first,
            field: problemField,
            fieldName: problemFieldName,
            value: problemValue
        )
    }
}

/// Debit and credit totals of one account.
public struct AccountTotals: Sendable, Hashable, Codable {
    public var debit = Amount.zero
    public var credit = Amount.zero
    public init(debit: Amount = .zero, credit: Amount = .zero) {
        self.debit = debit
        self.credit = credit
    }
}
