import ArgumentParser
import ExtractClient
import ExtractConfiguration
import ExtractSync
import Foundation
import Ledger

/// What `sync --all` and `serve` share: the companies file (flag, else `CONCUR_EXTRACT_COMPANIES`), the ledger,
/// and a ``SyncScheduler`` over them that prints as it goes.
struct CompanySchedule {
    var companies: [CompanyConfiguration]
    var store: any LedgerStore
    var scheduler: SyncScheduler

    /// - Parameter missing: the message when no companies file is given.
    /// - Parameter json: `sync --all --json`: only warnings are printed as the runs go (on standard error), so
    ///   that standard output holds the one JSON object of the pass.
    init(
        path: String?,
        missing: String,
        location: DataLocation,
        state: URL,
        json: Bool,
        pollInterval: Int,
        configuration: SyncScheduler.Configuration,
        trace: String? = nil
    ) async throws {
        guard let path = path ?? ProcessInfo.processInfo.environment["CONCUR_EXTRACT_COMPANIES"] else {
            throw ValidationError(missing)
        }
        companies = try CompanyConfiguration.load(path: path)
        let secrets = companies.flatMap { [$0.client.clientSecret, $0.login?.password].compactMap { $0 } }
        let recorder = try trace.map {
            try TraceRecorder(path: $0, secrets: secrets, creatorVersion: ConcurExtract.version)
        }
        let (store, archive) = try await location.open()
        self.store = store
        scheduler = SyncScheduler(
            companies: companies,
            store: store,
            archive: archive,
            downloads: location.directory.appendingPathComponent("downloads"),
            state: state,
            pollInterval: pollInterval,
            configuration: configuration,
            startWindow: .fromEnvironment(),
            trace: recorder,
            afterStep: SyncOutput.crashHook,
            events: { SyncOutput.show($0, json: json) }
        )
    }
}
