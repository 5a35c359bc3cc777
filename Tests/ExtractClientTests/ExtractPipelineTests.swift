import ExtractAPI
import ExtractSandbox
import Foundation
import Testing

@testable import ExtractClient

/// A transport that answers from a script, in memory, and records what it was sent.
actor InMemoryTransport: ExtractTransport {
    struct Reply: Sendable {
        var status: Int
        var headers: [(name: String, value: String)] = []
        var body = Data()
    }

    private var replies: [Reply]
    private(set) var sent: [ExtractHTTPRequest] = []

    init(_ replies: [Reply]) { self.replies = replies }

    func send(_ request: ExtractHTTPRequest, timeout: Duration) async throws -> ExtractHTTPStreamedResponse {
        sent.append(request)
        guard !replies.isEmpty else { throw CancellationError() }
        let reply = replies.removeFirst()
        var headers = reply.headers
        headers.append(("Content-Length", String(reply.body.count)))
        return ExtractHTTPStreamedResponse(status: reply.status, headers: headers, body: ExtractHTTPBody(reply.body))
    }

    static func definitions() -> Reply {
        let list = ExtractDefinitionList([
            ExtractDefinition(
                id: Fixture.url(Fixture.base + "/DEF1"),
                name: "Standard Accounting Extract",
                jobLink: Fixture.url(Fixture.base + "/DEF1/job")
            )
        ])
        return Reply(
            status: 200,
            headers: [("Content-Type", "application/json")],
            body: (try? list.jsonData()) ?? Data()
        )
    }
}

/// The client's one pipeline, on an in-memory transport: every request meets the same auth, retry and origin
/// policy.
@Suite struct ExtractPipelineTests {
    static func client(_ transport: InMemoryTransport, tokens: FakeTokenEndpoint) -> ConcurClient {
        ConcurClient(
            configuration: ExtractClientConfiguration(
                format: .json,
                retryPolicy: .exponential(base: .milliseconds(1), maximum: .milliseconds(1), attempts: 4)
            ),
            tokens: TokenStore(
                client: ClientCredentials(clientID: "c", clientSecret: "s"),
                geolocation: .us,
                login: LoginCredentials(username: "u", password: "p"),
                persistence: InMemoryTokenPersistence(),
                fetcher: tokens.fetcher
            ),
            transport: transport,
            random: SeededRandomNumberGenerator(seed: 3),
            sleep: { _ in }
        )
    }

    @Test func aRefusedTokenIsRenewedOnceThenTheCallSucceeds() async throws {
        let transport = InMemoryTransport([.init(status: 401), InMemoryTransport.definitions()])
        let endpoint = FakeTokenEndpoint()
        let definitions = try await Self.client(transport, tokens: endpoint).definitions()
        #expect(definitions.count == 1)
        let sent = await transport.sent
        #expect(sent.map { $0.header("Authorization") } == ["Bearer access-1", "Bearer access-2"])
        #expect(await endpoint.count == 2)
    }

    @Test func aTokenRefusedTwiceIsReportedAfterOneRenewal() async throws {
        let transport = InMemoryTransport([.init(status: 401), .init(status: 401), .init(status: 401)])
        let endpoint = FakeTokenEndpoint()
        await #expect(throws: ExtractClientError.self) {
            _ = try await Self.client(transport, tokens: endpoint).definitions()
        }
        #expect(await transport.sent.count == 2)
        #expect(await endpoint.count == 2)
    }

    @Test func aRetriedRequestGetsAFreshCorrelationIDEachAttempt() async throws {
        let transport = InMemoryTransport([.init(status: 503), .init(status: 502), InMemoryTransport.definitions()])
        _ = try await Self.client(transport, tokens: FakeTokenEndpoint()).definitions()
        let ids = await transport.sent.compactMap { $0.header("concur-correlationid") }
        #expect(ids.count == 3)
        #expect(Set(ids).count == 3)
        #expect(ids.allSatisfy { $0.hasPrefix("concur-extract-") })
    }

    @Test func aForeignLinkIsNeverSent() async throws {
        let transport = InMemoryTransport([InMemoryTransport.definitions()])
        let client = Self.client(transport, tokens: FakeTokenEndpoint())
        await #expect(throws: ExtractClientError.self) {
            _ = try await client.status(at: Fixture.url("https://evil.example/api/expense/extract/v1.0/D/job/J"))
        }
        #expect(await transport.sent.isEmpty)
    }

    @Test func anAnswerLargerThanItsLimitIsRefusedNotTruncated() async throws {
        var big = InMemoryTransport.definitions()
        big.body.append(Data(repeating: 0x20, count: 2_000))
        let transport = InMemoryTransport([big])
        var configuration = ExtractClientConfiguration(format: .json, retryPolicy: .none)
        configuration.limits.maximumAnswerSize = 1_000
        let client = ConcurClient(
            configuration: configuration,
            tokens: TokenStore(
                client: ClientCredentials(clientID: "c", clientSecret: "s"),
                geolocation: .us,
                login: LoginCredentials(username: "u", password: "p"),
                persistence: InMemoryTokenPersistence(),
                fetcher: FakeTokenEndpoint().fetcher
            ),
            transport: transport,
            random: SeededRandomNumberGenerator(seed: 3),
            sleep: { _ in }
        )
        do {
            _ = try await client.definitions()
            Issue.record("expected too-large")
        } catch let error as ExtractClientError {
            #expect(error.code == .tooLarge, "\(error)")
        }
    }
}
