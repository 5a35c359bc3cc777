import ExtractSandbox
import ExtractTesting
import Foundation
import Testing

/// Configuration files as a user writes them: TOML escapes are honoured, and a misspelt key, a bad value or a
/// company written twice stops the command with the file, the line and the key (nothing runs half-configured).
@Suite(.serialized) struct ConfigurationFileTests {
    static func sandbox() async throws -> SandboxServer {
        return try await SandboxServer.startForTests(reports: 4, queued: 0.1, running: 0.2)
    }

    /// The lines of a working `[company.c0]` section, logging in as `username` / `password` (TOML-escaped).
    static func section(_ server: SandboxServer, username: String, password: String) async -> [String] {
        let company = await server.store.state.companies[0]
        return [
            "[company.c0]",
            "base_url = \"\(server.baseURL.absoluteString)\"",
            "client_id = \"\(company.clients[0].id)\"",
            "client_secret = \"\(company.clients[0].secret)\"",
            "username = \"\(username)\"",
            "password = \"\(password)\"",
        ]
    }

    @Test func anEscapedQuoteStaysInsideTheString() async throws {
        let server = try await Self.sandbox()
        defer { Task { await server.shutdown() } }
        let company = await server.store.state.companies[0]
        let password = #"pw"with\quote"#
        try await server.store.addAdministrator(
            companyID: company.id,
            username: "quote@example.com",
            password: password
        )
        let data = try CLIRunner.temporaryDirectory()
        let file = data + "/companies.toml"
        let escaped = password.replacingOccurrences(of: #"\"#, with: #"\\"#).replacingOccurrences(
            of: "\"",
            with: #"\""#
        )
        let lines = await Self.section(server, username: "quote@example.com", password: escaped)
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try await CLIRunner.run(
            ["sync", "--all", "--companies", file, "--data-dir", data, "--poll-interval", "5"],
            environment: ["CONCUR_EXTRACT_STATE": data + "/state"]
        )
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("c0: ok"), "\(outcome.standardOutput)")
        #expect(!outcome.standardOutput.contains(password) && !outcome.standardError.contains(password))
    }

    /// Each bad file fails before anything runs, naming the file and the line where the fault is written.
    @Test func aBadCompaniesFileNamesTheFileLineAndKey() async throws {
        let server = try await Self.sandbox()
        defer { Task { await server.shutdown() } }
        let admin = await server.store.state.companies[0].users.first { $0.isAdministrator }
        let good = await Self.section(server, username: admin?.username ?? "-", password: admin?.password ?? "-")
        // (the lines added after the good section, the expected message after "companies.toml:LINE: ")
        let cases: [([String], String)] = [
            (["evry_minutes = 5"], "unknown key 'evry_minutes' in [company.c0] (known: base_url"),
            (["every_minutes = \"hourly\""], #"'every_minutes' must be a whole number of minutes ≥ 1"#),
            (["every_minutes = 0"], "'every_minutes' must be a whole number of minutes ≥ 1"),
            (["format = \"csv\""], #"'format' must be "xml" or "json", got "csv""#),
            (["unbalanced = \"ignore\""], #"'unbalanced' must be "hold" or "post-balanced", got "ignore""#),
            (
                [""] + good,
                "not valid TOML: Error while parsing table header: cannot redefine existing table 'company.c0'"
            ),
        ]
        let data = try CLIRunner.temporaryDirectory()
        for (added, expected) in cases {
            let file = data + "/companies.toml"
            let line = good.count + (added.count == 1 ? 1 : 2)
            try ((good + added).joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let outcome = try await CLIRunner.run(
                ["sync", "--all", "--companies", file, "--data-dir", data, "--poll-interval", "5"],
                environment: ["CONCUR_EXTRACT_STATE": data + "/state"]
            )
            #expect(outcome.status != 0, "\(added): \(outcome.standardOutput)")
            #expect(
                outcome.standardError.contains("\(file):\(line): \(expected)"),
                "\(added): \(outcome.standardError)"
            )
            #expect(!outcome.standardOutput.contains("c0: ok"), "\(added): nothing runs")
        }
        #expect(!FileManager.default.fileExists(atPath: data + "/ledger.sqlite"), "no ledger was opened")
    }

    @Test func aMisspeltKeyInTheClientConfigurationIsAnError() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let config = directory + "/config.toml"
        try "format = \"json\"\nclient_idd = \"abc\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let outcome = try await CLIRunner.run(["definitions", "--config", config])
        #expect(outcome.status != 0)
        #expect(
            outcome.standardError.contains("\(config):2: unknown key 'client_idd' in the top level"),
            "\(outcome.standardError)"
        )
    }
}
