import AccountingExtract
import ExtractTesting
import Foundation
import Testing

@testable import Ledger

/// `postedAmountsByDay`, the status page's chart: the same on SQLite and PostgreSQL.
@Suite("Posted amounts by day (SQLite and PostgreSQL)")
struct DailyPostedAmountTests {
    static func date(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

    /// Two companies, three posting days: every line counts once by its own posting date, each day balances, and
    /// the days add up to the reconciliation's accounts; a date range and a company filter select their part.
    @Test("days add up to the reconciliation, each day balances, ranges select", arguments: StoreKind.tested)
    func daysAddUpAndBalance(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let days = ["2026-01-12", "2026-01-13", "2026-01-14"]
            for (number, company) in ["acme", "globex"].enumerated() {
                var lines = LedgerFixtures.lines(batchID: "B\(number)", details: 7, keyPrefix: company)
                for index in lines.indices { lines[index].postingDate = try Self.date(days[(index / 2) % 3]) }
                lines[0].currency = "EUR"
                lines[1].currency = "EUR"
                var batch = LedgerFixtures.batch("B\(number)", lines: lines, sha256: String(repeating: "\(number)", count: 64))
                batch.company = company
                _ = try await store.load(batch, lines: lines)
            }

            let all = try await store.postedAmountsByDay(.all, from: nil, to: nil)
            #expect(Set(all.map(\.postingDate.description)) == Set(days))
            #expect(all.map(\.lineCount).reduce(0, +) == 28)
            // Sorted by date, company, currency, account.
            let keys = all.map { [$0.postingDate.description, $0.company, $0.currency, $0.account] }
            #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
            // Each (day, company, currency) balances: every extract line has its offset on the same day.
            let groups = Dictionary(grouping: all) { "\($0.postingDate) \($0.company) \($0.currency)" }
            for (key, group) in groups {
                let debit = group.reduce(Amount.zero) { $0 + $1.debit }
                let credit = group.reduce(Amount.zero) { $0 + $1.credit }
                #expect(debit == credit, "\(key)")
            }
            // The days of each (company, account) add up to the reconciliation's account line.
            let summary = try await store.reconciliation(.all)
            for account in summary.accounts {
                let matching = all.filter { $0.company == account.company && $0.account == account.account }
                #expect(matching.reduce(Amount.zero) { $0 + $1.debit } == account.debit)
                #expect(matching.reduce(Amount.zero) { $0 + $1.credit } == account.credit)
                #expect(matching.map(\.lineCount).reduce(0, +) == account.lineCount)
            }

            let acme = try await store.postedAmountsByDay(.company("acme"), from: nil, to: nil)
            #expect(!acme.isEmpty && acme.allSatisfy { $0.company == "acme" })
            #expect(acme == all.filter { $0.company == "acme" })

            let middle = try await store.postedAmountsByDay(.all, from: Self.date("2026-01-13"), to: Self.date("2026-01-13"))
            #expect(!middle.isEmpty)
            #expect(middle == all.filter { $0.postingDate.description == "2026-01-13" })
            let fromOnly = try await store.postedAmountsByDay(.all, from: Self.date("2026-01-14"), to: nil)
            #expect(fromOnly == all.filter { $0.postingDate.description == "2026-01-14" })
            let none = try await store.postedAmountsByDay(.all, from: Self.date("2027-01-01"), to: nil)
            #expect(none.isEmpty)
        }
    }
}
