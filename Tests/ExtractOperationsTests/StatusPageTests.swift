import AccountingExtract
import ExtractSync
import ExtractTesting
import Foundation
import Ledger
import Testing

@testable import ExtractOperations

/// The status and reconciliation page read from a real ledger (SQLite file and PostgreSQL database) and drawn
/// as HTML.
@Suite("Status page")
struct StatusPageTests {
    enum Kind: String, CaseIterable, Sendable { case sqlite, postgres }
    static let kinds: [Kind] = ProcessInfo.processInfo.environment["LEDGER_TEST_SKIP_POSTGRES"] == "1" ? [.sqlite] : Kind.allCases

    static let hostile = "<script>alert('x')</script>"
    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    static func withStore(_ kind: Kind, _ body: (any LedgerStore) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "status-page-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url: String
        if kind == .sqlite {
            url = directory + "/ledger.sqlite"
        } else {
            url = try await TestPostgres.freshDatabase(prefix: "status_")
        }
        let store = try await LedgerStores.open(url)
        try await store.migrate()
        do { try await body(store) } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// acme: a posted job, a reconciled batch, a mismatched one, a FIS document with its confirmation, reports held
    /// back; the hostile company: a batch and a quarantined file with a hostile name and reason.
    static func seed(_ store: any LedgerStore) async throws {
        try await store.recordJob(
            ExtractJobRecord(company: "acme", definitionID: "def", jobID: "job1", status: "Completed", startedAt: start)
        )
        try await store.updateJob(company: "acme", jobID: "job1", state: .posted)
        try await store.markJobPosted(company: "acme", jobID: "job1")
        for (index, (company, batchID)) in [("acme", "100"), ("acme", "101"), (hostile, "7"), ("acme", "FIS-doc1")]
            .enumerated()
        {
            let lines = LedgerFixtures.lines(batchID: batchID, details: 3, keyPrefix: "\(company)-\(batchID)")
            var batch = LedgerFixtures.batch(batchID, lines: lines, sha256: String(repeating: "\(index)", count: 64))
            batch.company = company
            if batchID == "101" { batch.headerTotal = batch.headerTotal + Amount(tenThousandths: 100) }
            _ = try await store.load(batch, lines: lines)
        }
        try await store.recordFISConfirmation(
            FISConfirmationRecord(
                company: "acme", docId: "doc1", result: .success, documentNumber: "CE-1", fiscalYear: 2026,
                postingDate: LedgerFixtures.postingDate, recordedAt: start
            )
        )
        try await store.quarantine(
            QuarantineRecord(
                sha256: String(repeating: "e", count: 64), fileName: "<img src=x onerror=alert(1)>.txt",
                code: "count-mismatch", reason: "header says <b>12</b> lines, file has 11", quarantinedAt: start,
                company: hostile
            )
        )
        try await store.quarantine(
            QuarantineRecord(
                sha256: String(repeating: "0", count: 64), fileName: "extract_100.txt", code: LedgerLoader.heldReportsCode,
                reason: "reports R9 held back: unbalanced", batchID: "100", quarantinedAt: start, company: "acme"
            )
        )
    }

    static let schedule = [
        ScheduledCompany(name: "acme", every: .seconds(3600)), ScheduledCompany(name: "never-ran", every: .seconds(600)),
    ]

    @Test("the page read from the ledger: companies, batches against headers, FIS, quarantine, days", arguments: kinds)
    func readsTheLedger(kind: Kind) async throws {
        try await Self.withStore(kind) { store in
            try await Self.seed(store)
            let now = Self.start.addingTimeInterval(60)
            let page = try await StatusPage.read(from: store, schedule: Self.schedule, scope: .init(), now: now)

            #expect(page.companies.map(\.name) == [Self.hostile, "acme", "never-ran"])
            let acme = try #require(page.companies.first { $0.name == "acme" })
            #expect(acme.outcome == "posted")
            #expect(acme.lastRun == Self.start)
            #expect(acme.nextRun == Self.start.addingTimeInterval(3600))
            #expect(!acme.dueNow && acme.scheduled)
            #expect(acme.openQuarantine == 1 && acme.needsAttention)
            let never = try #require(page.companies.first { $0.name == "never-ran" })
            #expect(never.outcome == "never run" && never.dueNow && never.lastRun == nil)
            let hostile = try #require(page.companies.first { $0.name == Self.hostile })
            #expect(!hostile.scheduled && hostile.openQuarantine == 1)

            // Newest first; the header of 101 announced 0.0100 more than was loaded.
            #expect(page.batches.map(\.line.batchID) == ["FIS-doc1", "7", "101", "100"])
            #expect(page.batches.map(\.line.matchesHeader) == [true, true, false, true])
            let fis = page.batches[0]
            #expect(fis.fisDocumentID == "doc1")
            #expect(fis.fisConfirmation?.documentNumber == "CE-1")
            #expect(page.quarantine.count == 2)

            // The chart's days: every line of the ledger, balanced per company.
            let totals = page.accountTotals
            #expect(totals.map(\.lineCount).reduce(0, +) == 24)
            for company in ["acme", Self.hostile] {
                let lines = totals.filter { $0.company == company }
                #expect(lines.reduce(Amount.zero) { $0 + $1.debit } == lines.reduce(Amount.zero) { $0 + $1.credit })
            }

            // The model is what --json prints: it reads back the same.
            #expect(try JSONDecoder().decode(StatusPage.self, from: JSONEncoder().encode(page)) == page)

            // One company, one batch: only its lines and entries.
            let one = try await StatusPage.read(
                from: store, schedule: Self.schedule, scope: .init(company: "acme", batchID: "100"), now: now
            )
            #expect(one.companies.map(\.name) == ["acme"])
            #expect(one.batches.map(\.line.batchID) == ["100"])
            #expect(one.quarantine.map(\.code) == [LedgerLoader.heldReportsCode])
            #expect(one.postedByDay.allSatisfy { $0.company == "acme" })

            // A company or batch the ledger does not hold is an error naming those it holds.
            await #expect(throws: LedgerError.self) {
                _ = try await StatusPage.read(from: store, schedule: [], scope: .init(company: "acne"), now: now)
            }
            do {
                _ = try await StatusPage.read(from: store, schedule: [], scope: .init(company: "acme", batchID: "999"), now: now)
                Issue.record("an unknown batch was accepted")
            } catch let error as LedgerError {
                #expect(error.code == .unknownBatch)
                #expect("\(error)".contains("100"))
            }
            // A scheduled company with nothing posted yet is an empty page, not an error.
            let empty = try await StatusPage.read(
                from: store, schedule: Self.schedule, scope: .init(company: "never-ran"), now: now
            )
            #expect(empty.batches.isEmpty && empty.postedByDay.isEmpty && empty.companies.first?.dueNow == true)
        }
    }

    @Test("the HTML escapes every name, draws the chart inline and fetches nothing")
    func htmlIsEscapedAndSelfContained() async throws {
        try await Self.withStore(.sqlite) { store in
            try await Self.seed(store)
            let html = try await StatusPage.html(store: store, schedule: Self.schedule, now: Self.start)
            #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(!html.contains("<script"), "no script at all, hostile or ours")
            #expect(!html.contains("<img"))
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;.txt"))
            #expect(html.contains("header says &lt;b&gt;12&lt;/b&gt; lines"))
            #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
            #expect(html.contains("@media (max-width: 600px)"))
            // Nothing external: no link, no src, and the only URL is the SVG namespace.
            #expect(!html.contains("<link") && !html.contains("src=\""))
            let urls = html.components(separatedBy: "http").dropFirst().map { $0.prefix(30) }
            #expect(urls.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg") }, "\(urls)")
            #expect(html.contains("<svg class=\"chart\""))
            #expect(html.contains("MISMATCH"))
            #expect(html.contains("reports held back"))
            #expect(html.contains("success (CE-1), not answered yet"))
        }
    }

    /// The chart, for days of seeded random amounts: one bar part per (day, account) with a debit, the axis's top
    /// tick at or above the largest day, and the total the sum of the debits.
    @Test("the chart draws every part of every day, under its top tick", arguments: [1, 2, 3, 4, 5])
    func chartInvariants(seed: UInt64) throws {
        var generator = SplitMix(state: seed)
        var days: [DailyPostedAmount] = []
        let accounts = ["6000", "6100", "<7000&>"]
        for day in 1...Int(generator.next() % 40 + 1) {
            for account in accounts where generator.next() % 3 != 0 {
                let amount = Amount(tenThousandths: Int64(generator.next() % 50_000_000_000))
                days.append(
                    DailyPostedAmount(
                        postingDate: try #require(CalendarDate(year: 2026, month: 1 + (day - 1) / 28, day: 1 + (day - 1) % 28)),
                        company: "acme", account: account, currency: "USD", debit: amount, credit: .zero, lineCount: 1
                    )
                )
            }
        }
        let charts = PostedAmountChart.charts(of: days)
        #expect(charts.count == (days.isEmpty ? 0 : 1))
        guard let chart = charts.first else { return }
        let parts = days.filter { $0.debit.tenThousandths > 0 }.count
        #expect(chart.svg.components(separatedBy: "<rect ").count - 1 == parts)
        #expect(chart.total == days.reduce(Amount.zero) { $0 + $1.debit })
        #expect(!chart.svg.contains("<7000"))
        #expect(chart.svg.contains("&lt;7000&amp;&gt;"))
        let largest = Dictionary(grouping: days, by: \.postingDate).values
            .map { $0.reduce(0.0) { $0 + Double($1.debit.tenThousandths) / 10_000 } }.max() ?? 0
        #expect(PostedAmountChart.niceCeiling(largest) >= largest)
    }

    @Test("tick labels: short, exact to two decimals")
    func tickLabels() {
        #expect(PostedAmountChart.compact(0) == "0")
        #expect(PostedAmountChart.compact(750) == "750")
        #expect(PostedAmountChart.compact(6_250) == "6.25k")
        #expect(PostedAmountChart.compact(100_000) == "100k")
        #expect(PostedAmountChart.compact(1_500_000) == "1.5M")
    }

    @Test("amounts: grouped, the currency's decimals, all four when they matter")
    func moneyText() {
        #expect(MoneyText.amount(Amount(tenThousandths: 12_345_678_900), currency: "USD") == "1,234,567.89")
        #expect(MoneyText.amount(Amount(tenThousandths: -10_000_000), currency: "JPY") == "-1,000")
        #expect(MoneyText.amount(Amount(tenThousandths: 12_345), currency: "JPY") == "1.2345")
        #expect(MoneyText.amount(Amount(tenThousandths: 0)) == "0.00")
    }

    @Test("report arguments: bad dates, an empty range, a batch with a range")
    func reportArguments() throws {
        #expect(throws: StatusReport.ArgumentError.self) {
            try StatusReport.scope(company: "acme", batch: nil, from: "2026-13-01", to: nil)
        }
        do throws(StatusReport.ArgumentError) {
            _ = try StatusReport.scope(company: "acme", batch: nil, from: "2026-02-01", to: "2026-01-31")
            Issue.record("an empty range was accepted")
        } catch { #expect(error.code == .emptyRange) }
        do throws(StatusReport.ArgumentError) {
            _ = try StatusReport.scope(company: "acme", batch: "100", from: "2026-01-01", to: nil)
            Issue.record("a batch with a range was accepted")
        } catch { #expect(error.code == .batchWithRange) }
        let scope = try StatusReport.scope(company: "acme", batch: nil, from: "2026-01-01", to: "2026-01-31")
        #expect(scope.from?.description == "2026-01-01" && scope.to?.description == "2026-01-31")
    }
}

/// A small seeded generator (SplitMix64): the same cases on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
