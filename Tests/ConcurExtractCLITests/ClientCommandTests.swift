import ExtractSandbox
import Foundation
import Testing

/// `login`, `definitions`, `run`, `status` and `fetch` against a sandbox on a loopback port, as a user runs them.
@Suite struct ClientCommandTests {
    @Test func loginRunStatusFetch() async throws {
        var configuration = SandboxConfiguration()
        configuration.jobTiming = JobTiming(queued: 0.2, running: 0.5)
        let server = try await SandboxServer.start(configuration)
        defer { Task { await server.shutdown() } }
        let state = try CLIRunner.temporaryDirectory()
        let output = try CLIRunner.temporaryDirectory()
        let credentials = server.demoCredentials
        let environment = [
            "CONCUR_BASE_URL": server.baseURL.absoluteString,
            "CONCUR_CLIENT_ID": credentials.clientID,
            "CONCUR_CLIENT_SECRET": credentials.clientSecret,
            "CONCUR_EXTRACT_STATE": state,
        ]
        func run(_ arguments: [String]) async throws -> CLIRunner.Outcome {
            let outcome = try await CLIRunner.run(arguments, environment: environment)
            for secret in [credentials.clientSecret, credentials.password] {
                #expect(
                    !outcome.standardOutput.contains(secret) && !outcome.standardError.contains(secret),
                    "a secret was printed"
                )
            }
            return outcome
        }
        let login = try await run([
            "login", "--username", credentials.username, "--password", credentials.password, "--json",
        ])
        #expect(login.status == 0, "\(login.standardError)")
        let tokenFile = state + "/token.json"
        #expect((try FileManager.default.attributesOfItem(atPath: tokenFile)[.posixPermissions] as? Int) == 0o600)

        let definitions = try await run(["definitions", "--json", "--wire-format", "json"])
        #expect(definitions.status == 0)
        #expect(definitions.standardOutput.contains("\"name\":\"Standard Accounting Extract\""))

        let ran = try await run([
            "run", "Standard Accounting Extract", "--output-dir", output, "--poll-interval", "5", "--json",
        ])
        #expect(ran.status == 0, "\(ran.standardError)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(ran.standardOutput.utf8)) as? [String: Any]
        )
        #expect(object["status"] as? String == "Completed")
        let file = try #require(object["file"] as? String)
        #expect(FileManager.default.fileExists(atPath: file))
        #expect((object["sha256"] as? String)?.count == 64)
        let job = try #require(object["id"] as? String)

        // Once an hour: a second run is refused unless forced.
        let again = try await run(["run", "Standard Accounting Extract", "--output-dir", output])
        #expect(again.status == 75, "\(again.standardError)")
        #expect(again.standardError.contains("too-soon") && again.standardError.contains("--force"))
        #expect(again.standardError.split(separator: "\n").count == 1, "\(again.standardError)")

        let status = try await run(["status", job])
        #expect(status.status == 0)
        #expect(status.standardOutput.contains("Completed"))

        let fetched = try await run(["fetch", job, "--output-dir", output, "--json"])
        #expect(fetched.status == 0, "\(fetched.standardError)")
        #expect(fetched.standardOutput.contains(object["sha256"] as? String ?? "-"))
        #expect(!fetched.standardError.contains("deprecated"), "\(fetched.standardError)")

        // The folder's old spelling, `--output`, still works for one release, and says what replaces it.
        let old = try CLIRunner.temporaryDirectory()
        let fetchedOld = try await run(["fetch", job, "--output", old, "--json"])
        #expect(fetchedOld.status == 0, "\(fetchedOld.standardError)")
        #expect(fetchedOld.standardError.contains("warning: --output (a folder) is deprecated"))
        #expect(fetchedOld.standardError.contains("use --output-dir"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: old).count == 1)

        let parsed = try await run(["parse", file])
        #expect(parsed.status == 0, "\(parsed.standardOutput)")
    }

    @Test func missingCredentialsAreAClearError() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let config = directory + "/config.toml"
        try "# nothing here\nformat = \"json\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let outcome = try await CLIRunner.run(["definitions", "--config", config])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("client ID") || outcome.standardError.contains("client secret"))
    }
}
