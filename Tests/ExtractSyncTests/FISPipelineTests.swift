import AccountingExtract
import ExtractClient
import ExtractSandbox
import ExtractSync
import ExtractTesting
import FinancialIntegrationAPI
import Foundation
import Ledger
import Testing

/// Issue 12: `sync --source fis`'s pipeline (``SyncPipeline`` with kind `.fis`) against the sandbox's FIS routes on
/// loopback, with a SQLite and a PostgreSQL ledger, for the documents it must not post: one the customer's report
/// made unpostable (confirmed `error`, then resubmitted and posted), one another system acknowledged first
/// (foreign), one recalled between our page read and our acknowledgement.
@Suite(.timeLimit(.minutes(3))) struct FISPipelineTests {
    static let company = "acme"
    static let systemID = "concur-extract-test"
    static let otherSystem = "OTHER-ERP"

    enum LedgerKind: String, CaseIterable { case sqlite, postgres }

    /// A FIS sandbox, a company-level client, a ledger and its archive.
    struct World {
        var harness: SandboxHarness
        var client: ConcurClient
        var store: any LedgerStore
        var archive: RawFileStore
        var companyID: String
        var server: SandboxServer { harness.server }

        func run() async throws -> SyncReport {
            var settings = SyncPipeline.Settings(
                company: FISPipelineTests.company,
                downloads: harness.directory.appendingPathComponent("downloads")
            )
            settings.kind = .fis
            settings.systemID = FISPipelineTests.systemID
            return try await SyncPipeline(client: client, store: store, archive: archive, settings: settings).run()
        }

        /// The company's documents as the oracle holds them.
        func oracle() async -> [SandboxFISDocument] {
            await server.store.oracle().fisDocuments[companyID] ?? []
        }

        func oracle(_ docId: String) async -> SandboxFISDocument? { await server.store.oracle().fisDocument(id: docId) }

        /// How many times the ledger holds the document's batch.
        func batches(of docId: String) async throws -> Int {
            try await store.batches().filter { $0.batch.batchID == FISJournalBuilder.batchID(docId: docId) }.count
        }

        /// Runs the pipeline while `interfere` acts on `docId` after the ledger recorded it (its page was read) and
        /// before the sandbox answers the acknowledgement: every acknowledgement is held 2.5 s (a `slow` fault).
        func run(
            interfering docId: String,
            _ interfere: @escaping @Sendable () async throws -> Void
        ) async throws
            -> SyncReport
        {
            await server.store.setFaults([SandboxFault(route: .fisAcknowledgements, kind: .slow(milliseconds: 2_500))])
            let sync = Task { try await run() }
            let store = store
            let started = ContinuousClock.now
            while try await store.job(company: FISPipelineTests.company, jobID: docId) == nil {
                guard ContinuousClock.now - started < .seconds(60) else {
                    Issue.record("document \(docId) was never recorded")
                    return try await sync.value
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            try await interfere()
            let report = try await sync.value
            await server.store.setFaults([])
            return report
        }
    }

    static func withWorld(_ kind: LedgerKind, _ body: (World) async throws -> Void) async throws {
        let fisCompanies: (inout SandboxConfiguration) -> Void = { configuration in
            configuration.reportSource = .fis
            configuration.reportsPerCompany = 4
        }
        try await withSandbox(fisCompanies) { harness in
            let company = await harness.server.store.state.companies[0]
            let tokens = TokenStore(
                client: ClientCredentials(clientID: company.clients[0].id, clientSecret: company.clients[0].secret),
                geolocation: harness.geolocation,
                login: .companyRequestToken(companyID: company.id, requestToken: company.requestToken),
                persistence: InMemoryTokenPersistence(),
                fetcher: ConcurClient.tokenFetcher()
            )
            let url =
                kind == .sqlite
                ? harness.directory.appendingPathComponent("ledger.sqlite").path
                : try await TestPostgres.freshDatabase(prefix: "fis_pipeline_")
            let store = try await LedgerStores.open(url)
            _ = try await store.migrate()
            let world = World(
                harness: harness,
                client: harness.client(format: .json, tokens: tokens),
                store: store,
                archive: try RawFileStore(directory: harness.directory.appendingPathComponent("raw").path),
                companyID: company.id
            )
            do {
                try await body(world)
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
    }

    /// The sandbox serves a document without its GL account: the pipeline's journal refuses it, nothing of it
    /// reaches the ledger, and Concur gets an `error` confirmation naming the field; a rerun sends nothing again.
    /// Resubmitted (a new id, the report fixed), it posts once and is confirmed `success` with the ledger's number.
    @Test(arguments: LedgerKind.allCases) func aDefectiveDocumentIsConfirmedErrorAndItsResubmissionPosts(
        kind: LedgerKind
    ) async throws {
        try await Self.withWorld(kind) { world in
            let defective = try #require((await world.oracle()).filter { $0.docType == .expense }.dropFirst().first)
            try await world.server.store.markFISDocumentDefective(companyID: world.companyID, docID: defective.id)
            let first = try await world.run()
            #expect(first.confirmations.contains { $0.docId == defective.id && $0.answer == .accepted })
            let refused = try #require(await world.oracle(defective.id))
            #expect(refused.status == .postingConfirmedFailure && refused.posting?.result == .error)
            #expect(refused.posting?.systemID == Self.systemID && refused.posting?.documentNumbers == [])
            let messages = refused.posting?.messages.joined(separator: " ") ?? ""
            #expect(messages.contains("journalAccountCode") && messages.contains("no account"), "\(messages)")
            #expect(try await world.batches(of: defective.id) == 0)
            let recorded = try await world.store.fisConfirmation(company: Self.company, docId: defective.id)
            #expect(recorded?.result == .error && recorded?.messagesJSON.contains("fis-missing-account") == true)
            #expect(try await world.store.job(company: Self.company, jobID: defective.id)?.state == .confirmed)
            // Every other document posted once and confirmed with the ledger's document number.
            for document in await world.oracle() where document.id != defective.id {
                let reference = try await world.store.fisPostingReference(company: Self.company, docId: document.id)
                #expect(try await world.batches(of: document.id) == 1, "\(document.docType) \(document.id)")
                #expect(document.posting?.documentNumbers == [reference?.documentNumber ?? "?"])
            }
            let rerun = try await world.run()
            #expect(rerun.confirmations.isEmpty && rerun.jobs.isEmpty, "a rerun sends nothing")
            #expect(await world.oracle(defective.id) == refused)

            let fresh = try await world.server.store.resubmitFISDocument(
                companyID: world.companyID,
                docID: defective.id
            )
            let second = try await world.run()
            #expect(second.jobs.map(\.jobID) == [fresh.id] && second.jobs.first?.posted == true)
            #expect(second.exitCode == 0)
            let posted = try #require(await world.oracle(fresh.id))
            let reference = try #require(
                try await world.store.fisPostingReference(company: Self.company, docId: fresh.id)
            )
            #expect(posted.status == .postingConfirmedSuccess && posted.posting?.result == .success)
            #expect(posted.posting?.documentNumbers == [reference.documentNumber])
            #expect(try await world.batches(of: fresh.id) == 1)
            #expect(try await world.batches(of: defective.id) == 0)
            let last = try await world.run()
            #expect(last.confirmations.isEmpty && last.jobs.isEmpty)
            #expect(await world.oracle(fresh.id) == posted)
        }
    }

    /// Another system acknowledges a document after our page read, before our acknowledgement (101 naming it):
    /// foreign — never posted, never confirmed by us, listed in ``SyncReport/foreignJobs`` with exit 4 on every run.
    @Test(arguments: LedgerKind.allCases) func aDocumentAnotherSystemAcknowledgedIsForeignOnEveryRun(
        kind: LedgerKind
    ) async throws {
        try await Self.withWorld(kind) { world in
            let taken = try #require((await world.oracle()).first { $0.docType == .expense })
            let server = world.server
            let companyID = world.companyID
            let first = try await world.run(interfering: taken.id) {
                let answer = await server.store.fisAcknowledge(
                    companyID: companyID,
                    type: .expense,
                    request: FISAcknowledgeRequest(ids: [taken.id], systemId: Self.otherSystem)
                )
                #expect(answer.map(\.code) == [.success])
            }
            for report in [first, try await world.run()] {
                #expect(report.foreignJobs.map(\.jobID) == [taken.id])
                #expect(report.exitCode == ExitStatus.foreignJobs.rawValue)
                #expect(!report.jobs.contains { $0.jobID == taken.id })
                #expect(!report.confirmations.contains { $0.docId == taken.id })
                let document = try #require(await world.oracle(taken.id))
                #expect(document.status == .acknowledged && document.erpSystemID == Self.otherSystem)
                #expect(document.posting == nil)
                #expect(try await world.batches(of: taken.id) == 0)
                #expect(try await world.store.fisConfirmation(company: Self.company, docId: taken.id) == nil)
                #expect(try await world.store.job(company: Self.company, jobID: taken.id)?.state == .foreign)
            }
            // Everything else is ours, posted and confirmed.
            for document in await world.oracle() where document.id != taken.id {
                #expect(document.status == .postingConfirmedSuccess && document.erpSystemID == Self.systemID)
            }
        }
    }

    /// A processor recalls a document after our page read, before our acknowledgement (102): never posted, never
    /// confirmed, on this run or the next.
    @Test(arguments: LedgerKind.allCases) func aDocumentRecalledBeforeOurAcknowledgementIsNeverPosted(
        kind: LedgerKind
    ) async throws {
        try await Self.withWorld(kind) { world in
            let recalled = try #require((await world.oracle()).first { $0.docType == .expense })
            let server = world.server
            let companyID = world.companyID
            let first = try await world.run(interfering: recalled.id) {
                try await server.store.recallFISDocument(companyID: companyID, docID: recalled.id)
            }
            for report in [first, try await world.run()] {
                #expect(!report.jobs.contains { $0.jobID == recalled.id && $0.posted })
                #expect(!report.confirmations.contains { $0.docId == recalled.id })
                #expect(report.foreignJobs.isEmpty)
                let document = try #require(await world.oracle(recalled.id))
                #expect(document.status == .recalled && document.erpSystemID == nil && document.posting == nil)
                #expect(try await world.batches(of: recalled.id) == 0)
                #expect(try await world.store.fisConfirmation(company: Self.company, docId: recalled.id) == nil)
                let record = try await world.store.job(company: Self.company, jobID: recalled.id)
                #expect(
                    record?.state == .failed && record?.note?.contains("102") == true,
                    "\(String(describing: record))"
                )
            }
            for document in await world.oracle() where document.id != recalled.id {
                #expect(document.status == .postingConfirmedSuccess && document.erpSystemID == Self.systemID)
            }
        }
    }
}
