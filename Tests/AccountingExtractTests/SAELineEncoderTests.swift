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
