import ExtractTesting
import Foundation
import Testing

@testable import AccountingExtract

/// The multi-threaded check gives the same verdict, counts, totals and errors (with their true line numbers) as
/// the one-thread check, whatever the number of parts.
@Suite(.offThePool) struct SAEParallelCheckTests {
    static func file(lines count: Int, mutate: (inout [String]) -> Void = { _ in }) throws -> String {
        var lines: [String] = []
        var total = Amount.zero
        for sequence in 1...count {
            let report = "R\(sequence / 3)"
            let amount = Amount(tenThousandths: Int64(sequence * 1_234 + 10_000))
            total += amount
            var extra: [Int: String] = [
                70: sequence % 7 == 0 ? "Vendor | with pipe" : "Vendor", 69: sequence % 5 == 0 ? "say \"hi\"" : "",
            ]
            extra[5] = "E\(sequence % 4)"
            lines.append(
                Fixture.line(
                    Fixture.detail(
                        sequence: sequence,
                        report: report,
                        amount: amount.formatted(explicitSign: true),
                        extra: extra
                    )
                )
            )
        }
        lines.insert("EXTRACT|2019-02-01|\(count)|\(total.formatted())|567", at: 0)
        mutate(&lines)
        return try TemporaryFile.write(lines.joined(separator: "\n") + "\n")
    }

    /// The check on one thread and on several, the file read into the chunk buffer and mapped into memory: the
    /// same results each time.
    func compare(_ path: String, mode: SAEReader.Mode = .strict, maximumLineLength: Int? = nil) throws {
        var options =
            maximumLineLength.map { SAEReader.Options(mode: mode, maximumLineLength: $0, chunkSize: 1_024) }
            ?? SAEReader.Options(mode: mode)
        options.mappingThreshold = .max
        let one = try SAEFile.check(path: path, options: options)
        var mapped = options
        mapped.mappingThreshold = 0
        #expect(try SAEFile.check(path: path, options: mapped) == one, "mapped, one thread")
        for (threads, options) in [(2, options), (3, options), (4, options), (2, mapped), (3, mapped)] {
            let many = try SAEFile.check(
                path: path,
                options: options,
                journal: JournalConfiguration(),
                maximumErrors: 100,
                threads: threads,
                minimumParallelSize: 0
            )
            #expect(many.isValid == one.isValid, "\(threads) threads")
            #expect(many.summary.recordCount == one.summary.recordCount)
            #expect(many.summary.reportCount == one.summary.reportCount)
            #expect(many.summary.employeeCount == one.summary.employeeCount)
            #expect(many.summary.journalAmountTotal == one.summary.journalAmountTotal)
            #expect(
                many.summary.errorCount == one.summary.errorCount,
                "\(threads) threads: \(many.errors) vs \(one.errors)"
            )
            #expect(
                many.errors.map { [$0.code.rawValue, "\($0.line ?? -1)", "\($0.field ?? -1)", $0.message] }
                    == one.errors.map { [$0.code.rawValue, "\($0.line ?? -1)", "\($0.field ?? -1)", $0.message] },
                "\(threads) threads"
            )
            #expect(many.summary.warningCount == one.summary.warningCount, "\(threads) threads")
            #expect(
                many.summary.warnings.map { [$0.code.rawValue, "\($0.line ?? -1)", "\($0.field ?? -1)", $0.message] }
                    == one.summary.warnings.map {
                        [$0.code.rawValue, "\($0.line ?? -1)", "\($0.field ?? -1)", $0.message]
                    },
                "\(threads) threads"
            )
            // The unbalanced reports with their lines and the reasons that name them ("line 101: …").
            #expect(many.journal == one.journal, "\(threads) threads")
        }
    }

    @Test func aValidFile() throws {
        try compare(try Self.file(lines: 600))
    }

    @Test func errorsInTheMiddleKeepTheirLineNumbers() throws {
        let path = try Self.file(lines: 600) { lines in
            lines[200] = lines[200].replacingOccurrences(of: "|DR|+", with: "|DR|x")
            lines[450] = lines[450].replacingOccurrences(of: "|2019-02-01|", with: "|2019-02-31|")
        }
        try compare(path)
    }

    @Test func aSequenceGapAndAMissingLine() throws {
        let path = try Self.file(lines: 600) { lines in lines.remove(at: 301) }
        try compare(path)
        let one = try SAEFile.check(path: path)
        #expect(one.errors.contains { $0.code == .sequence })
        #expect(one.errors.contains { $0.code == .recordCountMismatch })
    }

    @Test func unbalancedReportsAndLenientMode() throws {
        let path = try Self.file(lines: 600) { lines in
            lines[100] = lines[100].replacingOccurrences(of: "|Employee|", with: "||")
            lines[500] = String(lines[500].prefix(lines[500].count - 40))
        }
        try compare(path)
        try compare(path, mode: .lenient)
    }

    /// A line too long for the reader, late in the file: reading stops there on every thread count, with the
    /// error on its true line (the later parts number their lines from 1 and are moved when merged).
    @Test func anOverlongLineLateInTheFile() throws {
        let path = try Self.file(lines: 600) { lines in
            lines[450] += "|" + String(repeating: "x", count: 5_000)
        }
        try compare(path, maximumLineLength: 4_096)
        try compare(path, mode: .lenient, maximumLineLength: 4_096)
        let options = SAEReader.Options(maximumLineLength: 4_096, chunkSize: 1_024)
        let one = try SAEFile.check(path: path, options: options)
        #expect(one.errors.contains { $0.code == .lineTooLong && $0.line == 451 })
    }

    @Test func crlfAndNoFinalNewline() throws {
        let path = try Self.file(lines: 300)
        var text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n")
        text.removeLast()  // "\r\n" is one Character
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try compare(path)
        #expect(try SAEFile.check(path: path).isValid)
    }
}

/// Issue 9 item 3: a report cut by a split point was closed once in each part, so the merged check counted it
/// twice (`balancedReportCount` 20001 for 20000 reports). For random files (reports of one to six lines, some
/// with quoted ids, some with an unbalanced line) and random split points, the merged result equals the
/// one-thread result, journal included, and each report is counted once.
@Suite(.offThePool) struct SAEParallelSplitPropertyTests {
    struct Sample {
        var text: String
        var reports: Int
        var lineOffsets: [Int]
    }

    static func sample(_ random: inout SAEPropertyTests.Generator) -> Sample {
        var details: [String] = []
        var total = Amount.zero
        var reports = 0
        while details.count < 60 {
            reports += 1
            let quoted = Int.random(in: 0..<3, using: &random) == 0
            let report = quoted ? "R|\(reports) \"q\"" : "R\(reports)"
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let sequence = details.count + 1
                let amount = Amount(tenThousandths: Int64.random(in: 1...9_999_999, using: &random))
                total += amount
                let unbalanced = Int.random(in: 0..<8, using: &random) == 0
                details.append(
                    Fixture.line(
                        Fixture.detail(
                            sequence: sequence,
                            report: report,
                            amount: amount.formatted(explicitSign: true),
                            payer: unbalanced ? "" : "Company"
                        )
                    )
                )
            }
        }
        let lines = ["EXTRACT|2019-02-01|\(details.count)|\(total.formatted())|567"] + details
        var offsets: [Int] = []
        var offset = 0
        for line in lines {
            offsets.append(offset)
            offset += line.utf8.count + 1
        }
        return Sample(text: lines.joined(separator: "\n") + "\n", reports: reports, lineOffsets: offsets)
    }

    @Test(arguments: 0..<40 as Range<UInt64>)
    func mergedEqualsOneThread(seed: UInt64) throws {
        var random = SAEPropertyTests.Generator(state: seed &* 7_919 &+ 3)
        let sample = Self.sample(&random)
        let path = try TemporaryFile.write(sample.text)
        let one = try SAEFile.check(path: path)
        #expect(one.journal.balancedReportCount + one.journal.unbalancedReportCount == sample.reports)
        #expect(one.summary.reportCount == sample.reports)
        let body = sample.lineOffsets[1]..<sample.text.utf8.count
        for _ in 0..<5 {
            // Cuts inside lines and exactly at line starts, one to four of them.
            let cuts = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                Bool.random(using: &random)
                    ? Int.random(in: body, using: &random)
                    : sample.lineOffsets[Int.random(in: 2..<sample.lineOffsets.count, using: &random)]
            }
            let many = try SAEFile.check(
                path: path,
                options: .strict,
                journal: JournalConfiguration(),
                maximumErrors: 100,
                threads: 2,
                minimumParallelSize: 0,
                cuts: cuts
            )
            let context: Comment = "seed \(seed), cuts \(cuts)"
            #expect(many.journal == one.journal, context)
            #expect(many.isValid == one.isValid, context)
            #expect(many.summary.reportCount == one.summary.reportCount, context)
            #expect(many.summary.recordCount == one.summary.recordCount, context)
            #expect(many.summary.errorCount == one.summary.errorCount, context)
            #expect(
                many.errors.map { "\($0.code.rawValue) \($0.line ?? -1) \($0.field ?? -1) \($0.message)" }
                    == one.errors.map { "\($0.code.rawValue) \($0.line ?? -1) \($0.field ?? -1) \($0.message)" },
                context
            )
        }
    }
}
