/// The accounts and payment-type names used to derive the offset side of each SAE journal line.
///
/// The SAE is one-sided: it carries the expense (and clearing) entries, and the offsetting liability is implied
/// by the payer and payee payment types (spec §5). These settings name the accounts for that other side.
///
/// ```swift
/// var configuration = JournalConfiguration()
/// configuration.employeePayableAccount = "2010"
/// configuration.cardClearingAccounts["AMEX Corporate"] = "2051"
/// ```
public struct JournalConfiguration: Sendable, Hashable, Codable {
    /// Owed to employees for out-of-pocket spend (the payee is an employee).
    public var employeePayableAccount: String
    /// Owed to the card issuer for company card charges (the payee is a card program).
    public var companyCardClearingAccount: String
    /// Card programs with a clearing account of their own, by payment type name.
    public var cardClearingAccounts: [String: String]
    /// Company-paid spend (both sides are the company, e.g. payment code `COPD`).
    public var companyLiabilityAccount: String
    /// Credited when a cash advance is applied to a report and the line names no account.
    public var cashAdvanceAccount: String
    /// Credited when a personal charge on a company card is recovered and the line names no account.
    public var personalChargesAccount: String
    /// Payment type names that mean the company (Concur's default is `Company`).
    public var companyPaymentTypeNames: Set<String>
    /// Payment type names that mean the employee (Concur's default is `Employee`).
    public var employeePaymentTypeNames: Set<String>

    public init(
        employeePayableAccount: String = "2100",
        companyCardClearingAccount: String = "2150",
        cardClearingAccounts: [String: String] = [:],
        companyLiabilityAccount: String = "2200",
        cashAdvanceAccount: String = "1250",
        personalChargesAccount: String = "1260",
        companyPaymentTypeNames: Set<String> = ["Company"],
        employeePaymentTypeNames: Set<String> = ["Employee"]
    ) {
        self.employeePayableAccount = employeePayableAccount
        self.companyCardClearingAccount = companyCardClearingAccount
        self.cardClearingAccounts = cardClearingAccounts
        self.companyLiabilityAccount = companyLiabilityAccount
        self.cashAdvanceAccount = cashAdvanceAccount
        self.personalChargesAccount = personalChargesAccount
        self.companyPaymentTypeNames = companyPaymentTypeNames
        self.employeePaymentTypeNames = employeePaymentTypeNames
    }

    /// Who a payment type name stands for.
    public enum Party: Sendable, Hashable {
        case company
        case employee
        case cardProgram(String)
    }

    public func party(_ paymentTypeName: String) -> Party {
        if companyPaymentTypeNames.contains(paymentTypeName) { return .company }
        if employeePaymentTypeNames.contains(paymentTypeName) { return .employee }
        return .cardProgram(paymentTypeName)
    }

    /// The offset account for a counterparty.
    public func offsetAccount(for party: Party) -> String {
        switch party {
        case .company: companyLiabilityAccount
        case .employee: employeePayableAccount
        case .cardProgram(let name): cardClearingAccounts[name] ?? companyCardClearingAccount
        }
    }
}
