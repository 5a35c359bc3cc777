import AccountingExtract
import ArgumentParser
import Ledger

/// How a file is posted: the unbalanced-report policy and the journal configuration (offset accounts and payment
/// type names). Shared by `sync` and `quarantine reload`, so a reload checks a file exactly as a sync would.
///
/// The journal file uses the configuration file's syntax; every key is optional:
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
/// AMEX Corporate = "2051"                       # a card program's own clearing account
/// ```
struct PostingOptions: ParsableArguments {
    @Option(
        help:
            "A report that cannot be balanced: 'hold' its whole batch (default) or 'post-balanced' (post the other reports, hold it)."
    )
    var unbalanced = "hold"

    @Option(
        help:
            "A journal configuration file: offset accounts and payment type names (see the README). Default: the built-in accounts."
    )
    var journal: String?

    func policy() throws -> LedgerLoader.UnbalancedReportPolicy {
        guard let policy = LedgerLoader.UnbalancedReportPolicy(rawValue: unbalanced) else {
            throw ValidationError("--unbalanced is hold or post-balanced, not '\(unbalanced)'")
        }
        return policy
    }

    func journalConfiguration() throws -> JournalConfiguration {
        guard let journal else { return JournalConfiguration() }
        return try Self.journalConfiguration(ConfigurationFile(path: journal))
    }

    static var accountKeys: [(String, WritableKeyPath<JournalConfiguration, String>)] {
        [
            ("employee_payable_account", \.employeePayableAccount),
            ("company_card_clearing_account", \.companyCardClearingAccount),
            ("company_liability_account", \.companyLiabilityAccount),
            ("cash_advance_account", \.cashAdvanceAccount),
            ("personal_charges_account", \.personalChargesAccount),
        ]
    }

    static func journalConfiguration(_ file: ConfigurationFile) throws -> JournalConfiguration {
        var configuration = JournalConfiguration()
        let path = file.path ?? "the journal configuration"
        var known = Set(accountKeys.map(\.0) + ["company_payment_types", "employee_payment_types"])
        for (key, keyPath) in accountKeys {
            guard let value = file[key] else { continue }
            guard !value.isEmpty else { throw ValidationError("\(path): \(key) is empty: give an account") }
            configuration[keyPath: keyPath] = value
        }
        func names(_ key: String) throws -> Set<String>? {
            guard let text = file[key] else { return nil }
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            guard !names.isEmpty else { throw ValidationError("\(path): \(key) names no payment type") }
            return Set(names)
        }
        if let company = try names("company_payment_types") { configuration.companyPaymentTypeNames = company }
        if let employee = try names("employee_payment_types") { configuration.employeePaymentTypeNames = employee }
        for (key, value) in file.values where key.hasPrefix("card_clearing.") {
            configuration.cardClearingAccounts[String(key.dropFirst("card_clearing.".count))] = value
            known.insert(key)
        }
        if let unknown = file.values.keys.filter({ !known.contains($0) }).sorted().first {
            throw ValidationError(
                "\(path): unknown key '\(unknown)'; the keys are \(accountKeys.map(\.0).joined(separator: ", ")), company_payment_types, employee_payment_types and [card_clearing] entries"
            )
        }
        return configuration
    }
}
