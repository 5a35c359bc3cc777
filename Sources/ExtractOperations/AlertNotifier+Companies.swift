public import ExtractConfiguration
public import ExtractSync
public import Ledger
public import Logging

extension AlertNotifier {
    /// The notifier of `serve` and `sync --all`: the global webhook and each company's own; `nil` when no webhook
    /// is set at all. A company is overdue after twice its `every_minutes` without a success seen by this worker
    /// or a job of it posted in the ledger (by any worker).
    ///
    /// ```swift
    /// let notifier = AlertNotifier.forCompanies(companies, global: hook, store: store, logger: logger)
    /// ```
    public static func forCompanies(
        _ companies: [CompanyConfiguration],
        global: AlertWebhook?,
        store: any LedgerStore,
        logger: Logger
    ) -> AlertNotifier? {
        var perCompany: [String: AlertWebhook] = [:]
        for company in companies { perCompany[company.name] = company.alertWebhook }
        let configuration = Configuration(global: global, perCompany: perCompany)
        guard !configuration.isEmpty else { return nil }
        return AlertNotifier(
            configuration,
            companies: companies.map { ScheduledCompany(name: $0.name, every: $0.every) },
            lastPosted: { company in
                let jobs = try? await store.jobs(company: company, includePosted: true)
                return jobs?.filter { $0.ownership == .owned }.compactMap(\.postedAt).max()
            },
            logger: logger
        )
    }
}
