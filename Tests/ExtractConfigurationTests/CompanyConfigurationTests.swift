import ExtractAPI
import ExtractConfiguration
import Foundation
import Ledger
import Testing

/// The companies file: TOML escapes, and every unknown key, bad value and duplicate named by file, line and key.
@Suite struct CompanyConfigurationTests {
    static let file = "companies.toml"

    /// A working section for `name`; its lines are numbered from 1.
    static func section(_ name: String = "acme") -> [String] {
        [
            "[company.\(name)]",
            "base_url = \"https://us.api.concursolutions.com\"",
            "client_id = \"client-1\"",
            "client_secret = \"s3cr3t-client\"",
            "username = \"company-uuid\"",
            "password = \"s3cr3t-token\"",
            "every_minutes = 30",
        ]
    }

    static func companies(
        _ lines: [String],
        environment: [String: String] = [:]
    ) throws(ConfigurationError) -> [CompanyConfiguration] {
        let document = try ConfigurationDocument(text: lines.joined(separator: "\n") + "\n", file: file)
        return try CompanyConfiguration.companies(in: document, environment: environment)
    }

    static func error(_ lines: [String], environment: [String: String] = [:]) -> ConfigurationError? {
        do {
            _ = try companies(lines, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func aWorkingSectionReadsEveryKey() throws {
        let list = try Self.companies(
            Self.section() + [
                "format = \"JSON\"", "unbalanced = \"post-balanced\"", "definition = \"Other\"", "sole_writer = true",
            ]
        )
        #expect(list.map(\.name) == ["acme"])
        let acme = try #require(list.first)
        #expect(acme.client.clientID == "client-1")
        #expect(acme.client.clientSecret == "s3cr3t-client")
        #expect(acme.login?.username == "company-uuid")
        #expect(acme.login?.password == "s3cr3t-token")
        #expect(acme.every == .seconds(30 * 60))
        #expect(acme.format == .json)
        #expect(acme.unbalancedReports == .postBalancedReports)
        #expect(acme.definition == "Other")
        #expect(acme.soleWriter)
        #expect(try Self.companies(Self.section()).first?.soleWriter == false, "not the sole writer unless declared")
    }

    @Test func anEscapedQuoteStaysInsideTheString() throws {
        var lines = Self.section()
        lines[5] = #"password_env = "A\"B""#
        lines[3] = #"client_secret = "x\"y\\z""#
        let acme = try #require(try Self.companies(lines, environment: [#"A"B"#: "from-the-environment"]).first)
        #expect(acme.login?.password == "from-the-environment")
        #expect(acme.client.clientSecret == #"x"y\z"#)
    }

    @Test func anUnknownKeyIsNamedWithItsLine() {
        let error = Self.error(Self.section() + ["evry_minutes = 5"])
        #expect(error?.code == .unknownKey)
        #expect(error?.line == 8)
        #expect(error?.key == "company.acme.evry_minutes")
        #expect(
            error?.description.hasPrefix(
                "companies.toml:8: unknown key 'evry_minutes' in [company.acme] (known: base_url"
            )
                == true,
            "\(String(describing: error))"
        )
    }

    /// `source` picks extract (the default) or FIS per company; `system_id` names the ledger to FIS.
    @Test func theSourceAndSystemIDAreReadAndChecked() throws {
        let fis = try Self.companies(Self.section() + ["source = \"fis\"", "system_id = \"LEDGER01\""])
        #expect(fis.first?.source == .fis)
        #expect(fis.first?.systemID == "LEDGER01")
        let plain = try Self.companies(Self.section())
        #expect(plain.first?.source == .extract)
        #expect(plain.first?.systemID == SyncSourceKind.defaultSystemID)

        let wrong = Self.error(Self.section() + ["source = \"sftp\""])
        #expect(wrong?.code == .badValue)
        #expect(wrong?.description == #"companies.toml:8: 'source' must be "extract" or "fis", got "sftp""#)
        let long = Self.error(Self.section() + ["system_id = \"\(String(repeating: "x", count: 51))\""])
        #expect(long?.key == "company.acme.system_id", "\(String(describing: long))")
    }

    /// `alert_webhook`: https (or http on 127.0.0.1), from the file or the environment; refused with the file, the
    /// line and the key, never the URL (a webhook URL carries a token).
    @Test func theAlertWebhookIsReadAndCheckedWithoutShowingIt() throws {
        let hook = "https://hooks.slack.com/services/T0/B0/tok3n-path"
        let read = try Self.companies(Self.section() + ["alert_webhook = \"\(hook)\""])
        #expect(read.first?.alertWebhook?.url.absoluteString == hook)
        #expect(try Self.companies(Self.section()).first?.alertWebhook == nil)
        let fromEnvironment = try Self.companies(
            Self.section() + ["alert_webhook_env = \"HOOK\""],
            environment: ["HOOK": "http://127.0.0.1:9/hook"]
        )
        #expect(fromEnvironment.first?.alertWebhook?.url.port == 9)
        let plain = Self.error(Self.section() + ["alert_webhook = \"http://hooks.example.com/tok3n-path\""])
        #expect(plain?.code == .badValue)
        #expect(plain?.key == "company.acme.alert_webhook")
        #expect(plain?.description.hasPrefix("companies.toml:8: ") == true, "\(String(describing: plain))")
        #expect(plain?.description.contains("tok3n-path") == false)
    }

    @Test func aBadValueSaysWhatIsExpectedAndWhatWasGiven() {
        var lines = Self.section()
        lines[6] = "every_minutes = \"hourly\""
        let error = Self.error(lines)
        #expect(error?.code == .badValue)
        #expect(
            error?.description
                == #"companies.toml:7: 'every_minutes' must be a whole number of minutes ≥ 1 (at most 525600, a year), got "hourly""#
        )
    }

    @Test func aCompanyWrittenTwiceIsAnErrorAtItsSecondHeader() {
        let error = Self.error(Self.section() + [""] + Self.section())
        #expect(error?.code == .syntax)
        #expect(error?.line == 9, "\(String(describing: error))")
        #expect(error?.description.contains("company.acme") == true, "\(String(describing: error))")
    }

    /// Every key, given a value of a wrong type at any line of the section, is a bad value at that line; a
    /// secret's value never appears in the message.
    @Test func everyWronglyTypedValueIsABadValueAtItsLine() {
        let keys = [
            "base_url", "client_id", "client_secret", "username", "password", "credential_type", "definition",
            "format", "unbalanced", "journal", "password_env", "client_secret_env", "every_minutes",
        ]
        let wrong = ["[\"s3cr3t-x\"]", "{ a = \"s3cr3t-x\" }", "true", "1.5", "1979-05-27"]
        var checked = 0
        for key in keys {
            for value in wrong + (key == "every_minutes" ? ["\"60\"", "-1", "0", "600000"] : ["60"]) {
                var lines = Self.section().filter { !$0.hasPrefix(key + " ") }
                let position = 1 + (checked % lines.count)  // after the header, at every line in turn
                lines.insert("\(key) = \(value)", at: position)
                let error = Self.error(lines)
                #expect(error?.code == .badValue, "\(key) = \(value): \(String(describing: error))")
                #expect(error?.line == position + 1, "\(key) = \(value): \(String(describing: error))")
                #expect(error?.key == "company.acme.\(key)")
                #expect(error?.description.contains("s3cr3t") == false, "\(String(describing: error))")
                checked += 1
            }
        }
        #expect(checked == keys.count * 6 + 3)
        for value in ["\"true\"", "1", "0.5"] {
            let error = Self.error(Self.section() + ["sole_writer = \(value)"])
            #expect(error?.key == "company.acme.sole_writer", "sole_writer = \(value): \(String(describing: error))")
            #expect(error?.line == Self.section().count + 1, "\(String(describing: error))")
        }
    }

    /// A misspelling of any key (or a key from another file) is an unknown key at its line.
    @Test func everyMisspeltKeyIsUnknownAtItsLine() {
        for (index, line) in Self.section().enumerated().dropFirst() {
            var lines = Self.section()
            lines[index] = line.replacingOccurrences(of: " = ", with: "s = ")
            let error = Self.error(lines)
            #expect(error?.code == .unknownKey, "\(lines[index])")
            #expect(error?.line == index + 1, "\(lines[index]): \(String(describing: error))")
        }
        let stray = Self.error(["every_minutes = 5"] + Self.section())
        #expect(stray?.code == .unknownKey)
        #expect(stray?.line == 1)
    }

    @Test func environmentVariablesMustBeSetAndNotDoubled() {
        var lines = Self.section()
        lines[5] = "password_env = \"ACME_TOKEN\""
        let unset = Self.error(lines)
        #expect(unset?.code == .badValue)
        #expect(unset?.line == 6)
        #expect(unset?.description.contains("ACME_TOKEN, which is not set") == true)
        let both = Self.error(Self.section() + ["password_env = \"ACME_TOKEN\""], environment: ["ACME_TOKEN": "t"])
        #expect(both?.line == 8)
        #expect(both?.description.contains("not both") == true)
    }

    @Test func missingAndUnsafeNamesAreErrors() {
        #expect(Self.error(["# nothing"])?.code == .missingKey)
        let noSecret = Self.error(Self.section().filter { !$0.hasPrefix("client_secret") })
        #expect(noSecret?.code == .missingKey)
        #expect(noSecret?.line == 1)
        let traversal = Self.error(Self.section("\"../etc\""))
        #expect(traversal?.code == .badValue)
        #expect(traversal?.line == 1)
        let value = Self.error(["company.acme = \"x\""])
        #expect(value?.code == .badValue)
        let halfLogin = Self.error(Self.section().filter { !$0.hasPrefix("password") })
        #expect(halfLogin?.code == .missingKey)
    }

    @Test func aSyntaxErrorOnASecretLineDoesNotQuoteIt() {
        var lines = Self.section()
        lines[5] = #"password = "s3cr3t\q""#
        let error = Self.error(lines)
        #expect(error?.code == .syntax)
        #expect(error?.line == 6)
        #expect(error?.description.contains("s3cr3t") == false)
        #expect(error?.description.contains("\\q") == false, "\(String(describing: error))")
    }

    @Test func companiesAreSortedByName() throws {
        let list = try Self.companies(Self.section("zeta") + Self.section("alpha"))
        #expect(list.map(\.name) == ["alpha", "zeta"])
    }

    @Test func anUnreadableFileIsNamed() {
        #expect(throws: ConfigurationError.self) { try CompanyConfiguration.load(path: "/nonexistent/companies.toml") }
    }
}
