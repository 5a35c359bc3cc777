import AccountingExtract
import Crypto
import ExtractClient
import ExtractSandbox
import ExtractSync
import ExtractTesting
import FinancialIntegrationAPI
import Foundation
import Ledger
import Testing

/// Issue 12 item 5: `confirm-payment`'s library against the sandbox's FIS routes on loopback, with a SQLite and a
/// PostgreSQL ledger: only posted, success-confirmed documents are paid; each payment is recorded before it is
/// sent; a rerun sends nothing new; a lost answer is sent again and recorded once.
@Suite(.timeLimit(.minutes(3))) struct PaymentConfirmationRunTests {
    static let company = "acme"
    static let settings = FISClientSettings(systemID: "concur-extract-test", batchSize: 2)

    enum Ledger: String, CaseIterable { case sqlite, postgres }

    /// FIS companies of six reports each.
    static func fisCompanies(_ configuration: inout SandboxConfiguration) {
        configuration.reportSource = .fis
        configuration.reportsPerCompany = 6
    }

    /// A FIS sandbox, a company-level client, a ledger; the first four documents acknowledged and loaded, three
    /// confirmed `success` and one `error`; `body` gets the client, the store, the server and the document ids.
    static func withPostedDocuments(
        _ kind: Ledger,
        _ body: (ConcurClient, any LedgerStore, SandboxServer, [String]) async throws -> Void
    ) async throws {
        try await withSandbox(fisCompanies) { harness in
            let sandbox = harness.server
            let company = await sandbox.store.state.companies[0]
            let tokens = TokenStore(
                client: ClientCredentials(clientID: company.clients[0].id, clientSecret: company.clients[0].secret),
                geolocation: harness.geolocation,
                login: LoginCredentials(
                    username: company.id,
                    password: company.requestToken,
                    credentialType: "authtoken"
                ),
                persistence: InMemoryTokenPersistence(),
                fetcher: ConcurClient.tokenFetcher()
            )
            let client = harness.client(format: .json, tokens: tokens)
            let url =
                kind == .sqlite
                ? harness.directory.appendingPathComponent("ledger.sqlite").path
                : try await TestPostgres.freshDatabase(prefix: "payments_")
            let store = try await LedgerStores.open(url)
            _ = try await store.migrate()
            var transactions: [FISTransaction] = []
            for try await page in client.fisPages(.expense, settings: settings) { transactions += page.documents }
            let posted = Array(transactions.prefix(4))
            let acknowledged = try await client.acknowledge(posted.map(\.id), .expense, settings: settings)
            #expect(acknowledged.allSatisfy { $0.outcome.mayPost })
            let date = try #require(CalendarDate(year: 2026, month: 6, day: 5))
            var confirmations: [FISPostingConfirmation] = []
            for (index, transaction) in posted.enumerated() {
                let lines = try FISJournalBuilder().lines(
                    for: try transaction.financialDocument(),
                    docId: transaction.id,
                    postingDate: date
                )
                let raw = try JSONEncoder().encode(transaction)
                _ = try await store.load(
                    LedgerBatch(
                        batchID: FISJournalBuilder.batchID(docId: transaction.id),
                        batchDate: date,
                        sha256: SHA256.hash(data: raw).map { String(format: "%02x", $0) }.joined(),
                        fileName: transaction.id + ".json",
                        headerRecordCount: lines.count,
                        headerTotal: .zero,
                        company: Self.company,
                        jobID: transaction.id
                    ),
                    lines: lines
                )
                let reference = try #require(
                    try await store.fisPostingReference(company: Self.company, docId: transaction.id)
                )
                let failed = index == 3
                try await store.recordFISConfirmation(
                    FISConfirmationRecord(
                        company: Self.company,
                        docId: transaction.id,
                        result: failed ? .error : .success,
                        documentNumber: failed ? nil : reference.documentNumber,
                        fiscalYear: failed ? nil : reference.fiscalYear,
                        postingDate: failed ? nil : reference.postingDate,
                        messagesJSON: failed ? #"[{"messageShortText":"test"}]"# : "[]",
                        recordedAt: Date()
                    )
                )
                confirmations.append(
                    failed
                        ? FISPostingConfirmation(
                            docId: transaction.id,
                            overallPostingStatusCode: .error,
                            systemMessages: [FISSystemMessage(messageId: "T", messageShortText: "test")]
                        )
                        : FISPostingConfirmation(
                            docId: transaction.id,
                            overallPostingStatusCode: .success,
                            postingDocs: [
                                FISPostingDocument(
                                    companyId: "0100",
                                    documentNumber: reference.documentNumber,
                                    fiscalYear: .number(Decimal(reference.fiscalYear)),
                                    postingDate: reference.postingDate.description
                                )
                            ]
                        )
                )
            }
            let results = try await client.confirmPostings(confirmations, .expense, settings: settings)
            #expect(results.allSatisfy { $0.outcome.isRecorded })
            do {
                try await body(client, store, sandbox, transactions.map(\.id))
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
    }

    static func payments(_ sandbox: SandboxServer, _ docId: String) async -> [SandboxFISDocument.Payment] {
        let oracle = await sandbox.store.oracle()
        return oracle.fisDocuments.values.flatMap { $0 }.first { $0.id == docId }?.payments ?? []
    }

    static func file(_ ids: [String], amount: String = "125.50") throws -> [PaymentConfirmationEntry] {
        try PaymentConfirmationFile.parse(
            """
            docId,status,paymentRef,clearingDate,clearingAmount,clearingCurrency,paymentMethod
            \(ids[0]),CP,PAY-1,2026-06-30,\(amount),USD,E
            \(ids[1]),PP,PAY-2,2026-06-30,10.00,USD,E
            \(ids[2]),CP,PAY-3,2026-07-01,99.99,USD,C
            """,
            file: "payments.csv",
            json: false
        )
    }

    static func run(_ client: ConcurClient, _ store: any LedgerStore) -> PaymentConfirmationRun {
        PaymentConfirmationRun(company: company, store: store, client: client, settings: settings)
    }

    /// Sent once, shown by the oracle, recorded as answered; the same file again sends nothing.
    @Test(arguments: Ledger.allCases) func sendsOnceAndARerunSendsNothingNew(kind: Ledger) async throws {
        try await Self.withPostedDocuments(kind) { client, store, sandbox, ids in
            let entries = try Self.file(ids)
            let first = try await Self.run(client, store).run(entries, file: "payments.csv")
            #expect(first.items.map(\.outcome) == ["sent", "sent", "sent"], "\(first.text)")
            #expect(first.exitStatus == .success)
            for (index, status) in [
                (0, FISProcessingStatusCode.completelyPaid), (1, .partiallyPaid), (2, .completelyPaid),
            ] {
                let paid = await Self.payments(sandbox, ids[index])
                #expect(paid.map(\.status) == [status] && paid.first?.paymentRefs == ["PAY-\(index + 1)"])
                let recorded = try await store.fisPayments(company: Self.company, docId: ids[index])
                #expect(recorded.count == 1 && recorded.first?.answerCode == 0)
            }
            let second = try await Self.run(client, store).run(entries, file: "payments.csv")
            #expect(second.items.map(\.outcome) == ["already-confirmed", "already-confirmed", "already-confirmed"])
            #expect(second.exitStatus == .success)
            #expect(await Self.payments(sandbox, ids[0]).count == 1)
        }
    }

    /// Refused whole before anything is recorded or sent: a document not posted here, an error-confirmed one, a
    /// conflicting second confirmation.
    @Test(arguments: Ledger.allCases) func refusesUnpostedErrorConfirmedAndConflicting(kind: Ledger) async throws {
        try await Self.withPostedDocuments(kind) { client, store, sandbox, ids in
            for (bad, code, field) in [
                (ids[4], PaymentConfirmationError.Code.notPosted, "docId"),
                (ids[3], .notPosted, "docId"),
            ] {
                let entries = try Self.file([ids[0], ids[1], bad])
                do {
                    _ = try await Self.run(client, store).run(entries, file: "payments.csv")
                    Issue.record("paid \(bad)")
                } catch let error as PaymentConfirmationError {
                    #expect(
                        error.code == code && error.problems.map(\.line) == [4] && error.problems.first?.field == field
                    )
                    #expect(error.description.contains(bad))
                }
                #expect(try await store.fisPayments(company: Self.company, docId: ids[0]).isEmpty)
                #expect(await Self.payments(sandbox, ids[0]).isEmpty)
            }
            _ = try await Self.run(client, store).run(try Self.file(ids), file: "payments.csv")
            // The same reference with another amount, and a second CP under another reference: refused.
            for entries in [
                try Self.file(ids, amount: "125.51"),
                try PaymentConfirmationFile.parse(
                    "docId,status,paymentRef,clearingDate,clearingAmount,clearingCurrency\n\(ids[0]),CP,PAY-9,2026-07-02,1.00,USD\n",
                    file: "again.csv",
                    json: false
                ),
            ] {
                await #expect(throws: PaymentConfirmationError.self) {
                    try await Self.run(client, store).run(entries, file: "again.csv")
                }
            }
            #expect(try await store.fisPayments(company: Self.company, docId: ids[0]).count == 1)
            #expect(await Self.payments(sandbox, ids[0]).count == 1)
        }
    }

    /// Every answer lost: the payments reach the sandbox but stay unanswered in the ledger (exit 69); the rerun
    /// sends the recorded content again, Concur answers 298 NOOP, the ledger records it, and nothing is paid twice.
    @Test(arguments: Ledger.allCases) func lostAnswerThenRerun(kind: Ledger) async throws {
        try await Self.withPostedDocuments(kind) { client, store, sandbox, ids in
            await sandbox.store.setFaults([SandboxFault(route: .fisPaymentConfirmations, kind: .truncatedBody)])
            let entries = try Self.file(ids)
            let lost = try await Self.run(client, store).run(entries, file: "payments.csv")
            #expect(lost.items.allSatisfy { $0.outcome == "unknown" || $0.outcome == "not-sent" }, "\(lost.text)")
            #expect(lost.exitStatus == .network)
            #expect(try await store.fisPayments(company: Self.company, docId: ids[0]).first?.answeredAt == nil)
            #expect(await Self.payments(sandbox, ids[0]).count == 1, "the first batch reached the sandbox")
            await sandbox.store.setFaults([])
            let rerun = try await Self.run(client, store).run(entries, file: "payments.csv")
            #expect(rerun.exitStatus == .success, "\(rerun.text)")
            #expect(rerun.items[0].outcome == "already-recorded" && rerun.items[0].code == 298)
            for id in ids.prefix(3) {
                #expect(await Self.payments(sandbox, id).count == 1)
                #expect(try await store.fisPayments(company: Self.company, docId: id).first?.answerCode != nil)
            }
            let third = try await Self.run(client, store).run(entries, file: "payments.csv")
            #expect(third.items.allSatisfy { $0.outcome == "already-confirmed" })
        }
    }
}
