public import AccountingExtract
import Foundation

extension JournalConfiguration {
    /// The offset accounts and payment type names of a journal configuration file; every key is optional and an
    /// unknown key or a bad value is a ``ConfigurationError`` naming the file, the line and the key:
    ///
    /// ```toml
    /// employee_payable_account = "2100"
    /// company_card_clearing_account = "2150"
    /// company_liability_account = "2200"
    /// cash_advance_account = "1250"
    /// personal_charges_account = "1260"
    /// company_payment_types = "Company"            # comma-separated payment type names
    /// employee_payment_types = "Employee, Staff"
    /// [card_clearing]
    /// "AMEX Corporate" = "2051"                     # a card program's own clearing account (a quoted key)
    /// ```
    ///
    /// ```swift
    /// let journal = try JournalConfiguration(configurationFile: "/etc/concur-extract/acme-journal.toml")
    /// ```
    public init(configurationFile path: String) throws(ConfigurationError) {
        try self.init(document: ConfigurationDocument(path: path))
    }

    /// The journal configuration of a parsed file.
    public init(document: ConfigurationDocument) throws(ConfigurationError) {
        self.init()
        let root = document.table
        let accountKeys: [(String, WritableKeyPath<JournalConfiguration, String>)] = [
            ("employee_payable_account", \.employeePayableAccount),
            ("company_card_clearing_account", \.companyCardClearingAccount),
            ("company_liability_account", \.companyLiabilityAccount),
            ("cash_advance_account", \.cashAdvanceAccount),
            ("personal_charges_account", \.personalChargesAccount),
        ]
        try root.requireKnown(
            accountKeys.map(\.0) + ["company_payment_types", "employee_payment_types", "card_clearing"]
        )
        for (key, keyPath) in accountKeys {
            guard let account = try root.string(key) else { continue }
            guard !account.isEmpty else { throw root.badValue(key, "an account (not empty)", got: .string(account)) }
            self[keyPath: keyPath] = account
        }
        func names(_ key: String) throws(ConfigurationError) -> Set<String>? {
            guard let text = try root.string(key) else { return nil }
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            guard !names.isEmpty else {
                throw root.badValue(key, "comma-separated payment type names (at least one)", got: .string(text))
            }
            return Set(names)
        }
        if let company = try names("company_payment_types") { companyPaymentTypeNames = company }
        if let employee = try names("employee_payment_types") { employeePaymentTypeNames = employee }
        if let programs = try root.table("card_clearing") {
            for program in programs.entries.keys.sorted() {
                guard let account = try programs.string(program), !account.isEmpty else {
                    throw programs.badValue(
                        program,
                        "an account (not empty)",
                        got: programs.entries[program] ?? .string("")
                    )
                }
                cardClearingAccounts[program] = account
            }
        }
    }
}
