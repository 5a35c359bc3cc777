public import AccountingExtract
public import ExtractSync
import Foundation
public import Ledger
public import Metrics

/// Records what the scheduler reports (its ``SyncScheduler/Event`` stream) as metrics:
///
/// | metric | type | labels |
/// |---|---|---|
/// | `concur_extract_runs_total` | counter | company, outcome (`ok`, `foreign_jobs`, `failed`, `skipped`) |
/// | `concur_extract_last_success_timestamp_seconds` | gauge | company |
/// | `concur_extract_journal_lines_total` | counter | company |
/// | `concur_extract_posted_amount_total` | counter | company, currency (debits, in major units) |
/// | `concur_extract_quarantined_files` | gauge | company (open entries after the pass) |
/// | `concur_extract_foreign_jobs` | gauge | company (waiting after the run) |
///
/// ```swift
/// let metrics = SyncMetrics(store: store)                  // MetricsSystem.factory
/// let scheduler = SyncScheduler(…, events: { event in Task { await metrics.record(event) } })
/// ```
/// (`serve` feeds the events in order through ``SyncMetricsFeed``.)
public struct SyncMetrics: Sendable {
    public static let runs = "concur_extract_runs_total"
    public static let lastSuccess = "concur_extract_last_success_timestamp_seconds"
    public static let lines = "concur_extract_journal_lines_total"
    public static let amounts = "concur_extract_posted_amount_total"
    public static let quarantined = "concur_extract_quarantined_files"
    public static let foreignJobs = "concur_extract_foreign_jobs"

    /// Where the amounts of a loaded batch are read.
    public var store: any LedgerStore
    /// `nil`: the process's `MetricsSystem.factory`, read when recording.
    public var factory: (any MetricsFactory)?
    public var clock: any WallClock

    public init(store: any LedgerStore, factory: (any MetricsFactory)? = nil, clock: any WallClock = SystemClock()) {
        self.store = store
        self.factory = factory
        self.clock = clock
    }

    private var resolved: any MetricsFactory { factory ?? MetricsSystem.factory }

    /// Records one event of the scheduler.
    public func record(_ event: SyncScheduler.Event) async {
        switch event {
        case .sync(let company, .loaded(let batchID, let lines, _)):
            Counter(label: Self.lines, dimensions: [("company", company)], factory: resolved).increment(by: lines)
            for (currency, amount) in await debits(company: company, batchID: batchID) {
                FloatingPointCounter(
                    label: Self.amounts,
                    dimensions: [("company", company), ("currency", currency)],
                    factory: resolved
                ).increment(by: amount)
            }
        case .passFinished(let pass):
            for outcome in pass.outcomes { record(outcome) }
            for count in pass.quarantine {
                Gauge(label: Self.quarantined, dimensions: [("company", count.company)], factory: resolved)
                    .record(count.waiting)
            }
        default: break
        }
    }

    func record(_ outcome: SyncOutcome) {
        let label: String
        if outcome.skipped {
            label = "skipped"
        } else if outcome.error != nil {
            label = "failed"
        } else if !(outcome.report?.foreignJobs.isEmpty ?? true) {
            label = "foreign_jobs"
        } else {
            label = "ok"
        }
        Counter(label: Self.runs, dimensions: [("company", outcome.company), ("outcome", label)], factory: resolved)
            .increment()
        guard !outcome.skipped else { return }
        if let report = outcome.report {
            Gauge(label: Self.foreignJobs, dimensions: [("company", outcome.company)], factory: resolved)
                .record(report.foreignJobs.count)
        }
        if outcome.error == nil {
            Gauge(label: Self.lastSuccess, dimensions: [("company", outcome.company)], factory: resolved)
                .record(clock.now.timeIntervalSince1970)
        }
    }

    /// The batch's debits per currency, in major units (read page by page; empty when the ledger cannot say).
    func debits(company: String, batchID: String) async -> [String: Double] {
        var totals: [String: Amount] = [:]
        var cursor: JournalCursor?
        // Bounded: a batch of up to 1000 pages of 1000 lines.
        for _ in 0..<1000 {
            guard
                let page = try? await store.journalPage(
                    JournalFilter(company: company, batchID: batchID),
                    after: cursor,
                    limit: 1000
                )
            else { return [:] }
            for line in page.lines { totals[line.currency, default: .zero] += line.debit }
            guard let next = page.next else { break }
            cursor = next
        }
        return totals.mapValues { Double($0.tenThousandths) / 10_000 }
    }
}
