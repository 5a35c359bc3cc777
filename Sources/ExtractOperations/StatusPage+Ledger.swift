import AccountingExtract
public import ExtractSync
public import Foundation
public import Ledger

extension StatusPage {
    /// How many batches the page lists when the scope names neither a batch nor a date range (the newest).
    public static let recentBatchLimit = 50
    /// How many posting days the chart shows when the scope names no date range (the latest days with postings).
    public static let recentDayLimit = 31

    /// Reads the page from the ledger: the companies of `schedule` (and any other company the ledger holds, when
    /// the scope names none), the scope's batches with their header check, the open quarantine entries, and the
    /// amounts posted per day and account.
    ///
    /// A company or batch the scope names that the ledger does not hold throws ``LedgerError`` (`unknownCompany`,
    /// `unknownBatch`) naming those it holds; a company of the schedule that never ran is listed as `never run`.
    ///
    /// ```swift
    /// let page = try await StatusPage.read(from: store, schedule: [ScheduledCompany(name: "acme", every: .seconds(3600))],
    ///                                      scope: StatusPage.Scope(), now: Date())
    /// ```
    public static func read(
        from store: any LedgerStore,
        schedule: [ScheduledCompany],
        scope: Scope,
        now: Date
    ) async throws -> StatusPage {
        let scheduled = Dictionary(schedule.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let filter: JournalFilter
        if let company = scope.company, scheduled[company] != nil, scope.batchID == nil {
            // A scheduled company that has not posted yet is a page with nothing posted, not an error.
            filter = .company(company)
        } else {
            filter = try await JournalFilter.checked(company: scope.company, batchID: scope.batchID, in: store)
        }

        let quarantine = try await store.quarantinedFiles(company: scope.company).filter {
            $0.state == .open && (scope.batchID == nil || $0.batchID == scope.batchID)
        }

        var names = Set(schedule.map(\.name))
        if let company = scope.company {
            names = [company]
        } else {
            names.formUnion(try await store.batches().compactMap(\.batch.company))
            names.formUnion(try await store.jobs(company: nil, includePosted: true).map(\.company))
        }
        var companies: [Company] = []
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.isEmpty {
            companies.append(
                try await company(
                    name,
                    every: scheduled[name]?.every,
                    openQuarantine: quarantine.filter { $0.company == name }.count,
                    store: store,
                    now: now
                )
            )
        }

        let inRange = { (date: CalendarDate) in
            (scope.from.map { date >= $0 } ?? true) && (scope.to.map { date <= $0 } ?? true)
        }
        var lines = try await store.reconciliation(filter).batches.filter { inRange($0.batchDate) }
        if scope.batchID == nil, scope.from == nil, scope.to == nil { lines = Array(lines.suffix(recentBatchLimit)) }
        var batches: [Batch] = []
        for line in lines.reversed() {
            guard let docID = FISJournalBuilder.docId(ofBatch: line.batchID) else {
                batches.append(Batch(line: line))
                continue
            }
            let confirmation = try await store.fisConfirmation(company: line.company, docId: docID)
            batches.append(Batch(line: line, fisDocumentID: docID, fisConfirmation: confirmation))
        }

        var days = try await store.postedAmountsByDay(filter, from: scope.from, to: scope.to)
        if scope.from == nil, scope.to == nil {
            let recent = Set(Set(days.map(\.postingDate)).sorted().suffix(recentDayLimit))
            days = days.filter { recent.contains($0.postingDate) }
        }

        return StatusPage(
            title: title(of: scope),
            generatedAt: now,
            scope: scope,
            companies: companies,
            batches: batches,
            quarantine: quarantine,
            postedByDay: days
        )
    }

    /// The page's heading: what it covers.
    static func title(of scope: Scope) -> String {
        var title = scope.company.map { "Reconciliation report: \($0)" } ?? "concur-extract status"
        if let batch = scope.batchID { title += ", batch \(batch)" }
        if scope.from != nil || scope.to != nil {
            title += ", \(scope.from?.description ?? "…") to \(scope.to?.description ?? "…")"
        }
        return title
    }

    /// One company's line: its latest job or document of this ledger, and the schedule's next run.
    static func company(
        _ name: String,
        every: Duration?,
        openQuarantine: Int,
        store: any LedgerStore,
        now: Date
    ) async throws -> Company {
        let (lastStart, unfinished) = try await SyncSchedule.state(of: name, in: store)
        let latest = try await store.jobs(company: name, includePosted: true)
            .filter { $0.ownership == .owned }
            .max { ($0.startedAt, $0.updatedAt) < ($1.startedAt, $1.updatedAt) }
        let outcome = latest?.state.rawValue ?? (lastStart == nil ? "never run" : "no job started")
        let failed: Set<PipelineState> = [.failed, .quarantined]
        var nextRun: Date?
        var dueNow = false
        if let every {
            nextRun = SyncSchedule.dueTime(lastStart: lastStart, unfinished: unfinished, every: every)
            dueNow = SyncSchedule.isDue(lastStart: lastStart, unfinished: unfinished, every: every, now: now)
        }
        return Company(
            name: name,
            lastRun: lastStart,
            outcome: outcome,
            needsAttention: latest.map { failed.contains($0.state) } == true || openQuarantine > 0,
            nextRun: nextRun,
            dueNow: dueNow,
            scheduled: every != nil,
            openQuarantine: openQuarantine
        )
    }
}
