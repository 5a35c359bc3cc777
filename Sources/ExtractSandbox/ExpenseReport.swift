public import AccountingExtract

/// An employee of a sandbox company.
public struct Employee: Sendable, Hashable, Codable {
    public var id: String
    public var firstName: String
    public var lastName: String
    public var email: String
    public var costCenter: String
    public var homeCurrency: String
    public var country: String
}

/// How an expense entry was paid.
public enum ExpensePayment: String, Sendable, Hashable, Codable {
    /// Paid by the employee, reimbursed (payment code `CASH`).
    case outOfPocket
    /// Charged to a company card, billed to and paid by the company (`CBCP`).
    case companyCard
    /// Paid by the company directly (`COPD`).
    case companyPaid
}

/// One expense entry of a report.
public struct ExpenseEntry: Sendable, Hashable, Codable {
    public var id: String
    public var expenseType: String
    public var accountCode: String
    public var transactionDate: CalendarDate
    public var vendor: String
    public var description: String
    /// The amount in the transaction currency.
    public var transactionAmount: Amount
    public var transactionCurrency: String
    /// The rate from transaction currency to the reimbursement currency (4 places).
    public var exchangeRate: Amount
    /// The amount in the reimbursement currency.
    public var postedAmount: Amount
    public var payment: ExpensePayment
    public var isPersonal: Bool
    /// Tax included in the posted amount, if any.
    public var taxAmount: Amount?
    public var taxCode: String
    /// Cost-center allocations as (cost center, percentage with 4 places, amount); empty means one line.
    public var allocations: [Allocation]
    public var cardTransactionID: String

    public struct Allocation: Sendable, Hashable, Codable {
        public var id: String
        public var costCenter: String
        public var percentage: Amount
        public var amount: Amount
    }
}

/// An approved expense report, ready for extract.
public struct ExpenseReport: Sendable, Hashable, Codable {
    public var id: String
    public var key: String
    public var name: String
    public var employee: Employee
    public var currency: String
    public var submitDate: CalendarDate
    public var paymentDate: CalendarDate
    public var entries: [ExpenseEntry]
    /// A cash advance applied to this report, if any.
    public var cashAdvance: CashAdvance?

    public struct CashAdvance: Sendable, Hashable, Codable {
        public var key: String
        public var name: String
        public var amount: Amount
        public var issuedDate: CalendarDate
    }

    /// The signed journal amounts this report contributes to an SAE: debits for spend, credits for the cash
    /// advance applied and the personal charges recovered.
    public var journalAmountTotal: Amount {
        var total = Amount.zero
        for entry in entries {
            total += entry.postedAmount
            if entry.isPersonal && entry.payment == .companyCard { total -= entry.postedAmount }
        }
        if let cashAdvance { total -= cashAdvance.amount }
        return total
    }
}
