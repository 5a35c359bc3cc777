import AccountingExtract
import ExtractSandbox
import ExtractTesting
import Foundation
import Ledger
import Synchronization
import Testing

/// Exports an accountant can open (issue 15 item 6): a document number per report, the company, a byte order mark
/// for Excel, rounding to the minor unit that keeps every report's entry balanced.
@Suite("Accountant exports (SQLite and PostgreSQL)")
struct AccountantExportTests {
    /// The CSV's records as dictionaries by column (fields hold no comma, quote or newline in these tests).
    static func records(_ csv: String) -> [[String: String]] {
        let rows = csv.split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func amount(_ text: String?) throws -> Amount { try Amount(parsing: text ?? "x") }

    /// Reports whose extract lines are offset by one aggregated line each (as a FIS journal's net and tax lines
    /// against a gross total are): rounding line by line can unbalance them. Amounts random with four decimals.
    static func lines(batchID: String, reports: Int, seed: UInt64) -> [JournalLine] {
        var random = SeededRandomNumberGenerator(seed: seed)
        let currencies = ["USD", "JPY", "KWD", "EUR"]
        var lines: [JournalLine] = []
        var sequence = 0
        for report in 0..<reports {
            let currency = currencies[report % currencies.count]
            var total = Amount.zero
            var first = 0
            for part in 0..<Int.random(in: 1...4, using: &random) {
                sequence += 1
                if part == 0 { first = sequence }
                let amount = Amount(tenThousandths: Int64.random(in: 1...9_999_999, using: &random))
                total += amount
                lines.append(
                    JournalLine(
                        batchID: batchID,
                        sequenceNumber: sequence,
                        origin: .extract,
                        postingDate: LedgerFixtures.postingDate,
                        account: "6\(part)00",
                        debit: amount,
                        credit: .zero,
                        currency: currency,
                        employeeID: "E\(report)",
                        employeeName: "Employee \(report)",
                        reportID: "R\(report)",
                        reportName: "Trip \(report)",
                        description: "part \(part)",
                        costObject: "CC1",
                        journalKey: "\(batchID)-\(sequence)"
                    )
                )
            }
            var offset = lines[lines.count - 1]
            offset.sequenceNumber = first
            offset.origin = .offset
            offset.account = "2100"
            offset.debit = .zero
            offset.credit = total
            offset.journalKey = "\(batchID)-\(first)"
            lines.append(offset)
        }
        return lines
    }

    @Test(arguments: StoreKind.tested)
    func everyLineNamesItsCompanyAndItsReportsDocumentNumber(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            for (batchID, company) in [("B1", "acme"), ("B2", "globex")] {
                let lines = LedgerFixtures.lines(batchID: batchID, details: 7)
                var batch = LedgerFixtures.batch(batchID, lines: lines)
                batch.company = company
                _ = try await store.load(batch, lines: lines)
            }
            let all = Self.records(try await store.exportJournal(.csv, .all))
            #expect(all.count == 28)
            var reportsByDocument: [String: Set<String>] = [:]
            for record in all {
                let document = try #require(record["document_number"])
                #expect(document.wholeMatch(of: /B[12]-\d{4}/) != nil, "\(document)")
                #expect(record["company"] == (record["batch_id"] == "B1" ? "acme" : "globex"))
                reportsByDocument[document, default: []].insert(record["report_id"] ?? "")
            }
            // One report per document number, numbered from 0001 in each batch (R0…R3: four per batch).
            #expect(reportsByDocument.values.allSatisfy { $0.count == 1 })
            #expect(Set(reportsByDocument.keys) == Set((1...4).flatMap { ["B1-000\($0)", "B2-000\($0)"] }))
            // The same numbers whatever the filter.
            let second = Self.records(try await store.exportJournal(.csv, .batch("B2", company: "globex")))
            #expect(second == all.filter { $0["batch_id"] == "B2" })
            let jsonl = try await store.exportJournal(.jsonLines, .all)
            for (row, record) in zip(jsonl.split(separator: "\n"), all) {
                let object = try JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any]
                #expect(object?["document_number"] as? String == record["document_number"])
                #expect(object?["company"] as? String == record["company"])
            }
        }
    }

    /// The export's progress (what `export` shows on a terminal): the lines written so far after each page, rising,
    /// ending at the summary's count; the export is the same with or without it.
    @Test(arguments: StoreKind.tested)
    func progressCountsTheLinesWrittenAfterEachPage(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let lines = LedgerFixtures.lines(batchID: "B1", details: 9)
            _ = try await store.load(LedgerFixtures.batch("B1", lines: lines), lines: lines)
            let seen = Mutex<[Int]>([])
            var bytes: [UInt8] = []
            let summary = try await store.exportJournal(
                .csv,
                .all,
                options: JournalExportOptions(),
                pageSize: 4,
                progress: { count in seen.withLock { $0.append(count) } }
            ) { bytes.append(contentsOf: $0) }
            let counts = seen.withLock { $0 }
            #expect(counts == [4, 8, 12, 16, 18], "one call per page of 4 out of 18 lines: \(counts)")
            #expect(counts.last == summary.lines)
            #expect(String(decoding: bytes, as: UTF8.self) == (try await store.exportJournal(.csv, .all)))
        }
    }

    @Test(arguments: StoreKind.tested)
    func excelGetsAByteOrderMarkAndNothingElseChanges(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            let lines = LedgerFixtures.lines(batchID: "B1", details: 3)
            _ = try await store.load(LedgerFixtures.batch("B1", lines: lines), lines: lines)
            let plain = try await store.exportJournal(.csv, .all)
            let (excel, summary) = try await store.exportJournal(
                .csv,
                .all,
                options: JournalExportOptions(byteOrderMark: true)
            )
            #expect(Array(excel.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: Array(excel.utf8.dropFirst(3)), as: UTF8.self) == plain)
            #expect(summary.lines == 6 && summary.roundingLines == 0 && summary.roundingAccount == nil)
            #expect(!plain.hasPrefix("\u{FEFF}"))
            // JSON Lines never gets one.
            let (jsonl, _) = try await store.exportJournal(.jsonLines, .all, options: .init(byteOrderMark: true))
            #expect(jsonl.hasPrefix("{"))
        }
    }

    /// Invariant over seeded batches: rounded, every amount is a whole number of its currency's minor unit and
    /// every report's entry (per currency) balances; the difference lines are on the rounding account, counted and
    /// netted in the summary; without rounding the export is unchanged.
    @Test(arguments: StoreKind.tested)
    func roundingKeepsEveryReportBalanced(kind: StoreKind) async throws {
        try await StoreHarness.with(kind) { store, _ in
            for seed in UInt64(1)...3 {
                let lines = Self.lines(batchID: "R\(seed)", reports: 40, seed: seed)
                _ = try await store.load(LedgerFixtures.batch("R\(seed)", lines: lines), lines: lines)
            }
            let plain = try await store.exportJournal(.csv, .all)
            let plainRecords = Self.records(plain)
            let (rounded, summary) = try await store.exportJournal(
                .csv,
                .all,
                options: JournalExportOptions(rounding: JournalRounding(account: "7999"))
            )
            let records = Self.records(rounded)
            #expect(records.count == plainRecords.count + summary.roundingLines)
            #expect(summary.roundingLines > 0, "the fixture should need rounding lines")
            var balances: [String: Amount] = [:]
            var net: [String: Amount] = [:]
            var roundingLines = 0
            for record in records {
                let currency = try #require(record["currency"])
                let debit = try Self.amount(record["debit"])
                let credit = try Self.amount(record["credit"])
                let decimals = CurrencyMinorUnit.decimals(of: currency)
                #expect(debit.rounded(toDecimals: decimals) == debit && credit.rounded(toDecimals: decimals) == credit)
                balances[(record["document_number"] ?? "") + currency, default: .zero] += debit - credit
                if record["origin"] == "rounding" {
                    roundingLines += 1
                    #expect(record["account"] == "7999")
                    net[currency, default: .zero] += debit - credit
                }
            }
            #expect(balances.values.allSatisfy { $0.isZero }, "\(balances.filter { !$0.value.isZero })")
            #expect(roundingLines == summary.roundingLines)
            #expect(net == summary.roundingNet)
            #expect(summary.text.contains("to account 7999"))
            // Each difference is at most half a minor unit per line of the entry (at most 5 lines here).
            for record in records where record["origin"] == "rounding" {
                let size = try Self.amount(record["debit"]) + Self.amount(record["credit"])
                var unit: Int64 = 1
                for _ in CurrencyMinorUnit.decimals(of: record["currency"] ?? "")..<4 { unit *= 10 }
                #expect(size.tenThousandths * 2 <= 5 * unit && !size.isZero, "\(record)")
            }
            #expect(try await store.exportJournal(.csv, .all) == plain)
        }
    }

    @Test func roundingIsHalfAwayFromZeroToTheMinorUnit() throws {
        #expect(try Amount(parsing: "12.345").rounded(toDecimals: 2) == (try Amount(parsing: "12.35")))
        #expect(try Amount(parsing: "-12.345").rounded(toDecimals: 2) == (try Amount(parsing: "-12.35")))
        #expect(try Amount(parsing: "12.3449").rounded(toDecimals: 2) == (try Amount(parsing: "12.34")))
        #expect(try Amount(parsing: "1234.5").rounded(toDecimals: 0) == (try Amount(parsing: "1235")))
        #expect(CurrencyMinorUnit.decimals(of: "jpy") == 0 && CurrencyMinorUnit.decimals(of: "KWD") == 3)
        #expect(CurrencyMinorUnit.decimals(of: "EUR") == 2 && CurrencyMinorUnit.decimals(of: "XYZ") == 2)
    }
}
