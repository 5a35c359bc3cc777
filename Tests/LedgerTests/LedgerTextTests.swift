import AccountingExtract
import ExtractAPI
import ExtractSandbox
import Foundation
import Testing

@testable import Ledger

/// The texts `quarantine list|show|reload` and `demo` printed, now beside their reports in the library: equal to
/// the old renderings (kept here as oracles) over seeded random entries and summaries.
@Suite struct LedgerTextTests {
    static func record(_ generator: inout SeededRandomNumberGenerator, id: Int64) -> QuarantineRecord {
        func maybe<T>(_ value: T) -> T? { Bool.random(using: &generator) ? value : nil }
        let states = QuarantineState.allCases
        return QuarantineRecord(
            sha256: String(repeating: "ab", count: 32),
            fileName: "extract_\(id).txt",
            code: "invalid-amount",
            reason: "line 5: field 169 '12,50'",
            batchID: maybe("1001"),
            quarantinedAt: Date(timeIntervalSince1970: 1_768_467_600 + Double(id)),
            company: maybe("acme"),
            jobID: maybe("J\(id)"),
            line: maybe(5),
            field: maybe(169),
            fieldName: maybe("Journal Amount"),
            value: maybe("12,50"),
            id: maybe(id),
            state: states[Int.random(in: 0..<states.count, using: &generator)],
            resolvedBatchID: maybe("1002")
        )
    }

    /// The old `quarantine show` lines (the command printed them joined by newlines).
    static func oracleShow(_ detail: QuarantineDetail, id: Int64) -> String {
        let entry = detail.entry
        var lines = [
            "quarantine \(id): \(entry.state.rawValue)", "company:  \(entry.company ?? "(none)")",
            "job:      \(entry.jobID ?? "(unknown)")", "file:     \(entry.fileName)", "sha256:   \(entry.sha256)",
            "archive:  \(detail.archivePath ?? "(not in the manifest)")\(detail.archived ? "" : " (MISSING)")",
            "batch:    \(entry.batchID ?? "(unknown)")", "problem:  [\(entry.code)] \(entry.reason)",
        ]
        if let line = entry.line { lines.append("line:     \(line)") }
        if let field = entry.field { lines.append("field:    \(field)\(entry.fieldName.map { " (\($0))" } ?? "")") }
        if let value = entry.value { lines.append("value:    '\(value)'") }
        if let batch = entry.resolvedBatchID { lines.append("posted:   batch \(batch)") }
        lines.append("events:")
        for event in detail.events {
            let at = ISO8601DateFormatter().string(from: event.occurredAt)
            lines.append("  \(at) \(event.kind.rawValue) by \(event.actor): \(event.note)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func theQuarantineTextsAreWhatTheCommandsPrinted() {
        var generator = SeededRandomNumberGenerator(seed: 9)
        for index in 1...200 {
            let id = Int64(index)
            var entry = Self.record(&generator, id: id)
            #expect(
                entry.listLine
                    == "\(entry.id ?? 0)\t\(entry.state.rawValue)\t\(entry.company ?? "(none)")\t\(entry.fileName)\t[\(entry.code)] \(entry.reason)"
            )
            entry.id = id
            let events = (0..<Int.random(in: 0...3, using: &generator)).map { number in
                QuarantineEvent(
                    id: Int64(number),
                    quarantineID: id,
                    kind: .quarantined,
                    actor: "joe",
                    occurredAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(number)),
                    note: "note \(number)"
                )
            }
            let detail = QuarantineDetail(
                entry: entry,
                archivePath: Bool.random(using: &generator) ? "/a/\(entry.sha256)" : nil,
                archived: Bool.random(using: &generator),
                events: events
            )
            #expect(detail.text == Self.oracleShow(detail, id: id))
        }
        var entry = Self.record(&generator, id: 7)
        entry.id = 7
        var held = Self.record(&generator, id: 8)
        held.id = 8
        let reloaded = QuarantineReloadReport(
            result: .reloaded,
            entry: entry,
            batchID: "1001",
            linesLoaded: 8,
            recordsLoaded: 4,
            heldReports: held
        )
        #expect(
            reloaded.text
                == "quarantine 7: reloaded as batch 1001: 4 DETAIL lines → 8 journal lines\nquarantine 8: \(held.reason)\n"
        )
        let again = QuarantineReloadReport(result: .alreadyReloaded, entry: entry, batchID: nil)
        #expect(again.text == "quarantine 7: already reloaded as batch ?: nothing changed\n")
        let still = QuarantineReloadReport(result: .stillQuarantined, entry: entry, batchID: nil)
        #expect(still.text == "quarantine 7: still refused: [\(entry.code)] \(entry.reason)\n")
    }

    /// The old `demo` rendering of one batch's reconciliation.
    static func oracleDemo(_ summary: ReconciliationSummary, batch: String) -> String {
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, 16 - text.count)) + text }
        if summary.accounts.isEmpty { return "" }
        var out = "totals by account, batch \(batch):\n" + "  account            debit          credit\n"
        var debit = Amount.zero
        var credit = Amount.zero
        for line in summary.accounts.sorted(by: { $0.account < $1.account }) {
            out +=
                "  " + line.account.padding(toLength: 8, withPad: " ", startingAt: 0) + pad(line.debit.formatted())
                + pad(line.credit.formatted()) + "\n"
            debit += line.debit
            credit += line.credit
        }
        out += "  total   " + pad(debit.formatted()) + pad(credit.formatted()) + "\n"
        for line in summary.batches {
            out +=
                "  header: \(line.headerRecordCount) records, total \(line.headerTotal.formatted()); loaded: \(line.loadedRecordCount) records, \(line.loadedTotal.formatted()); \(line.matchesHeader ? "reconciled" : "MISMATCH")\n"
        }
        return out
    }

    @Test func theReconciliationTextIsWhatDemoPrinted() throws {
        var generator = SeededRandomNumberGenerator(seed: 4)
        let date = try #require(CalendarDate(year: 2026, month: 1, day: 15))
        for _ in 0..<200 {
            func amount() -> Amount { Amount(tenThousandths: Int64.random(in: 0...99_999_999, using: &generator)) }
            let accounts = (0..<Int.random(in: 0...5, using: &generator)).map { index in
                ReconciliationSummary.AccountLine(
                    account: ["6200", "2100", "offset-long-name", "61"][index % 4] + "\(index)",
                    debit: amount(),
                    credit: amount(),
                    lineCount: index
                )
            }
            let batches = (0..<Int.random(in: 0...2, using: &generator)).map { index in
                let total = amount()
                return ReconciliationSummary.BatchLine(
                    batchID: "100\(index)",
                    batchDate: date,
                    headerRecordCount: 4,
                    headerTotal: total,
                    loadedRecordCount: Bool.random(using: &generator) ? 4 : 3,
                    loadedTotal: total,
                    reportCount: 2
                )
            }
            let summary = ReconciliationSummary(
                accounts: accounts.shuffled(using: &generator),
                batches: batches,
                reportCount: 2,
                lineCount: 8,
                debitTotal: .zero,
                creditTotal: .zero
            )
            #expect(summary.text(title: "batch 1001") == Self.oracleDemo(summary, batch: "1001"))
        }
    }
}
