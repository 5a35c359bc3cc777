import ExtractTesting
import Foundation
import Testing

@testable import AccountingExtract

/// ``SAEWriter/appendLine(_:)`` writes the same bytes as ``SAEWriter/append(fields:)`` for the same values (the
/// latter through `SAERecord(fields:)`, the reference), and formats numbers, amounts and dates as `String` does.
@Suite(.offThePool) struct SAELineEncoderTests {
    // swift-format-ignore: NeverForceUnwrap
    static let date = CalendarDate(year: 2026, month: 1, day: 15)!

    /// Random sparse lines (amounts at the extremes of Int64, negative integers, quoting, non-ASCII) give the
    /// same file both ways, in both line endings.
    @Test(arguments: [SAEWriter.LineEnding.lf, .crlf])
    func aLineWrittenFieldByFieldIsTheLineOfItsStrings(ending: SAEWriter.LineEnding) throws {
        var random = SAEPropertyTests.Generator(state: 16)
        let reference = SAEWriter(batchID: "7", batchDate: Self.date, options: .init(lineEnding: ending))
        let fast = SAEWriter(batchID: "7", batchDate: Self.date, options: .init(lineEnding: ending))
        let texts = ["", "plain", "a|b", "say \"hi\"", "\"", "|", "Müller", "Bundeszentralamt für Steuern", "x y, z"]
        for _ in 0..<300 {
            var values = [String](repeating: "", count: SAEField.detailFieldCount)
            var puts: [(Int, (inout SAELineEncoder) throws(SAEError) -> Void)] = []
            // Field 169 is always an amount small enough that 300 of them cannot overflow the total.
            let journal = Amount(
                tenThousandths: Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random)
            )
            values[168] = journal.formatted(explicitSign: true)
            puts.append((169, { (line) throws(SAEError) in line.put(169, journal, explicitSign: true) }))
            for number in 1...SAEField.detailFieldCount
            where number != 169 && Int.random(in: 0..<5, using: &random) == 0 {
                switch Int.random(in: 0..<4, using: &random) {
                case 0:
                    let text = texts[Int.random(in: 0..<texts.count, using: &random)]
                    values[number - 1] = text
                    puts.append((number, { (line) throws(SAEError) in try line.put(number, text) }))
                case 1:
                    let extremes: [Int64] = [.min, .max, 0, -1, 1, 9_999, -10_000]
                    let raw =
                        Bool.random(using: &random)
                        ? extremes[Int.random(in: 0..<extremes.count, using: &random)]
                        : Int64.random(in: .min ... .max, using: &random)
                    let amount = Amount(tenThousandths: raw)
                    let sign = Bool.random(using: &random)
                    values[number - 1] = amount.formatted(explicitSign: sign)
                    puts.append((number, { (line) throws(SAEError) in line.put(number, amount, explicitSign: sign) }))
                case 2:
                    let value =
                        Bool.random(using: &random)
                        ? Int.random(in: -999...999, using: &random) : Int.random(in: .min ... .max, using: &random)
                    values[number - 1] = String(value)
                    puts.append((number, { (line) throws(SAEError) in line.put(number, value) }))
                default:
                    let day =
                        CalendarDate(
                            year: Int.random(in: 1...9999, using: &random),
                            month: Int.random(in: 1...12, using: &random),
                            day: Int.random(in: 1...28, using: &random)
                        ) ?? Self.date
                    values[number - 1] = day.description
                    puts.append((number, { (line) throws(SAEError) in line.put(number, day) }))
                }
            }
            puts.sort { $0.0 < $1.0 }
            try reference.append(fields: values)
            try fast.appendLine { (line) throws(SAEError) in for (_, put) in puts { try put(&line) } }
        }
        #expect(fast.recordCount == reference.recordCount)
        #expect(fast.journalAmountTotal == reference.journalAmountTotal)
        #expect(fast.detailByteCount == reference.detailByteCount)
        #expect(try fast.finish() == reference.finish())
    }

    /// The vector search of a value for `|`, `"`, CR and LF, 16 bytes at a time past the value's end, finds each
    /// of them (and passes NUL, TAB and non-ASCII through, as the reference does) at every position of values of 0 to 48 bytes, and the pipes of the empty fields between two values
    /// are right for every gap of 1 to 40 fields: the same bytes as the reference, or the same refusal.
    @Test func everyLengthPositionAndGapIsTheReference() throws {
        let reference = SAEWriter(batchID: "7", batchDate: Self.date)
        let fast = SAEWriter(batchID: "7", batchDate: Self.date)
        var refused = 0
        for length in 0...48 {
            for position in 0..<max(length, 1) {
                for special in ["|", "\"", "\n", "\r", "é", "\u{0}", "\t", "a"] where length > 0 || special == "a" {
                    var characters = Array(repeating: "x", count: length)
                    if length > 0 { characters[position] = special }
                    let text = characters.joined()
                    let gap = 1 + (length * 7 + position) % 40
                    let number = 100 + gap
                    var values = [String](repeating: "", count: SAEField.detailFieldCount)
                    values[99] = "start"
                    values[number - 1] = text
                    values[168] = "+1.0000"
                    let put: (inout SAELineEncoder) throws(SAEError) -> Void = { (line) throws(SAEError) in
                        try line.put(100, "start")
                        try line.put(number, text)
                        line.put(169, Amount(units: 1), explicitSign: true)
                    }
                    if special == "\n" || special == "\r" {
                        #expect(throws: SAEError.self) { try fast.appendLine(put) }
                        refused += 1
                    } else {
                        try reference.append(fields: values)
                        try fast.appendLine(put)
                    }
                }
            }
        }
        #expect(refused == 2 * (1...48).reduce(0, +))
        #expect(fast.recordCount == reference.recordCount && fast.detailByteCount == reference.detailByteCount)
        #expect(try fast.finish() == reference.finish())
    }

    /// A field run gives the bytes of the fields written one by one, over many lines and random values; its body
    /// runs on the first line only; field 169 inside a run is counted on every line that copies it.
    @Test func aFieldRunIsTheFieldsWrittenOneByOne() throws {
        var random = SAEPropertyTests.Generator(state: 61)
        let texts = ["", "plain", "a|b", "say \"hi\"", "Müller", "x y, z"]
        for ending in [SAEWriter.LineEnding.lf, .crlf] {
            let reference = SAEWriter(batchID: "7", batchDate: Self.date, options: .init(lineEnding: ending))
            let fast = SAEWriter(batchID: "7", batchDate: Self.date, options: .init(lineEnding: ending))
            for _ in 0..<40 {
                // A group of lines sharing two runs: one in the middle, one to field 400; field 169 is in the
                // first run for some groups and outside it for others.
                let lower = Int.random(in: 2...150, using: &random)
                let upper = Int.random(in: lower...250, using: &random)
                let tailStart = Int.random(in: (upper + 1)...400, using: &random)
                let shared = (lower...upper).filter { $0 != 169 && Int.random(in: 0..<3, using: &random) == 0 }
                    .map { ($0, texts[Int.random(in: 0..<texts.count, using: &random)]) }
                let tail = (tailStart...400).filter { _ in Int.random(in: 0..<4, using: &random) == 0 }
                    .map { ($0, texts[Int.random(in: 0..<texts.count, using: &random)]) }
                let amount = Amount(tenThousandths: Int64.random(in: -9_999_999...9_999_999, using: &random))
                let journalInRun = (lower...upper).contains(169)
                var head: SAEFieldRun?
                var end: SAEFieldRun?
                var bodies = 0
                for lineIndex in 0..<Int.random(in: 1...5, using: &random) {
                    let own = Int.random(in: 1..<lower, using: &random)
                    var values = [String](repeating: "", count: SAEField.detailFieldCount)
                    values[own - 1] = "line \(lineIndex)"
                    for (number, text) in shared + tail { values[number - 1] = text }
                    if journalInRun || tailStart > 169 {
                        values[168] = amount.formatted(explicitSign: true)
                    }
                    guard journalInRun || tailStart > 169 else { continue }
                    try reference.append(fields: values)
                    try fast.appendLine { (line) throws(SAEError) in
                        try line.put(own, "line \(lineIndex)")
                        try line.put(lower...upper, from: &head) { (line) throws(SAEError) in
                            bodies += 1
                            var amountWritten = !journalInRun
                            for (number, text) in shared {
                                if !amountWritten && number > 169 {
                                    line.put(169, amount, explicitSign: true)
                                    amountWritten = true
                                }
                                try line.put(number, text)
                            }
                            if !amountWritten { line.put(169, amount, explicitSign: true) }
                        }
                        if !journalInRun { line.put(169, amount, explicitSign: true) }
                        try line.put(tailStart...400, from: &end) { (line) throws(SAEError) in
                            for (number, text) in tail { try line.put(number, text) }
                        }
                    }
                }
                #expect(bodies <= 1)
            }
            #expect(fast.recordCount == reference.recordCount && fast.recordCount > 20)
            #expect(fast.journalAmountTotal == reference.journalAmountTotal)
            #expect(try fast.finish() == reference.finish())
        }
    }

    /// A run whose body throws is not kept and the line is not appended; the next line runs the body again. A
    /// run kept for other fields, or under the other line-break option, is written afresh rather than copied.
    @Test func aFieldRunIsKeptOnlyWhenItsBodySucceedsAndMatches() throws {
        let writer = SAEWriter(batchID: "7", batchDate: Self.date)
        var run: SAEFieldRun?
        var bodies = 0
        #expect(throws: SAEError.self) {
            try writer.appendLine { (line) throws(SAEError) in
                try line.put(10...20, from: &run) { (line) throws(SAEError) in
                    bodies += 1
                    try line.put(12, "two\nlines")
                }
                line.put(169, Amount(units: 1), explicitSign: true)
            }
        }
        #expect(run == nil && writer.recordCount == 0 && writer.detailByteCount == 0)
        for _ in 0..<3 {
            try writer.appendLine { (line) throws(SAEError) in
                try line.put(10...20, from: &run) { (line) throws(SAEError) in
                    bodies += 1
                    try line.put(12, "one line")
                }
                line.put(169, Amount(units: 1), explicitSign: true)
            }
        }
        #expect(bodies == 2 && run?.fields == 10...20 && writer.recordCount == 3)

        // The same run for fields 10...21: written afresh, not copied.
        try writer.appendLine { (line) throws(SAEError) in
            try line.put(10...21, from: &run) { (line) throws(SAEError) in
                bodies += 1
                try line.put(21, "wider")
            }
            line.put(169, Amount(units: 1), explicitSign: true)
        }
        #expect(bodies == 3 && run?.fields == 10...21)

        // Kept by a writer that replaces line breaks, the run is not copied into one that refuses them.
        let replacing = SAEWriter(batchID: "7", batchDate: Self.date, options: .init(replacesLineBreaks: true))
        var lenient: SAEFieldRun?
        try replacing.appendLine { (line) throws(SAEError) in
            try line.put(10...20, from: &lenient) { (line) throws(SAEError) in try line.put(12, "two\nlines") }
            line.put(169, Amount(units: 1), explicitSign: true)
        }
        #expect(throws: SAEError.self) {
            try writer.appendLine { (line) throws(SAEError) in
                try line.put(10...20, from: &lenient) { (line) throws(SAEError) in try line.put(12, "two\nlines") }
                line.put(169, Amount(units: 1), explicitSign: true)
            }
        }
        let text = String(decoding: try writer.finish(), as: UTF8.self)
        #expect(text.components(separatedBy: "one line").count == 4 && text.contains("wider"))
        #expect(String(decoding: try replacing.finish(), as: UTF8.self).contains("two lines"))
    }

    /// Misuse is a programming error that stops the process rather than writing a wrong line: a run that starts
    /// at or before a field already written, a run whose body writes a field past its end, and a segment appended
    /// out of its place (exit tests: each runs in a child process).
    @Test func misusedRunsAndSegmentsStopTheProcess() async {
        await #expect(processExitsWith: .failure) {
            // swift-format-ignore: NeverForceUnwrap
            let writer = SAEWriter(batchID: "7", batchDate: CalendarDate(year: 2026, month: 1, day: 15)!)
            var run: SAEFieldRun?
            try? writer.appendLine { (line) throws(SAEError) in
                try line.put(20, "x")
                try line.put(10...30, from: &run) { (_) throws(SAEError) in }
            }
        }
        await #expect(processExitsWith: .failure) {
            // swift-format-ignore: NeverForceUnwrap
            let writer = SAEWriter(batchID: "7", batchDate: CalendarDate(year: 2026, month: 1, day: 15)!)
            var run: SAEFieldRun?
            try? writer.appendLine { (line) throws(SAEError) in
                try line.put(10...30, from: &run) { (line) throws(SAEError) in try line.put(31, "past") }
            }
        }
        await #expect(processExitsWith: .failure) {
            // swift-format-ignore: NeverForceUnwrap
            let writer = SAEWriter(batchID: "7", batchDate: CalendarDate(year: 2026, month: 1, day: 15)!)
            let late = SAEWriter(segmentOf: writer, after: 1)
            try? late.appendLine { (line) throws(SAEError) in line.put(169, Amount(units: 1), explicitSign: true) }
            try? writer.append(segment: late)
        }
    }

    /// A line break is refused naming the line and field, and the line is not appended; with
    /// `replacesLineBreaks` it becomes a space, as `append(fields:)` does.
    @Test func aLineBreakIsRefusedOrReplacedAsTheStringsWayDoes() throws {
        let writer = SAEWriter(batchID: "7", batchDate: Self.date)
        try writer.appendLine { (line) throws(SAEError) in line.put(169, Amount(units: 1), explicitSign: true) }
        let before = writer.detailByteCount
        do {
            try writer.appendLine { (line) throws(SAEError) in
                try line.put(69, "two\r\nlines")
                line.put(169, Amount(units: 2), explicitSign: true)
            }
            Issue.record("a line break was accepted")
        } catch {
            #expect(error.code == .invalidValue && error.line == 3 && error.field == 69)
        }
        #expect(
            writer.recordCount == 1 && writer.detailByteCount == before && writer.journalAmountTotal == Amount(units: 1)
        )

        let replacing = SAEWriter(batchID: "7", batchDate: Self.date, options: .init(replacesLineBreaks: true))
        let reference = SAEWriter(batchID: "7", batchDate: Self.date, options: .init(replacesLineBreaks: true))
        for text in ["two\nlines", "a\r\nb|c", "\r"] {
            try replacing.appendLine { (line) throws(SAEError) in
                try line.put(69, text)
                line.put(169, Amount(units: 2), explicitSign: true)
            }
            var values = [String](repeating: "", count: SAEField.detailFieldCount)
            values[68] = text
            values[168] = "+2.0000"
            try reference.append(fields: values)
        }
        #expect(try replacing.finish() == reference.finish())
    }

    /// Field 169 is required (the header's total), written as an amount or as text that is one.
    @Test func theJournalAmountIsRequired() throws {
        #expect(SAELineEncoder.journalAmountField == SAEField.journalAmount.number)
        let writer = SAEWriter(batchID: "7", batchDate: Self.date)
        #expect(throws: SAEError.self) {
            try writer.appendLine { (line) throws(SAEError) in try line.put(1, "DETAIL") }
        }
        #expect(throws: SAEError.self) {
            try writer.appendLine { (line) throws(SAEError) in try line.put(169, "12,50") }
        }
        try writer.appendLine { (line) throws(SAEError) in try line.put(169, "-12.5") }
        #expect(writer.recordCount == 1 && writer.journalAmountTotal == Amount(tenThousandths: -125_000))
        let bytes = try writer.finish()
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("EXTRACT|2026-01-15|1|-12.5000|7\n"))
    }

    /// To a path, the file is the in-memory bytes, with the spool flushed in chunks of 1 MiB on the way (several
    /// here) and nothing left beside it.
    @Test func aLargeFileToAPathIsTheSameAsInMemory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("encoder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.txt").path
        let file = try SAEWriter(batchID: "7", batchDate: Self.date, path: path, options: .init(lineEnding: .crlf))
        let memory = SAEWriter(batchID: "7", batchDate: Self.date, options: .init(lineEnding: .crlf))
        for writer in [file, memory] {
            for index in 0..<6_000 {
                try writer.appendLine { (line) throws(SAEError) in
                    try line.put(1, "DETAIL")
                    line.put(4, index + 1)
                    try line.put(69, String(repeating: "é|", count: index % 200))
                    line.put(169, Amount(tenThousandths: Int64(index) * 7 - 20_000), explicitSign: true)
                }
            }
        }
        #expect(file.detailByteCount > 3 << 20)
        try file.finish()
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == memory.finish())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["big.txt"])
    }
}
