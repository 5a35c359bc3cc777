import ExtractConfiguration
import Foundation
import Testing

/// What `concur-extract init` writes loads back through the readers, with the values given, mode 0600.
@Suite struct ConfigurationTemplateTests {
    static func temporaryFile() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("template-\(UUID().uuidString)")
        // A folder that does not exist yet: write creates it (0700).
        return folder.appendingPathComponent("config.toml").path
    }

    static func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    /// Awkward values (quotes, backslashes, control characters, non-ASCII) survive the round trip.
    static let values = [
        "plain", #"quo"te"#, #"back\slash"#, "tab\tand\nnewline", "ünïcødé €", "trailing\\", "\u{7}bell", "",
    ]

    @Test(arguments: values)
    func oneCompanyRoundTripsThroughClientFileSettings(value: String) throws {
        let path = try Self.temporaryFile()
        defer {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        var template = ConfigurationTemplate(baseURL: "https://eu2.api.concursolutions.com", clientID: "id-" + value)
        template.clientSecret = "secret-" + value
        template.username = "user-" + value
        template.password = "pass-" + value
        template.credentialType = "authtoken"
        let written = try template.write(to: path, force: false)
        #expect(written.companies.isEmpty && written.file == path)
        #expect(try Self.mode(path) == 0o600)
        #expect(try Self.mode(URL(fileURLWithPath: path).deletingLastPathComponent().path) == 0o700)
        let settings = try ClientFileSettings(path: path)
        #expect(settings.baseURL == "https://eu2.api.concursolutions.com")
        #expect(settings.clientID == "id-" + value)
        #expect(settings.clientSecret == "secret-" + value)
        #expect(settings.username == "user-" + value)
        #expect(settings.password == "pass-" + value)
        #expect(settings.credentialType == "authtoken")
        #expect(settings.format == nil && settings.stateDirectory == nil)
    }

    @Test func withoutSecretsTheFileNamesTheEnvironmentAndStillLoads() throws {
        let path = try Self.temporaryFile()
        let template = ConfigurationTemplate(baseURL: "https://us.api.concursolutions.com", clientID: "abc")
        try template.write(to: path, force: false)
        let settings = try ClientFileSettings(path: path)
        #expect(settings.clientID == "abc" && settings.clientSecret == nil && settings.password == nil)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("CONCUR_CLIENT_SECRET") && text.contains("# client_secret"))
    }

    @Test func severalCompaniesRoundTripThroughCompanyConfiguration() throws {
        let path = try Self.temporaryFile()
        var template = ConfigurationTemplate(baseURL: "https://us.api.concursolutions.com", clientID: "abc")
        template.companies = ["globex", "acme-eu", "init_co"]
        template.everyMinutes = 15
        template.definition = "Nightly Extract"
        try template.write(to: path, force: false)
        #expect(try Self.mode(path) == 0o600)
        var environment: [String: String] = [:]
        for name in template.companies {
            for key in ["client_secret", "username", "password"] {
                environment[ConfigurationTemplate.variable(company: name, key: key)] = "\(name)-\(key)"
            }
        }
        #expect(environment["ACME_EU_CLIENT_SECRET"] == "acme-eu-client_secret")
        let companies = try CompanyConfiguration.load(path: path, environment: environment)
        #expect(companies.map(\.name) == template.companies.sorted())
        for company in companies {
            #expect(company.client.clientID == "abc")
            #expect(company.client.clientSecret == "\(company.name)-client_secret")
            #expect(company.login?.username == "\(company.name)-username")
            #expect(company.login?.password == "\(company.name)-password")
            #expect(company.login?.credentialType == "authtoken")
            #expect(company.every == .seconds(15 * 60))
            #expect(company.definition == "Nightly Extract")
        }
        // A variable not set names itself.
        environment["GLOBEX_PASSWORD"] = nil
        #expect(throws: ConfigurationError.self) { try CompanyConfiguration.load(path: path, environment: environment) }
    }

    @Test func anExistingFileIsKeptUnlessForced() throws {
        let path = try Self.temporaryFile()
        let first = ConfigurationTemplate(baseURL: "https://us.api.concursolutions.com", clientID: "first")
        try first.write(to: path, force: false)
        let second = ConfigurationTemplate(baseURL: "https://us.api.concursolutions.com", clientID: "second")
        do {
            try second.write(to: path, force: false)
            Issue.record("an existing file was replaced without force")
        } catch {
            #expect(error.code == .alreadyExists && error.message.contains("--force"), "\(error)")
        }
        #expect(try ClientFileSettings(path: path).clientID == "first")
        try second.write(to: path, force: true)
        #expect(try ClientFileSettings(path: path).clientID == "second")
        #expect(try Self.mode(path) == 0o600)
    }

    @Test func whatWouldNotLoadIsRefusedByName() {
        let cases: [(ConfigurationTemplate, String)] = [
            (ConfigurationTemplate(baseURL: "us.api.concursolutions.com", clientID: "a"), "base_url"),
            (ConfigurationTemplate(baseURL: "https://us.api.concursolutions.com", clientID: ""), "client_id"),
            (
                {
                    var template = ConfigurationTemplate(baseURL: "https://us.api.concursolutions.com", clientID: "a")
                    template.companies = ["a b"]
                    return template
                }(), "company"
            ),
            (
                {
                    var template = ConfigurationTemplate(baseURL: "https://us.api.concursolutions.com", clientID: "a")
                    template.companies = ["x", "x"]
                    return template
                }(), "company"
            ),
        ]
        for (template, key) in cases {
            #expect(throws: ConfigurationError.self) { try template.validate() }
            do { try template.validate() } catch { #expect(error.key == key, "\(error)") }
        }
    }
}
