import AccountingExtract
import ExtractAPI
import ExtractTesting
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import ExtractClient
@testable import ExtractSandbox

/// Collects what `process` hands on (the closure is `@Sendable`).
private actor Handed {
    private(set) var ids: [String] = []
    func add(_ page: FISAcknowledgedPage) { ids += page.readyToPost.map(\.id) }
}

/// The FIS client against the running sandbox on loopback (issue 12, item 1): every outcome is checked against
/// ``SandboxOracle/fisDocuments``.
@Suite("FIS client against the sandbox")
struct FISSandboxFlowTests {
    static let system = "LEDGER01"

    /// A sandbox of FIS companies (as `sandbox --fis`).
    static func start(
        reports: Int = 12,
        _ adjust: @escaping (inout SandboxConfiguration) -> Void = { _ in }
    ) async throws -> SandboxHarness {
        try await SandboxHarness.start { configuration in
            configuration.reportSource = .fis
            configuration.reportsPerCompany = reports
            configuration.paymentRequestsPerCompany = 5
            adjust(&configuration)
        }
    }

    /// A client logged in with company `index`'s request token (the `authtoken` grant), waits 100× shorter.
    static func client(_ harness: SandboxHarness, company index: Int = 0) async -> ConcurClient {
        let company = await harness.server.store.state.companies[index]
        let tokens = TokenStore(
            client: ClientCredentials(clientID: company.clients[0].id, clientSecret: company.clients[0].secret),
            geolocation: harness.geolocation,
            login: .companyRequestToken(companyID: company.id, requestToken: company.requestToken),
            persistence: InMemoryTokenPersistence(),
            fetcher: ConcurClient.tokenFetcher()
        )
        return harness.client(format: .json, tokens: tokens)
    }

    static func documents(
        _ harness: SandboxHarness,
        _ type: FISDocumentType,
        company: Int = 0
    ) async -> [SandboxFISDocument] {
        let oracle = await harness.server.store.oracle()
        let id = await harness.server.store.state.companies[company].id
        return (oracle.fisDocuments[id] ?? []).filter { $0.docType == type }
    }

    static func success(_ docID: String, number: String) -> FISPostingConfirmation {
        FISPostingConfirmation(
            docId: docID,
            overallPostingStatusCode: .success,
            postingDocs: [
                FISPostingDocument(
                    companyId: "US01",
                    documentNumber: number,
                    fiscalYear: .string("2026"),
                    postingDate: "2026-01-15"
                )
            ]
        )
    }

    @Test func loginPageAcknowledgeConfirmAndPayAsTheOracleRecordsIt() async throws {
        let harness = try await Self.start()
        defer { Task { await harness.stop() } }
        let client = await Self.client(harness)
        let settings = FISClientSettings(systemID: Self.system, pageLimit: 5, batchSize: 4)
        // every ready expense document is acknowledged by us and handed on once, in creation order
        let handed = Handed()
        let outcomes = try await client.acknowledgeReadyDocuments(.expense, settings: settings) { await handed.add($0) }
        let expected = await Self.documents(harness, .expense)
        #expect(expected.count == 12)
        #expect(await handed.ids == expected.map(\.id))
        #expect(outcomes.map(\.outcome) == Array(repeating: .acknowledged(replayed: false), count: 12))
        #expect(expected.allSatisfy { $0.status == .acknowledged && $0.erpSystemID == Self.system })
        // a second run finds nothing; our replay (101 naming us) is ours; another system's is foreign
        #expect(try await client.acknowledgeReadyDocuments(.expense, settings: settings) { _ in }.isEmpty)
        let ids = expected.map(\.id)
        let replay = try await client.acknowledge(ids, .expense, settings: settings)
        #expect(replay.map(\.outcome) == Array(repeating: .acknowledged(replayed: true), count: 12))
        var other = settings
        other.systemID = "OTHER-ERP"
        let foreign = try await client.acknowledge(ids, .expense, settings: other)
        for result in foreign {
            guard case .foreign(let owner, _) = result.outcome else {
                Issue.record("\(result.docID): \(result.outcome)")
                continue
            }
            #expect(owner == Self.system)
        }
        #expect(await Self.documents(harness, .expense).allSatisfy { $0.erpSystemID == Self.system })
        // confirmations in batches of 4: success needs postingDocs with companyId, error needs systemMessages
        var confirmations = ids[0..<8].enumerated().map { Self.success($1, number: "CE-\($0)") }
        confirmations.append(
            FISPostingConfirmation(
                docId: ids[8],
                overallPostingStatusCode: .error,
                systemMessages: [FISSystemMessage(messageId: "003-CC", messageShortText: "Cost centre is not valid.")]
            )
        )
        confirmations.append(FISPostingConfirmation(docId: ids[9], overallPostingStatusCode: .error))
        confirmations.append(FISPostingConfirmation(docId: ids[10], overallPostingStatusCode: .success))
        let posted = try await client.confirmPostings(confirmations, .expense, settings: settings)
        #expect(posted.map(\.docID) == Array(ids[0..<11]))
        #expect(posted[0..<9].allSatisfy { $0.outcome == .accepted(replayed: false) })
        for result in posted[9..<11] {
            guard case .refused(let code, _) = result.outcome else {
                Issue.record("\(result.docID): \(result.outcome)")
                continue
            }
            #expect(code == .invalidRequest && !result.outcome.isRecorded && !result.outcome.shouldResend)
        }
        var oracle = await Self.documents(harness, .expense)
        #expect(
            oracle[0..<8].allSatisfy { $0.status == .postingConfirmedSuccess && $0.posting?.systemID == Self.system }
        )
        #expect(oracle.map { $0.posting?.documentNumbers ?? [] }[0..<8] == ArraySlice((0..<8).map { ["CE-\($0)"] }))
        #expect(
            oracle[8].status == .postingConfirmedFailure && oracle[8].posting?.messages == ["Cost centre is not valid."]
        )
        #expect(oracle[9..<12].allSatisfy { $0.status == .acknowledged })
        // a replay is already recorded, never a second confirmation
        let again = try await client.confirmPostings(Array(confirmations[0..<9]), .expense, settings: settings)
        #expect(again.allSatisfy { if case .alreadyRecorded = $0.outcome { true } else { false } })
        // payments in batches: each accepted once; the replay is already recorded (298/213)
        let payments = ids[0..<8].map { FISPaymentConfirmation.paid($0, ref: "PAY-\($0.prefix(8))") }
        let paidResults = try await client.confirmPayments(payments, settings: settings)
        #expect(paidResults.map(\.outcome) == Array(repeating: .accepted(replayed: false), count: 8))
        #expect(try await client.confirmPayments(payments, settings: settings).allSatisfy(\.outcome.isRecorded))
        oracle = await Self.documents(harness, .expense)
        #expect(oracle[0..<8].allSatisfy { $0.status == .paymentConfirmedSuccess && $0.payments.count == 1 })
        // invoices and cash advances go the same way under their own docType
        for type in [FISDocumentType.invoice, .cashAdvance] {
            let typed = Handed()
            try await client.acknowledgeReadyDocuments(type, settings: settings) { await typed.add($0) }
            let documents = await Self.documents(harness, type)
            #expect(await typed.ids == documents.map(\.id), "\(type)")
            #expect(documents.allSatisfy { $0.status == .acknowledged && $0.erpSystemID == Self.system })
            let results = try await client.confirmPostings(
                documents.map { Self.success($0.id, number: "CE-\($0.id.prefix(6))") },
                type,
                settings: settings
            )
            #expect(results.allSatisfy { $0.outcome == .accepted(replayed: false) }, "\(type)")
        }
        #expect(await Self.documents(harness, .invoice).count == 5)
    }

    @Test func aSecondSystemSeesOnlyWhatIsNotOursAndCannotConfirmOurs() async throws {
        let harness = try await Self.start(reports: 6)
        defer { Task { await harness.stop() } }
        let client = await Self.client(harness)
        let settings = FISClientSettings(systemID: Self.system, pageLimit: 4, batchSize: 3)
        let ids = await Self.documents(harness, .expense).map(\.id)
        _ = try await client.acknowledge(Array(ids[0..<3]), .expense, settings: settings)
        var other = settings
        other.systemID = "OTHER-ERP"
        // the other system's loop acknowledges only what is still ready; ours stay foreign to it
        let handed = Handed()
        let theirs = try await client.acknowledgeReadyDocuments(.expense, settings: other) { await handed.add($0) }
        #expect(await handed.ids == Array(ids[3...]))
        #expect(theirs.allSatisfy { $0.outcome.mayPost })
        let foreign = try await client.acknowledge(Array(ids[0..<3]), .expense, settings: other)
        #expect(foreign.allSatisfy { $0.outcome == .foreign(systemID: Self.system, message: $0.outcome.message) })
        // confirming ours from the other system is 99 and changes nothing
        let refused = try await client.confirmPostings([Self.success(ids[0], number: "X")], .expense, settings: other)
        #expect(refused.map(\.outcome.code) == [.systemIDMismatch])
        let oracle = await Self.documents(harness, .expense)
        #expect(oracle[0..<3].allSatisfy { $0.erpSystemID == Self.system && $0.status == .acknowledged })
        #expect(oracle[3...].allSatisfy { $0.erpSystemID == "OTHER-ERP" })
    }

    /// The 101 message names the acknowledging system and the client reads it back as ours, for any `systemId`
    /// the settings accept; one it could not read back (surrounding spaces, `null`) is refused before sending.
    @Test(arguments: Array(UInt64(1)...UInt64(20)))
    func the101ReplayNamesUsForEveryAcceptedSystemID(seed: UInt64) async throws {
        var random = SeededRandomNumberGenerator(seed: seed)
        let alphabet = Array("AZaz09 .:-_/null SystemId: ")
        var company = SandboxState.seeded(
            {
                var configuration = SandboxConfiguration()
                configuration.companies = 1
                configuration.reportsPerCompany = 30
                configuration.reportSource = .fis
                return configuration
            }(),
            now: Date(timeIntervalSince1970: 1_767_225_600)
        ).companies[0]
        for document in company.fisDocuments where document.docType == .expense {
            let length = Int.random(in: 1...12, using: &random)
            var system = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
            if random.chance(0.2) { system = random.pick(["null", " ERP", "ERP ", "NULL", "SystemId: X", "A."]) }
            let settings = FISClientSettings(systemID: system)
            guard settings.validationError(operation: "test") == nil else {
                #expect(
                    system.trimmingCharacters(in: .whitespaces) != system || system.lowercased() == "null",
                    "\(system.debugDescription) refused without reason"
                )
                continue
            }
            #expect(company.acknowledgeFIS(id: document.id, type: .expense, systemID: system).code == .success)
            let replay = company.acknowledgeFIS(id: document.id, type: .expense, systemID: system)
            #expect(replay.code == .previouslyAcknowledged)
            #expect(
                ConcurClient.outcome(of: replay, systemID: system, replayed: true) == .acknowledged(replayed: true),
                "\(system.debugDescription): \(replay.errorMessage ?? "")"
            )
            let other = company.acknowledgeFIS(id: document.id, type: .expense, systemID: system + "2")
            #expect(ConcurClient.outcome(of: other, systemID: system + "2", replayed: false).mayPost == false)
        }
    }
}

extension FISAcknowledgementOutcome {
    fileprivate var message: String {
        if case .foreign(_, let message) = self { return message }
        return ""
    }
}

extension FISConfirmationOutcome {
    fileprivate var code: FISServiceCode? {
        switch self {
        case .refused(let code, _), .alreadyRecorded(let code, _, _): return code
        case .accepted: return .success
        case .unknown, .notSent: return nil
        }
    }
}
