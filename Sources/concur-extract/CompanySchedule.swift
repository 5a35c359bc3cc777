import ArgumentParser
import ExtractClient
import ExtractConfiguration
import ExtractOperations
import ExtractSync
import Foundation
import Ledger
import Logging

/// What `sync --all` and `serve` share: the companies file (flag, else `CONCUR_EXTRACT_COMPANIES`), the ledger,
/// and a ``SyncScheduler`` over them that prints as it goes.
struct CompanySchedule {
    var companies: [CompanyConfiguration]
    var store: any LedgerStore
    var scheduler: SyncScheduler
    /// The alerts' notifier, when a webhook is set (`--alert-webhook`, or `alert_webhook` of a company).
    var notifier: AlertNotifier?

    /// - Parameter missing: the message when no companies file is given.
    /// - Parameter json: `sync --all --json`: only warnings are printed as the runs go (on standard error), so
    ///   that standard output holds the one JSON object of the pass.
    /// - Parameter logger: the events become log lines (instead of the printed progress).
    init(
        path: String?,
        missing: String,
        location: DataLocation,
        state: URL,
        json: Bool,
        pollInterval: Int,
        configuration: SyncScheduler.Configuration,
        observe: @escaping @Sendable (SyncScheduler.Event) -> Void = { _ in },
        logger: Logger? = nil,
        alertWebhook: AlertWebhook? = nil,
        passFinished: @escaping @Sendable (SyncPassReport) -> Void = { _ in },
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
        let notifier = AlertNotifier.forCompanies(
            companies,
            global: alertWebhook,
            store: store,
            logger: logger ?? LoggingOptions.alertLogger
        )
        self.notifier = notifier
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
            events: { event in
                if let logger {
                    for record in LogRecord.records(event) { record.log(to: logger) }
                } else {
                    SyncOutput.show(event, json: json)
                }
                observe(event)
                notifier?.observe(event)
                if case .passFinished(let report) = event { passFinished(report) }
            },
            // Each request of a run, with its status and correlation id, in the same log.
            clientLogger: logger
        )
    }
}
