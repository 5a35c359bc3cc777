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
    /// Payment type names that mean the company (Concur's default is `Company`), matched regardless of case
    /// (Concur's own use cases print `COMPANY`).
    public var companyPaymentTypeNames: Set<String>
    /// Payment type names that mean the employee (Concur's default is `Employee`), matched regardless of case.
    public var employeePaymentTypeNames: Set<String>
    /// Payment type names of card programs offset to ``companyCardClearingAccount`` (programs named in
    /// ``cardClearingAccounts`` are card programs too), matched regardless of case.
    public var cardProgramPaymentTypeNames: Set<String> = []
    /// Entry payment type codes (field 126) whose unknown payer or payee names are card programs: `IBCP`,
    /// `CBCP` and `COPD` (spec §5). A name that is neither a company, an employee nor a card program this way
    /// cannot be placed: its report is held, never guessed.
    public var cardProgramPaymentCodes: Set<String> = ["IBCP", "CBCP", "COPD"]

    // What FIS documents need and SAE files do not (see ``FISJournalBuilder``): the SAE states tax as lines of
    // their own and names payers and payees by payment type name; FIS splits tax out of a line and names the
    // parties by code.

    /// FIS: debited with the reclaimable part of a line's tax (`tax[].amountReclaim`, spec §5.11 rule 3) and with
    /// an invoice line's tax, unless ``taxAccounts`` names an account for the tax's authority. Default `1400`.
    public var reclaimableTaxAccount: String = "1400"
    /// FIS: the reclaimable-tax account of a tax authority (`taxAuthorityLabel`, e.g. `DEVAT`), matched exactly.
    public var taxAccounts: [String: String] = [:]
    /// FIS: the account of a payer or payee party code (`EMPL`, `IBCP`, `CBCP`, `COPD`, or a customer's own),
    /// matched regardless of case, before the defaults: `EMPL` → ``employeePayableAccount``; `IBCP`, `CBCP` and
    /// `COPD` → the code's entry in ``cardClearingAccounts``, else ``companyCardClearingAccount``. Any other code
    /// must be named here, or its document is refused (never guessed).
    public var partyAccounts: [String: String] = [:]
    /// FIS invoices: credited with what the company owes the vendor. Default `2000`.
    public var vendorPayableAccount: String = "2000"

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

    /// Who a payment type name stands for, on a line whose entry payment type code (field 126) is
    /// `paymentCode`; `nil` when the configuration cannot place it.
    ///
    /// ```swift
    /// JournalConfiguration().party("EMPLOYEE")                        // .employee
    /// JournalConfiguration().party("IBCP CORP", paymentCode: "IBCP")  // .cardProgram("IBCP CORP")
    /// JournalConfiguration().party("ACME", paymentCode: "CASH")       // nil
    /// ```
    public func party(_ paymentTypeName: String, paymentCode: String = "") -> Party? {
        let name = paymentTypeName.lowercased()
        if companyPaymentTypeNames.contains(where: { $0.lowercased() == name }) { return .company }
        if employeePaymentTypeNames.contains(where: { $0.lowercased() == name }) { return .employee }
        if cardProgramPaymentTypeNames.contains(where: { $0.lowercased() == name })
            || cardClearingAccounts.keys.contains(where: { $0.lowercased() == name })
            || cardProgramPaymentCodes.contains(paymentCode.uppercased())
        {
            return .cardProgram(paymentTypeName)
        }
        return nil
    }

    /// The account of a FIS party code (spec §5.11 rule 2), or `nil` when the configuration cannot place it.
    ///
    /// ```swift
    /// JournalConfiguration().account(forParty: "EMPL")   // "2100"
    /// JournalConfiguration().account(forParty: "CBCP")   // "2150"
    /// JournalConfiguration().account(forParty: "XYZ")    // nil
    /// ```
    public func account(forParty code: String) -> String? {
        let upper = code.uppercased()
        if let account = partyAccounts.first(where: { $0.key.uppercased() == upper })?.value { return account }
        if upper == "EMPL" { return employeePayableAccount }
        if ["IBCP", "CBCP", "COPD"].contains(upper) {
            return cardClearingAccounts.first(where: { $0.key.uppercased() == upper })?.value
                ?? companyCardClearingAccount
        }
        return nil
    }

    /// The offset account for a counterparty.
    public func offsetAccount(for party: Party) -> String {
        switch party {
        case .company: companyLiabilityAccount
        case .employee: employeePayableAccount
        case .cardProgram(let name):
            cardClearingAccounts[name]
                ?? cardClearingAccounts.first(where: { $0.key.lowercased() == name.lowercased() })?.value
                ?? companyCardClearingAccount
        }
    }
}
