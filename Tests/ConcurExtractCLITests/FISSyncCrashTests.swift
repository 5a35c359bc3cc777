import AccountingExtract
import ExtractSandbox
import ExtractSync
import ExtractTesting
import FinancialIntegrationAPI
import Foundation
import Ledger
import Testing

/// `sync --source fis` killed with SIGKILL right after each durable step of a FIS document, then run again: every
/// document the sandbox's oracle shows acknowledged by this ledger is posted exactly once (or quarantined) and
/// confirmed with exactly the ledger's result — on SQLite and on PostgreSQL.
@Suite(.serialized) struct FISSyncCrashTests {
    static let systemID = "LEDGER-CRASH"

    @Test(arguments: SyncCrashTests.Database.allCases)
    func killedAfterEachDocumentStepThenRerun(database: SyncCrashTests.Database) async throws {
        for step in SyncStep.documentSteps {
            let world = try await FISWorld.start(database: database)
            defer { Task { await world.server.shutdown() } }
            let crashed = try await world.sync(crashAfter: step)
            #expect(crashed.status == 9, "after \(step): \(crashed.status) \(crashed.standardError)")
            let rerun = try await world.sync()
            #expect(rerun.status == 0, "rerun after \(step): \(rerun.standardOutput) \(rerun.standardError)")
            try await world.checkExactlyOnce("after \(step)")
        }
    }

    /// Every answer of the posting confirmations is lost (the body cut after Concur recorded them): the run keeps
    /// them `confirming`; the rerun sends the same recorded content, and Concur's "already confirmed" counts as
    /// done because it is ours with the same result.
    @Test(arguments: SyncCrashTests.Database.allCases)
    func lostConfirmationAnswersAreResentAndVerified(database: SyncCrashTests.Database) async throws {
        let world = try await FISWorld.start(database: database)
        defer { Task { await world.server.shutdown() } }
        await world.server.store.setFaults([
            SandboxFault(route: .fisPostingConfirmations, kind: .truncatedBody, count: nil)
        ])
        let first = try await world.sync()
        #expect(first.status == 0, "\(first.standardOutput) \(first.standardError)")
        let store = try await LedgerStores.open(world.database)
        let confirming = try await store.jobs(company: "acme", includePosted: true).filter { $0.state == .confirming }
        try await store.close()
        #expect(!confirming.isEmpty, "the answers were lost: the documents wait in confirming")

        await world.server.store.setFaults([])
        let rerun = try await world.sync()
        #expect(rerun.status == 0, "\(rerun.standardOutput) \(rerun.standardError)")
        try await world.checkExactlyOnce("after lost answers")
        let reopened = try await LedgerStores.open(world.database)
        for record in confirming {
            let confirmation = try await reopened.fisConfirmation(company: "acme", docId: record.jobID)
            #expect(confirmation?.answerCode == 113, "\(record.jobID): \(String(describing: confirmation))")
        }
        try await reopened.close()
    }
}

/// A FIS sandbox, a ledger and the environment of the real binary.
struct FISWorld {
    var server: SandboxServer
    var database: String
    var data: String
    var environment: [String: String]

    static func start(database kind: SyncCrashTests.Database, reports: Int = 6) async throws -> FISWorld {
        let server = try await SandboxServer.startForTests(reports: reports, queued: 0.05, running: 0.05) {
            $0.reportSource = .fis
        }
        let data = try CLIRunner.temporaryDirectory()
        let database: String
        switch kind {
        case .sqlite: database = data + "/ledger.sqlite"
        case .postgres: database = try await TestPostgres.freshDatabase(prefix: "fis_crash_")
        }
        let company = await server.store.state.companies[0]
        return FISWorld(
            server: server,
            database: database,
            data: data,
            environment: [
                "CONCUR_BASE_URL": server.baseURL.absoluteString,
                "CONCUR_CLIENT_ID": company.clients[0].id,
                "CONCUR_CLIENT_SECRET": company.clients[0].secret,
                "CONCUR_USERNAME": company.id,
                "CONCUR_PASSWORD": company.requestToken,
                "CONCUR_CREDENTIAL_TYPE": "authtoken",
                "CONCUR_EXTRACT_STATE": data + "/state",
                "CONCUR_FIS_SYSTEM_ID": FISSyncCrashTests.systemID,
            ]
        )
    }

    func sync(crashAfter step: SyncStep? = nil) async throws -> CLIRunner.Outcome {
        var environment = environment
        if let step { environment["CONCUR_EXTRACT_CRASH_AFTER"] = step.rawValue }
        return try await CLIRunner.run(
            ["sync", "--source", "fis", "--data-dir", data, "--database", database, "--company", "acme"],
            environment: environment
        )
    }

    /// The oracle's documents against the ledger: each acknowledged by us is posted at most once, confirmed with
    /// exactly the ledger's result; none is left ready; the journal balances.
    func checkExactlyOnce(_ when: String) async throws {
        let company = await server.store.state.companies[0]
        let oracle = await server.store.oracle()
        let documents = oracle.fisDocuments[company.id] ?? []
        #expect(!documents.isEmpty, "\(when): the sandbox seeded no FIS documents")
        let store = try await LedgerStores.open(database)
        defer { Task { try? await store.close() } }
        let batches = try await store.batches().map(\.batch)
        for document in documents {
            #expect(document.status != .ready, "\(when): \(document.id) is still ready")
            #expect(document.erpSystemID == FISSyncCrashTests.systemID, "\(when): \(document.id) not acknowledged by us")
            let record = try await store.job(company: "acme", jobID: document.id)
            #expect(record?.state == .confirmed, "\(when): \(document.id) is \(String(describing: record?.state))")
            let loaded = batches.filter { $0.batchID == FISJournalBuilder.batchID(docId: document.id) }
            let confirmation = try await store.fisConfirmation(company: "acme", docId: document.id)
            guard let posting = document.posting, let confirmation else {
                Issue.record("\(when): \(document.id) unconfirmed: oracle \(String(describing: document.posting))")
                continue
            }
            #expect(posting.systemID == FISSyncCrashTests.systemID)
            switch confirmation.result {
            case .success:
                #expect(loaded.count == 1, "\(when): \(document.id) loaded \(loaded.count) times")
                let reference = try await store.fisPostingReference(company: "acme", docId: document.id)
                #expect(posting.result == .success, "\(when): \(document.id)")
                #expect(posting.documentNumbers == [reference?.documentNumber ?? "?"], "\(when): \(document.id)")
                #expect(posting.documentNumbers == [confirmation.documentNumber ?? "?"], "\(when): \(document.id)")
                #expect(posting.postingDates == [confirmation.postingDate?.description ?? "?"], "\(when)")
                #expect(posting.fiscalYears == [confirmation.fiscalYear.map { String($0) } ?? "?"], "\(when)")
            case .error:
                #expect(loaded.isEmpty, "\(when): \(document.id) error-confirmed but posted")
                #expect(posting.result == .error, "\(when): \(document.id)")
                #expect(!posting.messages.isEmpty, "\(when): \(document.id)")
            }
        }
        let reconciliation = try await store.reconciliation(.all)
        for line in reconciliation.batches {
            #expect(line.matchesHeader, "\(when): batch \(line.batchID)")
        }
        let debit = reconciliation.accounts.reduce(Amount.zero) { $0 + $1.debit }
        let credit = reconciliation.accounts.reduce(Amount.zero) { $0 + $1.credit }
        #expect(debit == credit && !debit.isZero, "\(when): debits \(debit) credits \(credit)")
    }
}
