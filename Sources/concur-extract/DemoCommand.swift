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
            --reset starts over.
            """
    )

    @Option(help: "The data directory (ledger, archive, sandbox state). Default: $XDG_DATA_HOME/concur-extract/demo, else ~/.local/share/concur-extract/demo.")
    var dataDir: String?
    @Option(help: "Approved reports to seed.") var reports = 40
    @Option(help: "The seed of the generated company.") var seed: UInt64 = 1
    @Flag(help: "Delete the demo's data directory first.") var reset = false

    func run() async throws {
        let directory =
            dataDir.map { URL(fileURLWithPath: $0) }
            ?? BaseDirectories().data.appendingPathComponent("demo")
        if reset { try? FileManager.default.removeItem(at: directory) }
        try PrivateFiles.createDirectory(directory.path)

        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.companies = 1
        sandboxConfiguration.reportsPerCompany = reports
        sandboxConfiguration.seed = seed
        sandboxConfiguration.jobTiming = JobTiming(queued: 1, running: 2)
        sandboxConfiguration.minimumRunInterval = 0
        sandboxConfiguration.statePath = directory.appendingPathComponent("sandbox.sqlite").path
        let sandbox = try await SandboxServer.start(sandboxConfiguration)
        print("sandbox: \(sandbox.baseURL.absoluteString) (state \(sandboxConfiguration.statePath ?? "in memory"))")

        do {
            let credentials = sandbox.demoCredentials
            guard let geolocation = Geolocation(sandbox.baseURL.absoluteString) else {
                throw ValidationError("the sandbox address \(sandbox.baseURL) is not usable")
            }
            let login = LoginCredentials(username: credentials.username, password: credentials.password)
            let tokens = TokenStore(
                client: ClientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
                geolocation: geolocation,
                login: login,
                persistence: InMemoryTokenPersistence(),
                fetcher: ExtractClient.tokenFetcher()
            )
            _ = try await tokens.login(login)
            let client = ExtractClient(
                configuration: ExtractClientConfiguration(
                    poller: JobPollerConfiguration(interval: .seconds(5), jitter: .seconds(1))
                ),
                tokens: tokens
            )
            let data = DataLocation(directory: directory, database: nil)
            let (store, archive) = try await data.open()
            let report = try await SyncRunner.run(
                client: client,
                store: store,
                archive: archive,
                company: Self.company,
                definition: "Standard Accounting Extract",
                downloads: directory.appendingPathComponent("downloads"),
                json: false
            )

            let batches = report.jobs.flatMap(\.batches)
            for batch in batches {
                let summary = try await store.reconciliation(.batch(batch, company: Self.company))
                if summary.accounts.isEmpty { continue }
                print("totals by account, batch \(batch):")
                print("  account            debit          credit")
                var debit = Amount.zero
                var credit = Amount.zero
                for line in summary.accounts.sorted(by: { $0.account < $1.account }) {
                    print(
                        "  " + line.account.padding(toLength: 8, withPad: " ", startingAt: 0)
                            + pad(line.debit.formatted()) + pad(line.credit.formatted())
                    )
                    debit += line.debit
                    credit += line.credit
                }
                print("  total   " + pad(debit.formatted()) + pad(credit.formatted()))
                for line in summary.batches {
                    print(
                        "  header: \(line.headerRecordCount) records, total \(line.headerTotal.formatted()); loaded: \(line.loadedRecordCount) records, \(line.loadedTotal.formatted()); \(line.matchesHeader ? "reconciled" : "MISMATCH")"
                    )
                }
            }
            print("ledger:  \(data.databaseURL)")
            print("archive: \(archive.directory)")
            print("export:  concur-extract export --data-dir \(directory.path) --format csv")
            try await store.close()
            await sandbox.shutdown()
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
        } catch {
            await sandbox.shutdown()
            throw error
        }
    }

    private func pad(_ text: String) -> String {
        String(repeating: " ", count: max(0, 16 - text.count)) + text
    }
}
