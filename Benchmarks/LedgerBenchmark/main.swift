// Ledger load benchmark. See BENCHMARKS.md ("Ledger load").
//
//   LedgerBenchmark sqlite [LINES]            load LINES journal lines (default 1,000,000) into a new SQLite file
//   LedgerBenchmark postgres URL [LINES]      … into the PostgreSQL database at URL (use a new, throwaway one)
//   LedgerBenchmark generate [LINES]          only generate the lines (the generator's own cost)
//   LedgerBenchmark csv FILE [LINES]          write the same lines as CSV, one line a row (for the sqlite3 reference)
//
// Lines are generated in-process as they are loaded (never all held): 5,000 employees, realistic accounts,
// amounts, descriptions and cost objects, one extract line and one offset line per DETAIL line.
import AccountingExtract
import ExtractTesting
import Foundation
import Ledger

#if canImport(Glibc)
import Glibc
#endif

/// Journal lines of one large batch, made on demand.
struct GeneratedLines: AsyncSequence, Sendable {
    typealias Element = JournalLine
    let batchID: String
    let count: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let batchID: String
        let count: Int
        var produced = 0
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var pendingOffset: JournalLine?
        static let accounts = [
            "6100-TRAVEL", "6110-AIRFARE", "6120-HOTEL", "6130-MEALS", "6140-TAXI", "6150-MILEAGE", "6200-TRAINING",
            "6300-OFFICE",
        ]
        static let expenseTypes = [
            "Airfare", "Hotel", "Dinner", "Taxi", "Car Rental", "Mileage", "Conference Fee", "Office Supplies",
        ]
        static let vendors = [
            "Lufthansa", "Marriott Downtown", "Le Bistro, Paris", "Yellow Cab", "Hertz", "Personal car",
            "ACM \"Swift\" Summit", "Staples",
        ]
        static let employees: [(String, String)] = (0..<5_000).map {
            ("EMP\(100_000 + $0)", "Lastname\($0), Firstname\($0 % 97)")
        }
        static let dates: [CalendarDate] = (1...28).compactMap { CalendarDate(year: 2026, month: 1, day: $0) }

        mutating func random() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func next() async -> JournalLine? {
            if let offset = pendingOffset {
                pendingOffset = nil
                produced += 1
                return offset
            }
            guard produced < count else { return nil }
            let sequence = produced / 2 + 1
            let r = random()
            let kind = Int(r % 8)
            let employee = Self.employees[Int((r >> 8) % 5_000)]
            let report = (sequence - 1) / 6
            let amount = Amount(tenThousandths: Int64(50_000 + (r >> 20) % 25_000_000))
            let isCredit = (r >> 50) % 40 == 0
            let line = JournalLine(
                batchID: batchID,
                sequenceNumber: sequence,
                origin: .extract,
                postingDate: Self.dates[Int((r >> 40) % 28)],
                account: Self.accounts[kind],
                debit: isCredit ? .zero : amount,
                credit: isCredit ? amount : .zero,
                currency: (r >> 45) % 10 == 0 ? "EUR" : "USD",
                employeeID: employee.0,
                employeeName: employee.1,
                reportID: "RPT\(1_000_000 + report)",
                reportName: "Trip \(report % 500) expenses",
                description: Self.expenseTypes[kind] + ": " + Self.vendors[kind],
                costObject: "CC-\(1000 + (r >> 56) % 40)",
                journalKey: "\(batchID)\(String(sequence))"
            )
            var offset = line
            offset.origin = .offset
            offset.account = isCredit ? "2300-CARD-CLEARING" : "2100-EMPLOYEE-PAYABLE"
            offset.debit = line.credit
            offset.credit = line.debit
            pendingOffset = offset
            produced += 1
            return line
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(batchID: batchID, count: count) }
}

func batch(lines: Int) -> LedgerBatch {
    guard let date = CalendarDate(year: 2026, month: 1, day: 31) else { Benchmark.fail("bad date") }
    // The header total is not known without a pass over the lines; reconciliation reports the difference.
    return LedgerBatch(
        batchID: "BENCH\(Int(Benchmark.now() * 1000) % 1_000_000_000)",
        batchDate: date,
        sha256: String(repeating: "0", count: 48) + String(format: "%016llx", UInt64(Benchmark.now() * 1e6)),
        fileName: "generated",
        headerRecordCount: lines / 2,
        headerTotal: .zero
    )
}

func run(_ store: any LedgerStore, lines: Int, label: String) async throws {
    try await store.migrate()
    let batch = batch(lines: lines)
    let start = Benchmark.now()
    let result = try await store.load(batch, lines: GeneratedLines(batchID: batch.batchID, count: lines))
    let seconds = Benchmark.now() - start
    let loadRSS = Benchmark.peakRSSMegabytes()
    guard result.status == .loaded, result.linesWritten == lines else { Benchmark.fail("unexpected result \(result)") }
    let summary = try await store.reconciliation(.batch(batch.batchID))
    guard summary.lineCount == lines, summary.debitTotal == summary.creditTotal else {
        Benchmark.fail("reconciliation failed: \(summary.lineCount)")
    }
    print(
        String(
            format:
                "%@: %d lines in %.2f s = %.0f lines/s, peak RSS %.1f MB after the load, %.1f MB after reconciling (balanced: %@)",
            label,
            lines,
            seconds,
            Double(lines) / seconds,
            loadRSS,
            Benchmark.peakRSSMegabytes(),
            summary.debitTotal == summary.creditTotal ? "yes" : "no"
        )
    )
}

/// Writes the lines as CSV in the column order of a one-line-a-row `ledger_journal_lines` table (batch key 1),
/// quoting as RFC 4180 does, for the `sqlite3 .import` reference run.
nonisolated func writeCSV(_ lines: GeneratedLines, to path: String) async throws -> Int {
    guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path)
    else { Benchmark.fail("cannot write \(path)") }
    defer { try? file.close() }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    func field(_ text: String) {
        if text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") }) {
            buffer.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\"") { buffer.append(byte) }
                buffer.append(byte)
            }
            buffer.append(UInt8(ascii: "\""))
        } else {
            buffer.append(contentsOf: text.utf8)
        }
    }
    var count = 0
    for await line in lines {
        let values = [
            "1", String(line.sequenceNumber), line.origin.rawValue, line.postingDate.description, line.account,
            String(line.debit.tenThousandths), String(line.credit.tenThousandths), line.currency, line.employeeID,
            line.employeeName, line.reportID, line.reportName, line.description, line.costObject, line.journalKey,
        ]
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            field(value)
        }
        buffer.append(UInt8(ascii: "\n"))
        count += 1
        if buffer.count > 1 << 20 {
            try file.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }
    try file.write(contentsOf: buffer)
    return count
}

/// Iterates off the main actor, as a store does (no executor hop per line).
nonisolated func countLines(_ lines: GeneratedLines) async -> Int {
    var count = 0
    for await _ in lines { count += 1 }
    return count
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    Benchmark.fail("usage: LedgerBenchmark sqlite [LINES] | postgres URL [LINES] | generate [LINES]")
}

do {
    switch arguments[1] {
    case "generate":
        let lines = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
        let start = Benchmark.now()
        let count = await countLines(GeneratedLines(batchID: "GEN", count: lines))
        let seconds = Benchmark.now() - start
        print(
            String(
                format: "generate: %d lines in %.2f s = %.0f lines/s, peak RSS %.1f MB",
                count,
                seconds,
                Double(count) / seconds,
                Benchmark.peakRSSMegabytes()
            )
        )
    case "csv":
        guard arguments.count > 2 else { Benchmark.fail("usage: LedgerBenchmark csv FILE [LINES]") }
        let lines = arguments.count > 3 ? Int(arguments[3]) ?? 1_000_000 : 1_000_000
        let count = try await writeCSV(GeneratedLines(batchID: "BENCH123456789", count: lines), to: arguments[2])
        print("csv: \(count) lines written to \(arguments[2])")
    case "sqlite":
        let lines = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
        let directory = NSTemporaryDirectory() + "ledger-benchmark-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await SQLiteLedgerStore.open(path: directory + "/ledger.sqlite")
        try await run(store, lines: lines, label: "sqlite")
        try await store.close()
    case "postgres":
        guard arguments.count > 2 else { Benchmark.fail("usage: LedgerBenchmark postgres URL [LINES]") }
        let lines = arguments.count > 3 ? Int(arguments[3]) ?? 1_000_000 : 1_000_000
        let store = try await PostgresLedgerStore.connect(url: arguments[2])
        try await run(store, lines: lines, label: "postgres")
        try await store.close()
    default:
        Benchmark.fail("unknown command \(arguments[1])")
    }
} catch {
    Benchmark.fail("\(error)")
}
