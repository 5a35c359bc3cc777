import AccountingExtract
import ExtractConfiguration
import Foundation
import Testing

/// The client settings file and the journal configuration file.
@Suite struct SettingsFileTests {
    static func document(_ lines: [String], file: String) throws(ConfigurationError) -> ConfigurationDocument {
        try ConfigurationDocument(text: lines.joined(separator: "\n") + "\n", file: file)
    }

    static func failure(_ body: () throws -> Void) -> ConfigurationError? {
        do {
            try body()
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            Issue.record("not a ConfigurationError: \(error)")
            return nil
        }
    }

    @Test func clientSettingsReadTheirKeysAndTolerateCompanySections() throws {
        let settings = try ClientFileSettings(
            document: Self.document(
                [
                    "base_url = \"https://eu.api.concursolutions.com\"", #"client_secret = "a\"b""#,
                    "state_dir = \"/var/lib/x\"", "format = \"json\"", "[company.acme]", "client_id = \"c\"",
                ],
                file: "config.toml"
            )
        )
        #expect(settings.baseURL == "https://eu.api.concursolutions.com")
        #expect(settings.clientSecret == #"a"b"#)
        #expect(settings.stateDirectory == "/var/lib/x")
        #expect(settings.format == "json")
        #expect(settings.clientID == nil)
    }

    @Test func clientSettingsRejectUnknownKeysAndBadValues() {
        let unknown = Self.failure {
            _ = try ClientFileSettings(
                document: Self.document(["format = \"xml\"", "clientid = \"x\""], file: "c.toml")
            )
        }
        #expect(unknown?.description.hasPrefix("c.toml:2: unknown key 'clientid' in the top level") == true)
        let format = Self.failure {
            _ = try ClientFileSettings(document: Self.document(["", "format = \"yaml\""], file: "c.toml"))
        }
        #expect(format?.description == #"c.toml:2: 'format' must be "xml" or "json", got "yaml""#)
        let secret = Self.failure {
            _ = try ClientFileSettings(document: Self.document(["client_secret = 12345678"], file: "c.toml"))
        }
        #expect(secret?.description == "c.toml:1: 'client_secret' must be a string in quotes, got a whole number")
    }

    @Test func theJournalFileReadsQuotedCardProgramsAndNames() throws {
        let journal = try JournalConfiguration(
            document: Self.document(
                [
                    "employee_payable_account = \"2010\"", "employee_payment_types = \"Employee, Staff\"",
                    "[card_clearing]", "\"AMEX Corporate\" = \"2051\"", "Visa = \"2052\"",
                ],
                file: "journal.toml"
            )
        )
        #expect(journal.employeePayableAccount == "2010")
        #expect(journal.employeePaymentTypeNames == ["Employee", "Staff"])
        #expect(journal.cardClearingAccounts == ["AMEX Corporate": "2051", "Visa": "2052"])
    }

    @Test func theJournalFileNamesItsFaults() {
        func fault(_ lines: [String]) -> ConfigurationError? {
            Self.failure { _ = try JournalConfiguration(document: Self.document(lines, file: "journal.toml")) }
        }
        let unknown = fault(["cash_advance_account = \"1250\"", "cash_advance = \"1\""])
        #expect(unknown?.description.hasPrefix("journal.toml:2: unknown key 'cash_advance' in the top level") == true)
        let empty = fault(["", "", "employee_payable_account = \"\""])
        #expect(empty?.code == .badValue)
        #expect(empty?.line == 3)
        let names = fault(["company_payment_types = \" , \""])
        #expect(names?.line == 1)
        let program = fault(["[card_clearing]", "Visa = 2052"])
        #expect(program?.description == "journal.toml:2: 'Visa' must be a string in quotes, got 2052")
        // The old subset took `AMEX Corporate = "2051"`; TOML needs the key quoted, and the message says so.
        let spaced = fault(["[card_clearing]", "AMEX Corporate = \"2051\""])
        #expect(spaced?.code == .syntax)
        #expect(spaced?.line == 2)
        #expect(spaced?.description.contains(#""AMEX Corporate" = "#) == true, "\(String(describing: spaced))")
    }

    /// The accounts FIS documents need: reclaimable tax, vendor payable, tax accounts by authority, party accounts
    /// by code (issue 12); unset keys keep their defaults.
    @Test func theJournalFileReadsTheFISAccounts() throws {
        let journal = try JournalConfiguration(
            document: Self.document(
                [
                    "reclaimable_tax_account = \"1410\"", "vendor_payable_account = \"2010\"",
                    "[tax_accounts]", "DEVAT = \"1411\"", "\"GB VAT\" = \"1412\"",
                    "[party_accounts]", "CBCP = \"2160\"", "LOAN = \"2170\"",
                ],
                file: "journal.toml"
            )
        )
        #expect(journal.reclaimableTaxAccount == "1410" && journal.vendorPayableAccount == "2010")
        #expect(journal.taxAccounts == ["DEVAT": "1411", "GB VAT": "1412"])
        #expect(journal.partyAccounts == ["CBCP": "2160", "LOAN": "2170"])
        #expect(journal.account(forParty: "cbcp") == "2160" && journal.account(forParty: "LOAN") == "2170")
        let defaults = try JournalConfiguration(document: Self.document(["cash_advance_account = \"1250\""], file: "j"))
        #expect(defaults.reclaimableTaxAccount == "1400" && defaults.vendorPayableAccount == "2000")
        #expect(defaults.taxAccounts.isEmpty && defaults.partyAccounts.isEmpty)
    }

    @Test func theJournalFileNamesTheFISAccountsFaults() {
        func fault(_ lines: [String]) -> ConfigurationError? {
            Self.failure { _ = try JournalConfiguration(document: Self.document(lines, file: "journal.toml")) }
        }
        let empty = fault(["", "vendor_payable_account = \"\""])
        #expect(empty?.code == .badValue && empty?.line == 2)
        #expect(empty?.description.contains("'vendor_payable_account'") == true, "\(String(describing: empty))")
        let number = fault(["reclaimable_tax_account = 1400"])
        #expect(number?.description == "journal.toml:1: 'reclaimable_tax_account' must be a string in quotes, got 1400")
        let tax = fault(["[tax_accounts]", "DEVAT = \"1411\"", "FRVAT = 1412"])
        #expect(tax?.description == "journal.toml:3: 'FRVAT' must be a string in quotes, got 1412")
        let party = fault(["[party_accounts]", "", "EMPL = \"\""])
        #expect(party?.code == .badValue && party?.line == 3)
        #expect(party?.description.contains("'EMPL'") == true, "\(String(describing: party))")
        let misspelt = fault(["vendor_account = \"2000\""])
        #expect(
            misspelt?.description.hasPrefix("journal.toml:1: unknown key 'vendor_account' in the top level") == true
        )
    }

    /// Lines inside a multi-line string never count as keys: the key after it is found at its own line.
    @Test func linesAreCountedPastMultiLineStrings() {
        let error = Self.failure {
            _ = try ClientFileSettings(
                document: Self.document(
                    ["credential_type = \"\"\"", "format = 1", "\"\"\"", "format = \"csv\""],
                    file: "c.toml"
                )
            )
        }
        #expect(error?.line == 4, "\(String(describing: error))")
    }
}
