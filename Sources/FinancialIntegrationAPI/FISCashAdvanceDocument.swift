public import Foundation

/// A cash advance's financial document (§5.14). Unlike expense journals, `journalData[]` carries its side.
///
/// ```swift
/// guard case .cashAdvance(let advance) = try transaction.financialDocument() else { return }
/// for line in advance.journalData { print(line.debitOrCredit, line.accountCode ?? "", line.amount) }
/// ```
public struct FISCashAdvanceDocument: Codable, Sendable, Hashable {
    public var employeeData: FISEmployee
    public var cashAdvanceData: FISCashAdvanceData
    public var journalData: [FISCashAdvanceJournal]

    public init(employeeData: FISEmployee, cashAdvanceData: FISCashAdvanceData, journalData: [FISCashAdvanceJournal]) {
        self.employeeData = employeeData
        self.cashAdvanceData = cashAdvanceData
        self.journalData = journalData
    }
}

/// `cashAdvanceData`; `cashAdvanceId` (GET `docId`) is required.
public struct FISCashAdvanceData: Codable, Sendable, Hashable {
    public var cashAdvanceId: String
    public var name: String?
    public var requestAmount: Decimal?
    public var currencyAlphaCode: String?
    public var currencyNumCode: FISNumberOrString?
    public var employeeCurrencyAlphaCode: String?
    public var exchangeRate: Decimal?
    public var requestDate: String?
    public var issuedDate: String?
    public var requestedDisbursementDate: String?
    public var travelStartDate: String?
    public var travelEndDate: String?
    /// 1: issue.
    public var transactionType: Int?
    /// 0: not Expense Pay; 1: Expense Pay.
    public var paymentMethod: Int?
    public var purpose: String?
    public var locationName: String?
    public var countryCode: String?
    public var countrySubCode: String?
    public var clearingAccountCode: String?
    public var expensePayIndicator: String?
    public var cardAccountID: String?
    public var cardTransactionID: String?
    public var cardTransactionAmount: Decimal?
    public var cardTransactionCurrency: String?
    public var cardTransactionPostedAmount: Decimal?
    public var cardTransactionPostedCurrency: String?
    public var isTest: String?

    public init(cashAdvanceId: String) {
        self.cashAdvanceId = cashAdvanceId
    }
}

/// One `journalData[]` line of a cash advance: signed `amount` and an explicit `debitOrCredit`.
public struct FISCashAdvanceJournal: Codable, Sendable, Hashable {
    public var accountCode: String?
    /// Signed: positive debit, negative credit.
    public var amount: Decimal
    /// `DR` or `CR`.
    public var debitOrCredit: String
    public var payer: String?
    public var payee: String?
    public var paymentCode: String?

    public init(
        accountCode: String?,
        amount: Decimal,
        debitOrCredit: String,
        payer: String? = nil,
        payee: String? = nil,
        paymentCode: String? = nil
    ) {
        self.accountCode = accountCode
        self.amount = amount
        self.debitOrCredit = debitOrCredit
        self.payer = payer
        self.payee = payee
        self.paymentCode = paymentCode
    }
}
