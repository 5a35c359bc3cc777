import ExtractSandbox
import Foundation
import Ledger
import Testing

/// `concur-extract doctor` against a sandbox on a loopback port: every check green on a good setup; each broken
/// piece gives its line and the exit code of the tool's table.
@Suite struct DoctorCommandTests {
    static let order = [
        "configuration", "base-url", "clock", "token", "scopes", "geolocation", "definitions", "ledger", "folders",
        "disk",
    ]

    /// A setup in private temporary folders: a configuration file (mode 0600) with the client settings, state and
    /// data folders (0700), a migrated SQLite ledger unless `migrated` is false.
    struct Setup {
        var config: String
        var data: String
        var state: String
        var environment: [String: String]
        var secrets: [String]

        init(server: SandboxServer, login: Bool = true, baseURL: String? = nil, ledger: Bool = true) async throws {
            let root = try CLIRunner.temporaryDirectory()
            data = root + "/data"
            state = root + "/state"
            for path in [root, data, state] {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
            }
            let credentials = server.demoCredentials
            config = root + "/config.toml"
            let text = """
                base_url = "\(baseURL ?? server.baseURL.absoluteString)"
                client_id = "\(credentials.clientID)"
                client_secret = "\(credentials.clientSecret)"

                """
            try Data(text.utf8).write(to: URL(fileURLWithPath: config))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)
            environment = ["CONCUR_EXTRACT_STATE": state, "CONCUR_EXTRACT_DATA": data, "CONCUR_CONNECT_TIMEOUT": "5"]
            if login {
                environment["CONCUR_USERNAME"] = credentials.username
                environment["CONCUR_PASSWORD"] = credentials.password
            }
            secrets = [credentials.clientSecret, credentials.password]
            if ledger {
                let store = try await LedgerStores.open(data + "/ledger.sqlite")
                try await store.migrate()
                try await store.close()
            }
        }

        func doctor(_ extra: [String] = []) async throws -> CLIRunner.Outcome {
            let outcome = try await CLIRunner.run(["doctor", "--config", config] + extra, environment: environment)
            for secret in secrets {
                #expect(!outcome.standardOutput.contains(secret) && !outcome.standardError.contains(secret))
            }
            return outcome
        }
    }

    /// The line of check `name`: `OUTCOME  NAME  DETAIL`.
    static func line(_ name: String, in outcome: CLIRunner.Outcome) -> (outcome: String, detail: String)? {
        for line in outcome.standardOutput.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            if words.count >= 2, words[1] == name {
                return (String(words[0]), words.count > 2 ? words[2].trimmingCharacters(in: .whitespaces) : "")
            }
        }
        return nil
    }

    @Test func aGoodSetupIsReadyWithALineAPerCheckInOrder() async throws {
        let server = try await SandboxServer.start(SandboxConfiguration())
        defer { Task { await server.shutdown() } }
        let setup = try await Setup(server: server)
        let outcome = try await setup.doctor()
        #expect(outcome.status == 0, "\(outcome)")
        let lines = outcome.standardOutput.split(separator: "\n")
        #expect(lines.count == Self.order.count + 1, "\(outcome)")
        for (index, name) in Self.order.enumerated() where index < lines.count {
            let words = lines[index].split(separator: " ", omittingEmptySubsequences: true)
            #expect(words.count > 2 && words[1] == name, "line \(index): \(lines[index])")
            // Free disk depends on the machine; every other check is green.
            if name != "disk" { #expect(words.first == "ok", "\(lines[index])") }
        }
        #expect(lines.last?.hasPrefix("verdict: ready") == true, "\(outcome)")
        #expect(Self.line("configuration", in: outcome)?.detail.contains("mode 0600") == true)
        #expect(Self.line("definitions", in: outcome)?.detail.contains("Standard Accounting Extract") == true)

        // --json: one object, the same checks in the same order.
        let json = try await setup.doctor(["--json"])
        #expect(json.status == 0, "\(json)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        )
        #expect(object["ready"] as? Bool == true)
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.compactMap { $0["name"] as? String } == Self.order)
        #expect(json.standardOutput.split(separator: "\n").count == 1)
    }

    @Test func aConfigurationWithASecretReadableByOthersFails78() async throws {
        let server = try await SandboxServer.start(SandboxConfiguration())
        defer { Task { await server.shutdown() } }
        let setup = try await Setup(server: server)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: setup.config)
        let outcome = try await setup.doctor()
        #expect(outcome.status == 78, "\(outcome)")
        let line = try #require(Self.line("configuration", in: outcome), "\(outcome)")
        #expect(line.outcome == "failed" && line.detail.contains("mode 0644") && line.detail.contains("chmod 600"))
        #expect(Self.line("base-url", in: outcome)?.outcome == "skipped", "\(outcome)")
        #expect(outcome.standardOutput.contains("verdict: not ready"), "\(outcome)")
    }

    @Test func anUnreachablePortFails69NamingHostAndPort() async throws {
        let server = try await SandboxServer.start(SandboxConfiguration())
        defer { Task { await server.shutdown() } }
        let setup = try await Setup(server: server, baseURL: "http://127.0.0.1:1")
        let outcome = try await setup.doctor()
        #expect(outcome.status == 69, "\(outcome)")
        let line = try #require(Self.line("base-url", in: outcome), "\(outcome)")
        #expect(line.outcome == "failed" && line.detail.contains("127.0.0.1:1"), "\(outcome)")
        #expect(Self.line("token", in: outcome)?.outcome == "skipped", "\(outcome)")
    }

    @Test func noTokenAndNoLoginFails77() async throws {
        let server = try await SandboxServer.start(SandboxConfiguration())
        defer { Task { await server.shutdown() } }
        let setup = try await Setup(server: server, login: false)
        let outcome = try await setup.doctor()
        #expect(outcome.status == 77, "\(outcome)")
        let line = try #require(Self.line("token", in: outcome), "\(outcome)")
        #expect(line.outcome == "failed" && line.detail.contains("login"), "\(outcome)")
        #expect(Self.line("definitions", in: outcome)?.outcome == "skipped", "\(outcome)")
    }

    @Test func aLedgerNotMigratedFails1() async throws {
        let server = try await SandboxServer.start(SandboxConfiguration())
        defer { Task { await server.shutdown() } }
        let setup = try await Setup(server: server, ledger: false)
        FileManager.default.createFile(
            atPath: setup.data + "/ledger.sqlite",
            contents: nil,
            attributes: [.posixPermissions: 0o600]
        )
        let outcome = try await setup.doctor()
        #expect(outcome.status == 1, "\(outcome)")
        let line = try #require(Self.line("ledger", in: outcome), "\(outcome)")
        #expect(line.outcome == "failed" && line.detail.contains("not migrated"), "\(outcome)")
        #expect(Self.line("definitions", in: outcome)?.outcome == "ok", "\(outcome)")
    }
}
