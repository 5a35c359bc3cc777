import ExtractSandbox
import Foundation
import Ledger
import Testing

/// `confirm-payment` as a user runs it: a file with a bad field, a missing file, a document the ledger has not
/// posted (against a FIS sandbox with a company-level login). The sending itself is covered by
/// PaymentConfirmationRunTests and by `demo --source fis`.
@Suite struct ConfirmPaymentCommandTests {
    @Test func badFilesAndUnpostedDocumentsAreRefusedWithTheirExitCodes() async throws {
        var configuration = SandboxConfiguration()
        configuration.reportSource = .fis
        configuration.reportsPerCompany = 3
        let server = try await SandboxServer.start(configuration)
        defer { Task { await server.shutdown() } }
        let company = await server.store.state.companies[0]
        let directory = try CLIRunner.temporaryDirectory()
        let environment = [
            "CONCUR_BASE_URL": server.baseURL.absoluteString,
            "CONCUR_CLIENT_ID": company.clients[0].id,
            "CONCUR_CLIENT_SECRET": company.clients[0].secret,
            "CONCUR_EXTRACT_STATE": directory + "/state",
            "CONCUR_EXTRACT_DATA": directory + "/data",
        ]
        func run(_ arguments: [String]) async throws -> CLIRunner.Outcome {
            let outcome = try await CLIRunner.run(arguments, environment: environment)
            for secret in [company.clients[0].secret, company.requestToken] {
                #expect(!outcome.standardOutput.contains(secret) && !outcome.standardError.contains(secret))
            }
            return outcome
        }
        let login = try await run([
            "login", "--credential-type", "authtoken", "--username", company.id, "--password", company.requestToken,
        ])
        #expect(login.status == 0, "\(login.standardError)")
        // An empty ledger, as a first sync creates it.
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        let store = try await LedgerStores.open(directory + "/data/ledger.sqlite")
        _ = try await store.migrate()
        try await store.close()

        let bad = directory + "/bad.csv"
        try "docId,status,paymentRef,clearingDate,clearingAmount,clearingCurrency\nabc,CP,P1,2026-06-30,12e3,USD\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let malformed = try await run(["confirm-payment", "--company", "acme", "--file", bad])
        #expect(malformed.status == 1)
        #expect(malformed.standardError.contains("bad.csv:2: clearingAmount:"), "\(malformed.standardError)")

        let missing = try await run(["confirm-payment", "--company", "acme", "--file", directory + "/none.csv"])
        #expect(missing.status == 2, "\(missing.standardError)")

        let unposted = directory + "/payments.json"
        let docId = await server.store.state.companies[0].fisDocuments[0].id
        try """
        [{"docId": "\(docId)", "status": "CP", "paymentRef": "PAY-1", "clearingDate": "2026-06-30",
          "clearingAmount": 10, "clearingCurrency": "USD"}]
        """.write(toFile: unposted, atomically: true, encoding: .utf8)
        let refused = try await run(["confirm-payment", "--company", "acme", "--file", unposted])
        #expect(refused.status == 1)
        #expect(
            refused.standardError.contains("payments.json:1: docId: document \(docId) is not posted"),
            "\(refused.standardError)"
        )
        #expect(await server.store.oracle().fisDocuments.values.flatMap { $0 }.allSatisfy { $0.payments.isEmpty })
    }
}
