import AccountingExtract
public import ExtractSync
public import Foundation
public import Ledger
import Mustache

extension StatusPage {
    /// The page as one HTML document: every name, reason and amount escaped, the chart drawn as inline SVG, the CSS
    /// in the page; nothing is fetched from anywhere, so it works offline and archived as a file.
    ///
    /// ```swift
    /// try page.html().write(toFile: "report.html", atomically: true, encoding: .utf8)
    /// ```
    public func html() -> String {
        Self.compiled.render(View(self))
    }

    /// The page of every company of `schedule` at `now`, as HTML: what `/` of the operations port serves.
    ///
    /// ```swift
    /// let html = try await StatusPage.html(store: store, schedule: companies, now: Date())
    /// ```
    public static func html(store: any LedgerStore, schedule: [ScheduledCompany], now: Date) async throws -> String {
        try await read(from: store, schedule: schedule, scope: Scope(), now: now).html()
    }

    /// The template parsed once; it is a constant of this module, so a parse failure is a bug its tests catch.
    static let compiled: MustacheTemplate = {
        do {
            return try MustacheTemplate(string: template)
        } catch {
            preconditionFailure("the status page's template does not parse: \(error)")
        }
    }()

    /// A time as the page shows it: `2026-11-30 19:40 UTC`.
    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) UTC"
    }

    /// What the template reads: the page's values as the text it shows (Mustache reads properties by name).
    struct View {
        struct CompanyRow {
            var name, lastRun, outcome, outcomeClass, nextRun: String
            var openQuarantine: Int
        }
        struct AccountRow { var company, account, currency, debit, credit: String; var lines: Int }
        struct BatchRow {
            var company, batchID, date, headerTotal, loadedTotal, check, checkClass, confirmation: String
            var headerCount, loadedCount: Int
        }
        struct QuarantineRow { var id, company, kind, kindClass, fileName, code, reason, since: String }
        struct Chart { var currency, svg, total: String; var legend: [PostedAmountChart.LegendEntry] }

        var title, generatedAt, scopeText: String
        var companyCount, batchCount, mismatchCount, quarantineCount: Int
        var mismatchClass, quarantineClass: String
        var companies: [CompanyRow]
        var hasCompanies: Bool
        var charts: [Chart]
        var accounts: [AccountRow]
        var hasAccounts: Bool
        var batches: [BatchRow]
        var hasBatches: Bool
        var quarantine: [QuarantineRow]
        var hasQuarantine: Bool

        init(_ page: StatusPage) {
            title = page.title
            generatedAt = StatusPage.time(page.generatedAt)
            scopeText = Self.scopeText(page.scope)
            companies = page.companies.map { company in
                let next: String
                if !company.scheduled {
                    next = "not scheduled here"
                } else if company.dueNow {
                    next = "due now"
                } else {
                    next = company.nextRun.map(StatusPage.time) ?? "due now"
                }
                return CompanyRow(
                    name: company.name,
                    lastRun: company.lastRun.map(StatusPage.time) ?? "never",
                    outcome: company.outcome,
                    outcomeClass: company.needsAttention ? "bad" : (company.outcome == "posted" ? "ok" : ""),
                    nextRun: next,
                    openQuarantine: company.openQuarantine
                )
            }
            hasCompanies = !companies.isEmpty
            charts = PostedAmountChart.charts(of: page.postedByDay).map { chart in
                Chart(
                    currency: chart.currency,
                    svg: chart.svg,
                    total: MoneyText.amount(chart.total, currency: chart.currency),
                    legend: chart.legend
                )
            }
            accounts = page.accountTotals.map { total in
                AccountRow(
                    company: total.company,
                    account: total.account,
                    currency: total.currency,
                    debit: MoneyText.amount(total.debit, currency: total.currency),
                    credit: MoneyText.amount(total.credit, currency: total.currency),
                    lines: total.lineCount
                )
            }
            hasAccounts = !accounts.isEmpty
            batches = page.batches.map { batch in
                let line = batch.line
                var confirmation = ""
                if batch.fisDocumentID != nil {
                    if let record = batch.fisConfirmation {
                        let answer = record.answerCode.map { "Concur answered \($0)" } ?? "not answered yet"
                        confirmation = "\(record.result.rawValue) (\(record.documentNumber ?? "no document number")), \(answer)"
                    } else {
                        confirmation = "not recorded yet"
                    }
                }
                return BatchRow(
                    company: line.company,
                    batchID: line.batchID,
                    date: line.batchDate.description,
                    headerTotal: MoneyText.amount(line.headerTotal),
                    loadedTotal: MoneyText.amount(line.loadedTotal),
                    check: line.matchesHeader ? "reconciled" : "MISMATCH",
                    checkClass: line.matchesHeader ? "ok" : "bad",
                    confirmation: confirmation,
                    headerCount: line.headerRecordCount,
                    loadedCount: line.loadedRecordCount
                )
            }
            hasBatches = !batches.isEmpty
            quarantine = page.quarantine.map { entry in
                let held = entry.code == LedgerLoader.heldReportsCode
                var reason = entry.reason
                if let line = entry.line { reason += " (line \(line)\(entry.fieldName.map { ", field \($0)" } ?? ""))" }
                return QuarantineRow(
                    id: entry.id.map { String($0) } ?? "",
                    company: entry.company ?? "",
                    kind: held ? "reports held back" : "file quarantined",
                    kindClass: held ? "warn" : "bad",
                    fileName: entry.fileName,
                    code: entry.code,
                    reason: reason,
                    since: StatusPage.time(entry.quarantinedAt)
                )
            }
            hasQuarantine = !quarantine.isEmpty
            companyCount = companies.count
            batchCount = batches.count
            mismatchCount = page.batches.filter { !$0.line.matchesHeader }.count
            quarantineCount = quarantine.count
            mismatchClass = mismatchCount == 0 ? "ok" : "bad"
            quarantineClass = quarantineCount == 0 ? "ok" : "bad"
        }

        static func scopeText(_ scope: StatusPage.Scope) -> String {
            var parts: [String] = []
            parts.append(scope.company.map { "Company \($0)" } ?? "Every company")
            if let batch = scope.batchID { parts.append("batch \(batch)") }
            if scope.from != nil || scope.to != nil {
                parts.append("posted \(scope.from?.description ?? "from the start") to \(scope.to?.description ?? "today")")
            } else if scope.batchID == nil {
                parts.append(
                    "the latest \(StatusPage.recentBatchLimit) batches and \(StatusPage.recentDayLimit) posting days"
                )
            }
            return parts.joined(separator: ", ") + "."
        }
    }
}
