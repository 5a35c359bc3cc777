import AccountingExtract
import ArgumentParser
import ExtractClient
import ExtractSandbox
import ExtractSync
import Foundation
import Ledger

/// `concur-extract demo`: the whole flow against an embedded sandbox, with no set-up at all.
struct DemoCommand: AsyncParsableCommand {
    /// The demo company's key in the ledger.
    static let company = "demo"

    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Run the whole flow against an embedded sandbox: extract approved reports, post a balanced journal to a SQLite ledger.",
        discussion: """
            Starts the sandbox in-process on a free loopback port (its state kept in the data directory), seeds a \
            company, runs sync, and prints what happened. A second run finds nothing new to extract and says so; \
            --reset starts over. With --source fis the company is a FIS company: the demo runs the FIS v4 loop \
            (documents acknowledged, posted, confirmed; one refused by the ledger's check, confirmed error and \
            resubmitted by the processor with a new id; then payment confirmations) and shows each document's \
            journey.
            """
                + "\n\n" + ExitStatus.help([.success, .failed, .usage, .network])
    )

    @Option(
        help:
            "The data directory (ledger, archive, sandbox state). Default: $XDG_DATA_HOME/concur-extract/demo, else ~/.local/share/concur-extract/demo."
    )
    var dataDir: String?
    @Option(help: "Where approved reports go: extract (SAE files) or fis (the Financial Integration Service v4).")
    var source = "extract"
    @Option(help: "Approved reports to seed (default 40, or 5 with --source fis).") var reports: Int?
    @Option(help: "The seed of the generated company.") var seed: UInt64 = 1
    @Option(
        help: """
            The definition to sync: sae (Standard Accounting Extract, the default), attendees (Standard Accounting \
            Extract with Attendee Detail: a zip of the SAE file and the attendee detail), or a definition's name. \
            Each report is extracted once across definitions, so run the attendees demo on a fresh data directory.
            """
    )
    var definition = "sae"
    @Flag(help: "Delete the demo's data directory first.") var reset = false
    @Flag(
        help:
            "Print one JSON object: the sync report (the same as `sync --json`), or with --source fis the documents' journeys."
    )
    var json = false

    /// `--definition` as the definition's name.
    var definitionName: String {
        switch definition.lowercased() {
        case "sae": "Standard Accounting Extract"
        case "attendees": "Standard Accounting Extract with Attendee Detail"
        default: definition
        }
    }

    func validate() throws {
        guard ["extract", "fis"].contains(source) else {
            throw ValidationError("the source is extract or fis, not '\(source)'")
        }
    }

    func run() async throws {
        if source == "fis" { return try await runFIS() }
        let reports = reports ?? 40
        let directory =
            dataDir.map { URL(fileURLWithPath: $0) }
            ?? BaseDirectories().data.appendingPathComponent("demo")
        if reset { try? FileManager.default.removeItem(at: directory) }
        try PrivateFiles.createDirectory(directory.path)

        let statePath = directory.appendingPathComponent("sandbox.sqlite").path
        let sandbox = try await SandboxServer.start(.demo(reports: reports, seed: seed, statePath: statePath))
        if !json { print("sandbox: \(sandbox.baseURL.absoluteString) (state \(statePath))") }

        do {
            let credentials = sandbox.demoCredentials
            let client = try await ConcurClient.loggedIn(
                baseURL: sandbox.baseURL,
                client: ClientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
                login: LoginCredentials(username: credentials.username, password: credentials.password)
            )
            let data = DataLocation(directory: directory, database: nil)
            let (store, archive) = try await data.open()
            let report = try await SyncOutput.run(
                client: client,
                store: store,
                archive: archive,
                SyncPipeline.Settings(
                    company: Self.company,
                    definition: definitionName,
                    downloads: directory.appendingPathComponent("downloads"),
                    startWindow: .fromEnvironment()
                ),
                json: json
            )
            // The download is archived by its SHA-256 once loaded (the downloads folder keeps no copy).
            for sha256 in report.jobs.compactMap(\.sha256) where !json {
                if let attendees = try ExtractZip.attendeeRows(inZipAt: archive.path(sha256: sha256)) {
                    print("attendees: \(attendees.rows) rows in \(attendees.entry)")
                }
            }
            for batch in report.jobs.flatMap(\.batches) where !json {
                let summary = try await store.reconciliation(.batch(batch, company: Self.company))
                print(summary.text(title: "batch \(batch)"), terminator: "")
            }
            if !json {
                print("ledger:  \(data.databaseURL)")
                print("archive: \(archive.directory)")
                print("export:  concur-extract export --data-dir \(directory.path) --format csv")
            }
            try await store.close()
            await sandbox.shutdown()
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
        } catch {
            await sandbox.shutdown()
            throw error
        }
    }
}
