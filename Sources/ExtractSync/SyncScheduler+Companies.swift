public import ExtractClient
public import ExtractConfiguration
public import Foundation
public import Ledger
public import Logging
public import Metrics

extension SyncScheduler {
    /// A scheduler of the configured companies, each run a ``SyncPipeline`` with the company's client (its token
    /// under `state/companies/NAME/`), definition, journal and policy.
    ///
    /// ```swift
    /// let companies = try CompanyConfiguration.load(path: "companies.toml")
    /// let scheduler = SyncScheduler(
    ///     companies: companies, store: store, archive: archive, downloads: data.appendingPathComponent("downloads"),
    ///     state: stateDirectory, pollInterval: 30, configuration: .init(worker: "host-1"))
    /// ```
    ///
    /// Each run's steps are timed (``SyncStepTimer``) into `metrics` (`nil`: the process's `MetricsSystem.factory`).
    /// `clientLogger` (`serve`'s log) receives each HTTP request of a run with its status and correlation id.
    public init(
        companies: [CompanyConfiguration],
        store: any LedgerStore,
        archive: RawFileStore,
        downloads: URL,
        state: URL,
        pollInterval: Int,
        configuration: Configuration,
        startWindow: JobOwnership.StartWindow = .default,
        trace: TraceRecorder? = nil,
        afterStep: @escaping @Sendable (SyncStep) -> Void = { _ in },
        events: @escaping @Sendable (Event) -> Void = { _ in },
        metrics: (any MetricsFactory)? = nil,
        clientLogger: Logger? = nil
    ) {
        let byName = Dictionary(companies.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.init(
            companies: companies.map { ScheduledCompany(name: $0.name, every: $0.every) },
            store: store,
            configuration: configuration,
            runner: { scheduled, events in
                guard let company = byName[scheduled.name] else {
                    throw SyncError(.unknownCompany, "no company '\(scheduled.name)' in the configuration")
                }
                var settings = SyncPipeline.Settings(
                    company: company.name,
                    definition: company.definition,
                    downloads: downloads,
                    journal: company.journal,
                    unbalancedReports: company.unbalancedReports,
                    startWindow: startWindow,
                    soleWriter: company.soleWriter
                )
                // The source per company: its extract jobs, or its FIS documents.
                settings.kind = company.source
                settings.systemID = company.systemID
                let pipeline = SyncPipeline(
                    client: try company.makeClient(
                        state: state,
                        pollInterval: pollInterval,
                        trace: trace,
                        logger: clientLogger
                    ),
                    store: store,
                    archive: archive,
                    settings: settings,
                    events: events,
                    afterStep: { [timer = SyncStepTimer(company: company.name, factory: metrics)] step in
                        timer.finished(step)
                        afterStep(step)
                    }
                )
                return try await pipeline.run()
            },
            events: events
        )
    }
}
