import ExtractAPI
import ExtractSandbox
import Foundation
import Testing

@testable import ExtractClient

/// Issue 10: each attack reproduced on a loopback server, and refused with an error that says what happened.
@Suite(.timeLimit(.minutes(2))) struct HostileNetworkTests {
    /// A client of `server` that logs in with a password, speaks JSON, retries quickly and never sleeps long.
    static func client(
        of server: HostileServer,
        retry: RetryPolicy = .exponential(base: .milliseconds(1), maximum: .milliseconds(5), attempts: 2),
        limits: (inout ExtractClientLimits) -> Void = { _ in }
    ) -> ConcurClient {
        var configuration = ExtractClientConfiguration(format: .json, retryPolicy: retry)
        limits(&configuration.limits)
        return ConcurClient(
            configuration: configuration,
            tokens: tokens(of: server),
            random: SeededRandomNumberGenerator(seed: 1),
            sleep: { _ in }
        )
    }

    static func tokens(of server: HostileServer) -> TokenStore {
        TokenStore(
            client: ClientCredentials(clientID: "client", clientSecret: "client-secret-value"),
            geolocation: server.geolocation,
            login: LoginCredentials(username: "user", password: "password-value"),
            persistence: InMemoryTokenPersistence(),
            fetcher: ConcurClient.tokenFetcher()
        )
    }

    /// Runs the whole flow: definitions, start, poll, download.
    static func runFlow(_ client: ConcurClient, into directory: URL) async throws -> DownloadedExtract {
        let definition = try await client.definition(named: "Standard Accounting Extract")
        let done = try await client.waitForCompletion(try await client.startJob(definition))
        return try await client.download(done, into: directory)
    }

    static func expectError(
        _ code: ExtractClientError.Code,
        _ body: () async throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> ExtractClientError? {
        do {
            try await body()
            Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
        } catch let error as ExtractClientError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    enum Link: String, CaseIterable, Sendable { case job, status, file }

    // MARK: - Item 2: the token goes only to its own origin

    @Test(arguments: Link.allCases)
    func aLinkToAnotherOriginNeverGetsTheToken(link: Link) async throws {
        try await withHostileServer { foreign in
            let misbehaviour: HostileServer.Misbehaviour =
                switch link {
                case .job: .foreignJobLink(foreign.baseURL)
                case .status: .foreignStatusLink(foreign.baseURL)
                case .file: .foreignFileLink(foreign.baseURL)
                }
            try await withHostileServer(misbehaviour) { server in
                let directory = try temporaryDirectory()
                defer { try? FileManager.default.removeItem(at: directory) }
                let error = await Self.expectError(.originRefused) {
                    _ = try await Self.runFlow(Self.client(of: server), into: directory)
                }
                #expect(error?.message.contains(foreign.origin) == true, "\(String(describing: error))")
                #expect(error?.message.contains(server.origin) == true, "\(String(describing: error))")
                #expect(await foreign.requests.isEmpty, "the other origin was called")
                #expect(
                    await server.requests.allSatisfy {
                        $0.authorization == nil || $0.authorization == "Bearer hostile-access"
                    }
                )
            }
        }
    }

    @Test func aURLTypedToStatusAtAnotherOriginIsRefused() async throws {
        try await withHostileServer { foreign in
            try await withHostileServer { server in
                let url = try #require(URL(string: foreign.origin + HostileServer.apiPath + "/DEF1/job/JOB1"))
                let error = await Self.expectError(.originRefused) {
                    _ = try await Self.client(of: server).status(at: url)
                }
                #expect(error?.message.contains(foreign.origin) == true)
                #expect(await foreign.requests.isEmpty)
            }
        }
    }

    // MARK: - Item 3: no redirect takes the secrets elsewhere

    @Test(arguments: [307, 308])
    func theTokenRequestNeverFollowsARedirectToAnotherOrigin(status: Int) async throws {
        try await withHostileServer { foreign in
            try await withHostileServer(.tokenRedirect(status: status, location: foreign.origin + "/oauth2/v0/token")) {
                server in
                let error = await Self.expectError(.redirectRefused) {
                    _ = try await Self.client(of: server).definitions()
                }
                #expect(error?.message.contains(foreign.origin) == true, "\(String(describing: error))")
                #expect(error?.message.contains(server.origin) == true)
                #expect(await foreign.requests.isEmpty, "the client secret and password reached another origin")
            }
        }
    }

    @Test func aRedirectWithinTheOriginIsFollowedAndALoopIsCutWithItsReason() async throws {
        try await withHostileServer(.definitionsRedirect(status: 307, location: "/moved/definitions")) { server in
            let definitions = try await Self.client(of: server).definitions()
            #expect(definitions.map(\.name) == ["Standard Accounting Extract"])
        }
        try await withHostileServer(.redirectLoop) { server in
            let error = await Self.expectError(.redirectRefused) { _ = try await Self.client(of: server).definitions() }
            #expect(error?.message.contains("more than 5") == true, "\(String(describing: error))")
            #expect(await server.requests.filter { $0.method == "GET" }.count == 6)
        }
        try await withHostileServer { foreign in
            // async-http-client itself must not follow it either (the client's HTTPClient disallows redirects).
            try await withHostileServer(.definitionsRedirect(status: 302, location: foreign.origin + "/x")) { server in
                _ = await Self.expectError(.redirectRefused) { _ = try await Self.client(of: server).definitions() }
                #expect(await foreign.requests.isEmpty)
            }
        }
    }

    // MARK: - Item 4 and 5: deadlines, rates, sizes

    @Test func aSlowDripAnswerEndsAtItsDeadline() async throws {
        try await withHostileServer(.slowDefinitions(interval: .milliseconds(100), bytes: 1200)) { server in
            let began = ContinuousClock.now
            let error = await Self.expectError(.deadlineExceeded) {
                _ = try await Self.client(of: server, retry: .none) { $0.requestDeadline = .seconds(1) }.definitions()
            }
            // The server would take 120 s; half of that (whatever the machine's load) shows the deadline ended it.
            #expect(ContinuousClock.now - began < .seconds(60))
            #expect(error?.message.contains("within 1 s") == true, "\(String(describing: error))")
        }
    }

    @Test func aSlowDripDownloadIsCutByTheMinimumRate() async throws {
        try await withHostileServer(.slowFile(interval: .milliseconds(100), bytes: 1200)) { server in
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let began = ContinuousClock.now
            let error = await Self.expectError(.deadlineExceeded) {
                let client = Self.client(of: server, retry: .none) {
                    $0.downloadMinimumRate = 1000
                    $0.downloadRateGrace = .milliseconds(500)
                }
                _ = try await Self.runFlow(client, into: directory)
            }
            // The server would take 120 s; half of that (whatever the machine's load) shows the deadline ended it.
            #expect(ContinuousClock.now - began < .seconds(60))
            #expect(error?.message.contains("downloadMinimumRate") == true, "\(String(describing: error))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }

    @Test func aStalledDownloadIsCutByTheIdleTimeout() async throws {
        try await withHostileServer(.stalledFile(length: 10_000, sent: 100, stall: .seconds(120))) { server in
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let began = ContinuousClock.now
            let error = await Self.expectError(.deadlineExceeded) {
                let client = Self.client(of: server, retry: .none) { $0.downloadIdleTimeout = .milliseconds(300) }
                _ = try await Self.runFlow(client, into: directory)
            }
            // The server would take 120 s; half of that (whatever the machine's load) shows the deadline ended it.
            #expect(ContinuousClock.now - began < .seconds(60))
            #expect(error?.message.contains("downloadIdleTimeout") == true, "\(String(describing: error))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }

    @Test func aDownloadWithoutALengthIsCappedBySize() async throws {
        try await withHostileServer(.unlengthedFile(bytes: 1 << 20)) { server in
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let error = await Self.expectError(.tooLarge) {
                let client = Self.client(of: server) { $0.maximumDownloadSize = 65_536 }
                _ = try await Self.runFlow(client, into: directory)
            }
            #expect(error?.message.contains("65536") == true, "\(String(describing: error))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
            // Not retried: the same answer would come again.
            #expect(await server.requests.filter { $0.path.hasSuffix("/file") }.count == 1)
        }
    }

    @Test func aWellBehavedDownloadStillWorks() async throws {
        try await withHostileServer { server in
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = try await Self.runFlow(Self.client(of: server), into: directory)
            #expect(file.size == Int64(HostileServer.fileBytes.count))
            #expect(try Data(contentsOf: file.path) == HostileServer.fileBytes)
        }
    }

    // MARK: - Item 8: errors that say what happened

    @Test func aTokenWithCRLFIsRefusedAsSuch() async throws {
        try await withHostileServer(.tokenWithCRLF) { server in
            let error = await Self.expectError(.invalidToken) { _ = try await Self.client(of: server).definitions() }
            #expect(error?.description.contains("X-Injected") == false, "the token leaked into the message")
            #expect(await server.requests.filter { $0.method == "GET" }.isEmpty)
        }
    }

    @Test func aFileLinkIsRefusedWithItsReason() async throws {
        try await withHostileServer(.fileLink("file:///etc/passwd")) { server in
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let error = await Self.expectError(.originRefused) {
                _ = try await Self.runFlow(Self.client(of: server), into: directory)
            }
            #expect(
                error?.message.contains("file:///etc/passwd is not an http(s) URL") == true,
                "\(String(describing: error))"
            )
        }
    }

    @Test func controlCharactersFromTheServerAreEscaped() async throws {
        try await withHostileServer(.controlCharactersInError) { server in
            let error = await Self.expectError(.http) { _ = try await Self.client(of: server).definitions() }
            let text = error?.description ?? ""
            let controls = text.unicodeScalars.filter { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
            #expect(controls.isEmpty, "\(text.debugDescription)")
            #expect(text.contains("\\u{1b}[2J"), "\(text)")
            #expect(error?.message.unicodeScalars.contains("\u{1B}") == false)
        }
    }
}
