public import AccountingExtract
import Foundation

extension JournalConfiguration {
    /// The offset accounts and payment type names of a journal configuration file, and the accounts FIS documents
    /// need besides (tax, parties, vendors; see ``FISJournalBuilder``); every key is optional and an unknown key or a
    /// bad value is a ``ConfigurationError`` naming the file, the line and the key:
    ///
    /// ```toml
    /// employee_payable_account = "2100"
    /// company_card_clearing_account = "2150"
    /// company_liability_account = "2200"
    /// cash_advance_account = "1250"
    /// personal_charges_account = "1260"
    /// company_payment_types = "Company"            # comma-separated payment type names
    /// employee_payment_types = "Employee, Staff"
    /// reclaimable_tax_account = "1400"             # FIS: reclaimable tax (tax[].amountReclaim)
    /// vendor_payable_account = "2000"               # FIS invoices: owed to the vendor
    /// [card_clearing]
    /// "AMEX Corporate" = "2051"                     # a card program's own clearing account (a quoted key)
    /// [tax_accounts]                                # FIS: reclaimable tax by taxAuthorityLabel
    /// DEVAT = "1410"
    /// [party_accounts]                              # FIS: payer/payee party codes (EMPL, IBCP, CBCP, COPD, …)
    /// CBCP = "2160"
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
            ("reclaimable_tax_account", \.reclaimableTaxAccount),
            ("vendor_payable_account", \.vendorPayableAccount),
        ]
        let accountTables: [(String, WritableKeyPath<JournalConfiguration, [String: String]>)] = [
            ("card_clearing", \.cardClearingAccounts),
            ("tax_accounts", \.taxAccounts),
            ("party_accounts", \.partyAccounts),
        ]
        try root.requireKnown(
            accountKeys.map(\.0) + ["company_payment_types", "employee_payment_types"] + accountTables.map(\.0)
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
        // A table of accounts by name: card programs, tax authorities, party codes.
        for (key, keyPath) in accountTables {
            guard let table = try root.table(key) else { continue }
            for name in table.entries.keys.sorted() {
                guard let account = try table.string(name), !account.isEmpty else {
                    throw table.badValue(name, "an account (not empty)", got: table.entries[name] ?? .string(""))
                }
                self[keyPath: keyPath][name] = account
            }
        }
    }
}
