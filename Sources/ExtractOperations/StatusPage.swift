public import AccountingExtract
public import Foundation
public import Ledger

/// The status and reconciliation page: where every company's money is. Read from the ledger by
/// ``read(from:schedule:scope:now:)``, drawn as HTML by ``html()`` (Mustache templates, the chart as inline SVG,
/// nothing fetched from anywhere), or encoded as JSON as it is (`concur-extract report --json`).
///
/// ```swift
/// let page = try await StatusPage.read(from: store, schedule: [ScheduledCompany(name: "acme")],
///                                      scope: StatusPage.Scope(company: "acme"), now: Date())
/// print(page.companies.first?.outcome ?? "")   // "posted"
/// let html = page.html()
/// ```
public struct StatusPage: Sendable, Hashable, Codable {
    /// What the page covers: every company, or one; every recent batch, one batch, or the batches and postings of
    /// a date range.
    public struct Scope: Sendable, Hashable, Codable {
        public var company: String?
        public var batchID: String?
        /// First posting (and batch) date, inclusive.
        public var from: CalendarDate?
        /// Last posting (and batch) date, inclusive.
        public var to: CalendarDate?

        public init(company: String? = nil, batchID: String? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil) {
            self.company = company
            self.batchID = batchID
            self.from = from
            self.to = to
        }
    }

    /// One company: when it last ran, how that ended, when it runs next.
    public struct Company: Sendable, Hashable, Codable {
        public var name: String
        /// When this ledger last started one of its jobs (or documents); `nil`: never.
        public var lastRun: Date?
        /// The state of its latest job or document (`posted`, `quarantined`, `failed`, `started`, …), or `never run`.
        public var outcome: String
        /// `true` when the outcome needs a person (quarantined, failed) or open quarantine entries wait.
        public var needsAttention: Bool
        /// When the schedule runs it next; `nil` with ``dueNow`` (never ran, or a run to resume), or when no
        /// schedule names it (``scheduled`` false).
        public var nextRun: Date?
        public var dueNow: Bool
        public var scheduled: Bool
        /// Its open quarantine entries (files and held reports).
        public var openQuarantine: Int

        public init(
            name: String,
            lastRun: Date?,
            outcome: String,
            needsAttention: Bool,
            nextRun: Date?,
            dueNow: Bool,
            scheduled: Bool,
            openQuarantine: Int
        ) {
            self.name = name
            self.lastRun = lastRun
            self.outcome = outcome
            self.needsAttention = needsAttention
            self.nextRun = nextRun
            self.dueNow = dueNow
            self.scheduled = scheduled
            self.openQuarantine = openQuarantine
        }
    }

    /// One batch: its header (the SAE file's declared count and total, or the FIS document's) against what was
    /// loaded; a FIS document (batch `FIS-<docId>`) with its posting confirmation.
    public struct Batch: Sendable, Hashable, Codable {
        public var line: ReconciliationSummary.BatchLine
        /// The FIS document id when the batch is a FIS document.
        public var fisDocumentID: String?
        /// The posting confirmation recorded for the FIS document, if any.
        public var fisConfirmation: FISConfirmationRecord?

        public init(
            line: ReconciliationSummary.BatchLine,
            fisDocumentID: String? = nil,
            fisConfirmation: FISConfirmationRecord? = nil
        ) {
            self.line = line
            self.fisDocumentID = fisDocumentID
            self.fisConfirmation = fisConfirmation
        }
    }

    public var title: String
    public var generatedAt: Date
    public var scope: Scope
    public var companies: [Company]
    /// Newest first.
    public var batches: [Batch]
    /// Open quarantine entries (quarantined files, and reports held back from posted batches), oldest first.
    public var quarantine: [QuarantineRecord]
    /// What each day posted to each account (the chart), oldest day first.
    public var postedByDay: [DailyPostedAmount]

    public init(
        title: String,
        generatedAt: Date,
        scope: Scope,
        companies: [Company],
        batches: [Batch],
        quarantine: [QuarantineRecord],
        postedByDay: [DailyPostedAmount]
    ) {
        self.title = title
        self.generatedAt = generatedAt
        self.scope = scope
        self.companies = companies
        self.batches = batches
        self.quarantine = quarantine
        self.postedByDay = postedByDay
    }

    /// Debits and credits of the days shown, by company, currency and account.
    public var accountTotals: [DailyPostedAmount] {
        var totals: [String: DailyPostedAmount] = [:]
        var order: [String] = []
        for day in postedByDay {
            let key = [day.company, day.currency, day.account].joined(separator: "\u{1F}")
            if var total = totals[key] {
                total.debit += day.debit
                total.credit += day.credit
                total.lineCount += day.lineCount
                totals[key] = total
            } else {
                totals[key] = day
                order.append(key)
            }
        }
        return order.compactMap { totals[$0] }.sorted {
            [$0.company, $0.currency, $0.account].lexicographicallyPrecedes([$1.company, $1.currency, $1.account]) {
                $0.utf8.lexicographicallyPrecedes($1.utf8)
            }
        }
    }
}
