import ExtractAPI
import ExtractSandbox
import FinancialIntegrationAPI
import Foundation
import Hummingbird
import Testing

@testable import ExtractClient

/// Issue 12, item 3: the FIS v4 client against a scripted loopback FIS (``FISFakeService`` on ``HostileServer``).
@Suite(.timeLimit(.minutes(2))) struct FISClientTests {
    static let accessToken = "fis-secret-access-token"
    static let settings = FISClientSettings(systemID: FISFakeService.systemID, pageLimit: 3, batchSize: 2)

    static func client(
        of server: HostileServer,
        scopes: [String]? = ["EXTRCT", "FISVC"],
        company: Bool? = true,
        attempts: Int = 3,
        limits: (inout ExtractClientLimits) -> Void = { _ in }
    ) -> ConcurClient {
        let token = StoredToken(
            accessToken: accessToken,
            accessTokenExpiry: Date().addingTimeInterval(3600),
            accessTokenLifetime: .seconds(3600),
            refreshToken: "fis-secret-refresh-token",
            refreshTokenExpiry: nil,
            geolocation: server.geolocation,
            scopes: scopes,
            isCompanyToken: company
        )
        var configuration = ExtractClientConfiguration(
            format: .json,
            retryPolicy: .exponential(base: .milliseconds(1), maximum: .milliseconds(5), attempts: attempts)
        )
        limits(&configuration.limits)
        return ConcurClient(
            configuration: configuration,
            tokens: TokenStore(
                client: ClientCredentials(clientID: "client", clientSecret: "client-secret-value"),
                geolocation: server.geolocation,
                persistence: InMemoryTokenPersistence(token),
                fetcher: ConcurClient.tokenFetcher()
            ),
            random: SeededRandomNumberGenerator(seed: 7),
            sleep: { _ in }
        )
    }

    /// Runs `body` with a fake FIS of `count` ready documents behind a loopback server.
    static func withFIS(
        documents count: Int,
        _ body: (HostileServer, FISFakeService) async throws -> Void
    ) async throws {
        let fake = try FISFakeService(documents: count)
        try await withHostileServer(.script(fake.script)) { server in try await body(server, fake) }
    }

    static func requests(_ server: HostileServer, _ method: String) async -> [HostileServer.Recorded] {
        await server.requests.filter { $0.method == method && $0.path.hasPrefix(FinancialIntegrationAPI.basePath) }
    }

    // MARK: - Paging

    @Test func pagesFollowNextAcrossEveryPageAndBothDocumentFormsDecode() async throws {
        for form in FISDocumentFormat.allCases {
            try await Self.withFIS(documents: 8) { server, fake in
                var settings = Self.settings
                settings.documentFormat = form
                var ids: [String] = []
                var pages = 0
                for try await page in Self.client(of: server).fisPages(.expense, settings: settings) {
                    pages += 1
                    for transaction in page.documents {
                        ids.append(transaction.id)
                        #expect(try transaction.financialDocument() == fake.document)
                    }
                }
                #expect(pages == 3)
                #expect(ids == (await fake.ready))
                let gets = await Self.requests(server, "GET")
                #expect(gets.count == 3)
                #expect(gets.allSatisfy { $0.headers["documentformatas"] == form.rawValue })
                #expect(gets.allSatisfy { $0.authorization == "Bearer \(Self.accessToken)" })
            }
        }
    }

    @Test func aNextLinkToAnotherHostIsRefusedAndNeverRequested() async throws {
        try await Self.withFIS(documents: 8) { server, fake in
            await fake.set { $0.nextLinkOrigin = URL(string: "http://127.0.0.2:9") }
            var pages = 0
            let error = await HostileNetworkTests.expectError(.originRefused) {
                for try await _ in Self.client(of: server).fisPages(.expense, settings: Self.settings) { pages += 1 }
            }
            #expect(pages == 0 || pages == 1)
            #expect(error?.message.contains("127.0.0.2") == true)
            #expect(await Self.requests(server, "GET").count == 1)
            // The acknowledging loop refuses it too, when a page with nothing new sends it on: here the first page's
            // documents are refused (they stay ready), so the loop must advance.
            let first = Array(await fake.ready.prefix(3))
            await fake.set { fake in for id in first { fake.refuseAcknowledgement[id] = 199 } }
            let loop = await HostileNetworkTests.expectError(.originRefused) {
                try await Self.client(of: server).acknowledgeReadyDocuments(.expense, settings: Self.settings) { _ in }
            }
            #expect(loop != nil)
        }
    }

    @Test func oneBusinessIDIsAskedForWithIgnoreDocumentStatus() async throws {
        try await Self.withFIS(documents: 1) { server, fake in
            let found = try await Self.client(of: server).fisDocuments(
                .expense,
                docID: "F071FADEA6B142DD884A",
                ignoreDocumentStatus: true,
                settings: Self.settings
            )
            #expect(found.map(\.id) == (await fake.ready))
            let query = await Self.requests(server, "GET").first?.query ?? ""
            #expect(query.contains("docId=F071FADEA6B142DD884A") && query.contains("ignoreDocumentStatus=yes"))
        }
    }

    @Test func aPagingLoopEnds() async throws {
        try await Self.withFIS(documents: 8) { server, fake in
            await fake.set { $0.loopingNext = true }
            _ = await HostileNetworkTests.expectError(.protocolViolation) {
                for try await _ in Self.client(of: server).fisPages(.expense, settings: Self.settings) {}
            }
            #expect(await Self.requests(server, "GET").count == 2)
        }
    }

    // MARK: - Acknowledgements

    @Test func eachPageIsAcknowledgedAndOnlyAcknowledgedDocumentsAreHandedOn() async throws {
        try await Self.withFIS(documents: 8) { server, fake in
            let all = await fake.ready
            let recalled = all[4]
            await fake.set { $0.refuseAcknowledgement[recalled] = 102 }
            let handed = HandedOn()
            let results = try await Self.client(of: server).acknowledgeReadyDocuments(.expense, settings: Self.settings)
            { page in
                await handed.add(page)
            }
            // Every document handed on exactly once; only the acknowledged ones to post; the recalled one never.
            #expect(await handed.seen.sorted() == all.sorted())
            #expect(await handed.posted.sorted() == all.filter { $0 != recalled }.sorted())
            #expect(results.count == 8)
            #expect(results.first { $0.docID == recalled }?.outcome == .failed(.acknowledgeRecalled, message: "refused"))
            #expect(await fake.ready == [recalled])
            #expect(await fake.acknowledgedBy.values.allSatisfy { $0 == FISFakeService.systemID })
            // Acknowledged right after each page: every POST follows the GET that read its documents.
            let requests = await server.requests.map(\.method)
            #expect(requests.first == "GET")
            #expect(!requests.contains { $0 == "POST" } || requests.firstIndex(of: "POST")! < requests.count - 1)
        }
    }

    @Test func aReplayAnsweredPreviouslyAcknowledgedByUsIsDoneByAnotherSystemIsForeign() async throws {
        try await Self.withFIS(documents: 3) { server, fake in
            let ids = await fake.ready
            await fake.acknowledge(ids[0], by: FISFakeService.systemID)
            await fake.acknowledge(ids[1], by: "OTHER-ERP")
            let results = try await Self.client(of: server).acknowledge(ids, .expense, settings: Self.settings)
            #expect(results.map(\.docID) == ids)
            #expect(results[0].outcome == .acknowledged(replayed: true))
            #expect(
                results[1].outcome
                    == .foreign(
                        systemID: "OTHER-ERP",
                        message: "This document was previously acknowledged by SystemId: OTHER-ERP."
                    )
            )
            #expect(!results[1].outcome.mayPost)
            #expect(results[2].outcome == .acknowledged(replayed: false))
        }
    }

    @Test func aLostAcknowledgementAnswerIsRetriedAndItsReplayCountsAsDone() async throws {
        try await Self.withFIS(documents: 2) { server, fake in
            let ids = await fake.ready
            await fake.inject(.loseAnswer, on: .acknowledge)
            let results = try await Self.client(of: server).acknowledge(ids, .expense, settings: Self.settings)
            #expect(results.map(\.outcome) == [.acknowledged(replayed: true), .acknowledged(replayed: true)])
            #expect(await Self.requests(server, "POST").count == 2)
        }
    }

    @Test func aPostWhoseAnswerIsLostIsUnknownNeverFailureOrSuccess() async throws {
        try await Self.withFIS(documents: 2) { server, fake in
            let ids = await fake.ready
            // Acknowledgement: the answer arrives after the deadline, every time.
            await fake.inject(.slowAnswer(.seconds(2)), on: .acknowledge, times: 2)
            let client = Self.client(of: server, attempts: 2) { $0.requestDeadline = .milliseconds(300) }
            let acknowledged = try await client.acknowledge(ids, .expense, settings: Self.settings)
            #expect(acknowledged.allSatisfy { if case .unknown = $0.outcome { true } else { false } })
            #expect(acknowledged.allSatisfy { !$0.outcome.mayPost })
            // Posting confirmation: a 502 after the work, every time; the later batch is not sent.
            await fake.inject(.loseAnswer, on: .posting, times: 2)
            let confirmations = ids.map { FISPostingConfirmation(docId: $0, overallPostingStatusCode: .success) }
            var settings = Self.settings
            settings.batchSize = 1
            let results = try await client.confirmPostings(confirmations, .expense, settings: settings)
            #expect(results.map(\.docID) == ids)
            guard case .unknown = results[0].outcome, case .notSent = results[1].outcome else {
                Issue.record("expected unknown then not sent, got \(results)")
                return
            }
            #expect(results.allSatisfy { !$0.outcome.isRecorded && $0.outcome.shouldResend })
            // The next run (a new client with the usual deadline: 300 ms is too short for a loaded machine) re-sends:
            // the first was recorded meanwhile (113, after no replay), the second is accepted.
            let rerun = try await Self.client(of: server).confirmPostings(confirmations, .expense, settings: settings)
            #expect(rerun[0].outcome.isRecorded)
            #expect(rerun[1].outcome == .accepted(replayed: false))
        }
    }

    @Test func aPostRefusedAsAWholeIsNotSentAndRefusalsBeforeWorkAreRetried() async throws {
        try await Self.withFIS(documents: 2) { server, fake in
            let ids = await fake.ready
            await fake.inject(.status(429), on: .acknowledge)
            let retried = try await Self.client(of: server).acknowledge(ids, .expense, settings: Self.settings)
            #expect(retried.allSatisfy { $0.outcome == .acknowledged(replayed: true) })
            await fake.inject(.status(400), on: .posting)
            let confirmations = ids.map { FISPostingConfirmation(docId: $0, overallPostingStatusCode: .success) }
            let refused = try await Self.client(of: server).confirmPostings(confirmations, .expense, settings: Self.settings)
            #expect(refused.allSatisfy { if case .notSent = $0.outcome { true } else { false } })
            #expect(await fake.confirmed.isEmpty)
        }
    }

    // MARK: - GET retries, limits

    @Test func getIsRetriedAfter429And5xx() async throws {
        try await Self.withFIS(documents: 2) { server, fake in
            for status in [429, 503, 500, 502] { await fake.inject(.status(status), on: .list) }
            let page = try await Self.client(of: server, attempts: 5).fisPage(.expense, settings: Self.settings)
            #expect(page.documents.count == 2)
            #expect(await Self.requests(server, "GET").count == 5)
        }
    }

    @Test func anOversizedPageOrADeeplyNestedDocumentIsRefused() async throws {
        try await Self.withFIS(documents: 8) { server, fake in
            let small = Self.client(of: server) { $0.maximumAnswerSize = 4096 }
            let large = await HostileNetworkTests.expectError(.tooLarge) {
                _ = try await small.fisPage(.expense, settings: Self.settings)
            }
            #expect(large?.message.contains("maximumAnswerSize") == true)
            let nested = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
            let page = """
                {"links":[],"page":{"size":3,"totalElements":1,"totalPages":1,"number":0},"content":[{"id":"a",\
                "docType":"expense","docStatus":"READY","document":{"employee":{"x":\(nested)}}}]}
                """
            await fake.set { $0.pageOverride = Data(page.utf8) }
            let deep = await HostileNetworkTests.expectError(.decoding) {
                _ = try await Self.client(of: server).fisPage(.expense, settings: Self.settings)
            }
            #expect(deep?.message.lowercased().contains("deep") == true || deep?.message.contains("nest") == true)
        }
    }

    // MARK: - Batches

    @Test func confirmationsAreSentInBatchesOfTheConfiguredSizeInOrder() async throws {
        try await Self.withFIS(documents: 7) { server, fake in
            let ids = await fake.ready
            for id in ids { await fake.acknowledge(id, by: FISFakeService.systemID) }
            let confirmations = ids.map { FISPostingConfirmation(docId: $0, overallPostingStatusCode: .success) }
            for batchSize in [1, 2, 3, 7, 8, 100] {
                let before = await fake.postBodies[.posting]?.count ?? 0
                var settings = Self.settings
                settings.batchSize = batchSize
                let results = try await Self.client(of: server).confirmPostings(confirmations, .expense, settings: settings)
                #expect(results.map(\.docID) == ids)
                #expect(results.allSatisfy { $0.outcome.isRecorded })
                let bodies = Array((await fake.postBodies[.posting] ?? []).dropFirst(before))
                let sent = try bodies.map { try FISPostingConfirmationRequest(json: $0) }
                #expect(sent.count == (ids.count + batchSize - 1) / batchSize)
                #expect(sent.allSatisfy { $0.postingConfirmations.count <= batchSize && $0.systemId == "LEDGER01" })
                #expect(sent.flatMap(\.postingConfirmations) == confirmations)
            }
            for invalid in [0, FISClientSettings.maximumBatchSize + 1] {
                var settings = Self.settings
                settings.batchSize = invalid
                _ = await HostileNetworkTests.expectError(.invalidConfiguration) {
                    _ = try await Self.client(of: server).confirmPostings(confirmations, .expense, settings: settings)
                }
            }
        }
    }

    @Test func aReplayedPaymentConfirmationIsAlreadyRecorded() async throws {
        try await Self.withFIS(documents: 1) { server, fake in
            let id = await fake.ready[0]
            await fake.acknowledge(id, by: FISFakeService.systemID)
            let client = Self.client(of: server)
            _ = try await client.confirmPostings(
                [FISPostingConfirmation(docId: id, overallPostingStatusCode: .success)],
                .expense,
                settings: Self.settings
            )
            let reference = FISClearingReference(
                companyCode: "US01",
                financialDocumentId: "667799",
                fiscalYear: .string("2019"),
                paymentRef: "US01/667799/2019/2",
                paymentMethod: "E"
            )
            let payment = FISPaymentConfirmation(
                docId: id,
                processingStatusCode: .completelyPaid,
                clearingDetails: [
                    FISClearingDetail(
                        clearingDate: "2019-02-06T12:00:00.270Z",
                        clearingAmount: 220,
                        clearingCurrency: "USD",
                        clearingReference: reference
                    )
                ]
            )
            await fake.inject(.loseAnswer, on: .payment)
            let results = try await client.confirmPayments([payment], settings: Self.settings)
            #expect(results.first?.paymentRef == "US01/667799/2019/2")
            guard case .alreadyRecorded(.invalidPaymentRequest, _, replayed: true)? = results.first?.outcome else {
                Issue.record("expected a recorded replay, got \(results)")
                return
            }
        }
    }

    // MARK: - Token

    @Test func aTokenWithoutFISVCOrNotCompanyLevelIsRefusedBeforeAnyRequest() async throws {
        try await Self.withFIS(documents: 2) { server, _ in
            let cases: [(scopes: [String]?, company: Bool?)] = [(["EXTRCT"], true), (["FISVC"], false), (nil, true),
                                                               (["FISVC"], nil), ([], true)]
            for (scopes, company) in cases {
                let client = Self.client(of: server, scopes: scopes, company: company)
                let error = await HostileNetworkTests.expectError(.insufficientScope) {
                    _ = try await client.fisPage(.expense, settings: Self.settings)
                }
                #expect(error?.message.contains("login --credential-type authtoken") == true)
                _ = await HostileNetworkTests.expectError(.insufficientScope) {
                    _ = try await client.acknowledge(["a"], .expense, settings: Self.settings)
                }
            }
            #expect(await server.requests.isEmpty)
        }
    }

    @Test func aCompanyLoginWithFISVCMayCallAUserLoginMayNot() async throws {
        let fake = try FISFakeService(documents: 1)
        let tokenScript: @Sendable (HostileServer.Recorded, URL) async throws -> Response? = { request, base in
            if request.path == "/oauth2/v0/token" {
                let token = TokenResponse(
                    accessToken: Self.accessToken,
                    expiresIn: 3600,
                    refreshToken: "r",
                    scope: "EXTRCT FISVC",
                    geolocation: base
                )
                return FISFakeService.json(try token.jsonData())
            }
            return try await fake.script(request, base)
        }
        try await withHostileServer(.script(tokenScript)) { server in
            for (credentials, allowed) in [
                (LoginCredentials.companyRequestToken(companyID: "uuid", requestToken: "request-token"), true),
                (LoginCredentials(username: "user", password: "password-value"), false),
            ] {
                let tokens = TokenStore(
                    client: ClientCredentials(clientID: "client", clientSecret: "client-secret-value"),
                    geolocation: server.geolocation,
                    persistence: InMemoryTokenPersistence(),
                    fetcher: ConcurClient.tokenFetcher()
                )
                _ = try await tokens.login(credentials)
                let client = ConcurClient(tokens: tokens, sleep: { _ in })
                do {
                    let page = try await client.fisPage(.expense, settings: Self.settings)
                    #expect(allowed && page.documents.count == 1)
                } catch let error as ExtractClientError {
                    #expect(!allowed && error.code == .insufficientScope, "\(error)")
                }
            }
        }
    }

    @Test func noErrorOrOutcomeCarriesTheToken() async throws {
        var texts: [String] = []
        try await Self.withFIS(documents: 8) { server, fake in
            await fake.set { $0.nextLinkOrigin = URL(string: "http://127.0.0.2:9") }
            do { for try await _ in Self.client(of: server).fisPages(.expense, settings: Self.settings) {} } catch {
                texts.append("\(error)")
            }
            do { _ = try await Self.client(of: server) { $0.maximumAnswerSize = 100 }.fisPage(.expense, settings: Self.settings) } catch {
                texts.append("\(error)")
            }
            await fake.inject(.status(401), on: .list, times: 2)
            do { _ = try await Self.client(of: server).fisPage(.expense, settings: Self.settings) } catch {
                texts.append("\(error)")
            }
            await fake.inject(.loseAnswer, on: .acknowledge, times: 3)
            let ids = await fake.ready
            texts += try await Self.client(of: server).acknowledge(ids, .expense, settings: Self.settings).map {
                "\($0)"
            }
        }
        #expect(texts.count >= 4)
        #expect(texts.allSatisfy { !$0.contains(Self.accessToken) && !$0.contains("fis-secret") })
    }
}

/// What an acknowledging loop handed on.
actor HandedOn {
    private(set) var seen: [String] = []
    private(set) var posted: [String] = []

    func add(_ page: FISAcknowledgedPage) {
        seen += page.documents.map(\.transaction.id)
        posted += page.readyToPost.map(\.id)
    }
}
