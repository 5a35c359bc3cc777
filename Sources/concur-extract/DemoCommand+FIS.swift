import AccountingExtract
import ArgumentParser
import ExtractClient
import ExtractConfiguration
import ExtractSandbox
import ExtractSync
import FinancialIntegrationAPI
import Foundation
import Ledger

/// `concur-extract demo --source fis`: the FIS v4 loop against the embedded sandbox.
extension DemoCommand {
    /// What the JSON output holds: the demo's report and where things are.
    struct FISOutput: Encodable {
        var sandbox: String
        var ledger: String
        var archive: String
        var report: FISDemoReport
    }

    func runFIS() async throws {
        let directory =
            dataDir.map { URL(fileURLWithPath: $0) }
            ?? BaseDirectories().data.appendingPathComponent("demo-fis")
        if reset { try? FileManager.default.removeItem(at: directory) }
        try PrivateFiles.createDirectory(directory.path)
        let statePath = directory.appendingPathComponent("sandbox.sqlite").path
        var configuration = SandboxConfiguration.demo(reports: reports ?? 5, seed: seed, statePath: statePath)
        configuration.reportSource = .fis
        let sandbox = try await SandboxServer.start(configuration)
        if !json { print("sandbox: \(sandbox.baseURL.absoluteString) (FIS v4, state \(statePath))") }
        do {
            let company = await sandbox.store.state.companies[0]
            let client = try await ConcurClient.loggedIn(
                baseURL: sandbox.baseURL,
                client: ClientCredentials(clientID: company.clients[0].id, clientSecret: company.clients[0].secret),
                login: LoginCredentials(
                    username: company.id,
                    password: company.requestToken,
                    credentialType: "authtoken"
                )
            )
            let data = DataLocation(directory: directory, database: nil)
            let (store, archive) = try await data.open()
            // What `sync --source fis --company demo` runs, with the default systemId.
            var settings = SyncPipeline.Settings(
                company: Self.company,
                downloads: directory.appendingPathComponent("downloads")
            )
            settings.systemID = SyncSourceKind.defaultSystemID
            let demo = FISDemo(
                client: client,
                store: store,
                archive: archive,
                settings: settings,
                sandbox: EmbeddedFISSandbox(server: sandbox, companyID: company.id)
            )
            let report = try await demo.run()
            if json {
                try printEncoded(
                    FISOutput(
                        sandbox: sandbox.baseURL.absoluteString,
                        ledger: data.databaseURL,
                        archive: archive.directory,
                        report: report
                    )
                )
            } else {
                print(report.text, terminator: "")
                print("ledger:  \(data.databaseURL)")
                print("archive: \(archive.directory)")
                print("export:  concur-extract export --data-dir \(directory.path) --format csv")
            }
            try await store.close()
            await sandbox.shutdown()
            if report.exitStatus != .success { throw ExitCode(report.exitStatus.rawValue) }
        } catch {
            await sandbox.shutdown()
            throw error
        }
    }
}

/// The embedded sandbox as the FIS demo sees it: its documents' statuses, the customer's defective report and the
/// processor's resubmission (the admin routes' store calls).
struct EmbeddedFISSandbox: FISDemoSandbox {
    let server: SandboxServer
    let companyID: String

    func fisDocuments() async throws -> [FISDemoDocument] {
        let companies = await server.store.state.companies
        return (companies.first { $0.id == companyID }?.fisDocuments ?? []).sorted { $0.sequence < $1.sequence }.map {
            FISDemoDocument(
                id: $0.id,
                reportID: $0.reportID,
                docType: $0.docType,
                status: $0.status,
                resubmissionOf: $0.resubmissionOf,
                defect: $0.defect?.rawValue
            )
        }
    }

    func markDefective(docId: String) async throws {
        try await server.store.markFISDocumentDefective(companyID: companyID, docID: docId)
    }

    func resubmit(docId: String) async throws -> String {
        try await server.store.resubmitFISDocument(companyID: companyID, docID: docId).id
    }
}
