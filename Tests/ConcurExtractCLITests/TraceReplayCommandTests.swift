import ExtractAPI
import ExtractSandbox
import ExtractTesting
import Foundation
import Testing

/// `--trace FILE` and `sandbox --replay FILE` end to end: a `sync` captured against the sandbox leaves a HAR
/// without any secret of the run (client secret, password, access and refresh tokens), and the same command run
/// against a replay of that HAR (other credentials, fresh state) loads the same batches with the same totals.
@Suite struct TraceReplayCommandTests {
    static func environment(
        base: URL,
        id: String,
        secret: String,
        user: String,
        password: String,
        state: String
    )
        -> [String: String]
    {
        [
            "CONCUR_BASE_URL": base.absoluteString, "CONCUR_CLIENT_ID": id, "CONCUR_CLIENT_SECRET": secret,
            "CONCUR_USERNAME": user, "CONCUR_PASSWORD": password, "CONCUR_EXTRACT_STATE": state,
        ]
    }

    /// Every string under a key naming a token in `token.json`.
    static func tokens(in object: Any) -> [String] {
        if let dictionary = object as? [String: Any] {
            return dictionary.flatMap { key, value -> [String] in
                if key.lowercased().contains("token"), let text = value as? String { return [text] }
                return tokens(in: value)
            }
        }
        if let array = object as? [Any] { return array.flatMap(tokens(in:)) }
        return []
    }

    static func summary(_ output: String) throws -> [[String: String]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let jobs = try #require(object["jobs"] as? [[String: Any]])
        return jobs.map { job in
            [
                "batches": "\(job["batches"] ?? "")", "lines": "\(job["linesLoaded"] ?? "")",
                "records": "\(job["recordsLoaded"] ?? "")", "posted": "\(job["posted"] ?? "")",
            ]
        }
    }

    @Test func aCapturedSyncReplaysToTheSameLedger() async throws {
        let server = try await SandboxServer.startForTests(reports: 4, queued: 0.1, running: 0.2)
        defer { Task { await server.shutdown() } }
        let credentials = server.demoCredentials
        let root = try CLIRunner.temporaryDirectory()
        let trace = root + "/run.har"
        let first = try await CLIRunner.run(
            [
                "sync", "--data-dir", root + "/a", "--company", "acme", "--poll-interval", "5", "--trace", trace,
                "--json",
            ],
            environment: Self.environment(
                base: server.baseURL,
                id: credentials.clientID,
                secret: credentials.clientSecret,
                user: credentials.username,
                password: credentials.password,
                state: root + "/state-a"
            )
        )
        #expect(first.status == 0, "\(first)")
        let captured = try Self.summary(first.standardOutput)
        #expect(captured.count == 1 && captured.first?["posted"] == "1", "\(captured)")

        // The HAR: valid, with HAR's fields, and no secret of the run anywhere.
        let text = try String(contentsOfFile: trace, encoding: .utf8)
        let archive = try JSONDecoder().decode(HTTPArchive.self, from: Data(text.utf8))
        #expect(archive.log.version == "1.2" && archive.log.creator.name == "concur-extract")
        #expect(archive.log.entries.count >= 5, "token, definitions, start, polls, download")
        #expect(archive.log.entries.allSatisfy { !$0.startedDateTime.isEmpty && $0.response.status > 0 })
        let raw = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let log = try #require(raw["log"] as? [String: Any])
        let firstEntry = try #require((log["entries"] as? [[String: Any]])?.first)
        for key in ["startedDateTime", "time", "request", "response", "timings"] { #expect(firstEntry[key] != nil) }
        let stored = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: root + "/state-a/token.json"))
        )
        let issued = Self.tokens(in: stored)
        #expect(issued.count >= 1, "the run's tokens are known to the test")
        for secret in [credentials.clientSecret, credentials.password] + issued {
            #expect(!text.contains(secret), "a secret of the run is in the trace")
            #expect(!text.contains(secret.replacing("/", with: "\\/")))
        }
        #expect(text.contains("redacted-token-1") && text.contains("redacted-secret-1"))
        let mode = try FileManager.default.attributesOfItem(atPath: trace)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // The replay answers the same command, with other credentials and a fresh state, to the same result.
        let replay = try await TraceReplayServer.start(try TraceReplayServer.archive(at: trace))
        defer { Task { await replay.shutdown() } }
        let second = try await CLIRunner.run(
            ["sync", "--data-dir", root + "/b", "--company", "acme", "--poll-interval", "5", "--json"],
            environment: Self.environment(
                base: replay.baseURL,
                id: "any-client",
                secret: "any-secret",
                user: "someone",
                password: "anything",
                state: root + "/state-b"
            )
        )
        #expect(second.status == 0, "\(second)")
        #expect(try Self.summary(second.standardOutput) == captured)
        var reconciliations: [String] = []
        for data in ["a", "b"] {
            let export = try await CLIRunner.run([
                "export", "--data-dir", root + "/" + data, "--format", "reconciliation",
            ])
            #expect(export.status == 0, "\(export)")
            reconciliations.append(export.standardOutput)
        }
        #expect(reconciliations[0] == reconciliations[1] && !reconciliations[0].isEmpty)
    }

    @Test func theReplayCommandNamesAnUnrecordedRequest() async throws {
        let root = try CLIRunner.temporaryDirectory()
        let trace = root + "/empty.har"
        try #"{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[]}}"#
            .write(toFile: trace, atomically: true, encoding: .utf8)
        let replay = try await TraceReplayServer.start(try TraceReplayServer.archive(at: trace))
        defer { Task { await replay.shutdown() } }
        let outcome = try await CLIRunner.run(
            ["definitions"],
            environment: Self.environment(
                base: replay.baseURL,
                id: "c",
                secret: "s",
                user: "u",
                password: "p",
                state: root + "/state"
            )
        )
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("not recorded") || outcome.standardError.contains("404"), "\(outcome)")
        let bad = try await CLIRunner.run(["sandbox", "--replay", root + "/missing.har", "--port", "0"])
        #expect(bad.status != 0 && bad.standardError.contains("missing.har"), "\(bad)")
    }
}
