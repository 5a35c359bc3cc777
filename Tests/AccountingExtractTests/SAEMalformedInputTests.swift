import Foundation
import ExtractTesting
import Testing

@testable import AccountingExtract

/// Each kind of malformed input gives the right error, with its line and field, and never a crash.
@Suite(.offThePool) struct SAEMalformedInputTests {
    static let header = "EXTRACT|2019-02-01|1|1.0000|567\n"

    func firstError(_ text: String) -> SAEError? {
        Fixture.check(text).errors.first
    }

    @Test func truncatedLine() throws {
        let line = Fixture.line(Fixture.detail(sequence: 1, amount: "+1.0000"))
        let truncated = String(line.prefix(line.count / 2))
        let error = try #require(firstError(Self.header + truncated))
        #expect(error.code == .fieldCount)
        #expect(error.line == 2)
        #expect(error.message.contains("found"))
    }

    @Test func fields399And401() throws {
        let values = Fixture.detail(sequence: 1, amount: "+1.0000")
        let short = try #require(firstError(Self.header + Fixture.line(Array(values.dropLast())) + "\n"))
        #expect(short.code == .fieldCount && short.line == 2 && short.message.contains("found 399"))
        let long = try #require(firstError(Self.header + Fixture.line(values + ["x"]) + "\n"))
        #expect(long.code == .fieldCount && long.line == 2 && long.message.contains("found 401"))
        // A long line is an error even in lenient mode (a likely unquoted pipe).
        #expect(!Fixture.check(Self.header + Fixture.line(values + ["x"]) + "\n", mode: .lenient).isValid)
    }

    @Test func badAmount() throws {
        let text = Self.header + Fixture.line(Fixture.detail(sequence: 1, amount: "+1,50")) + "\n"
        let error = try #require(firstError(text))
        #expect(error.code == .invalidAmount)
        #expect(error.line == 2)
        #expect(error.field == 169)
        #expect(error.fieldName == "Journal Amount")
        #expect(error.value == "+1,50")
        #expect(
            error.description
                == "test.txt:2: field 169 (Journal Amount): not a decimal number of the form [+-]digits[.digits]: '+1,50' [invalid-amount]"
        )
    }

    @Test func badAmountInAnotherTypedField() throws {
        let text =
            Self.header + Fixture.line(Fixture.detail(sequence: 1, amount: "+1.0000", extra: [124: "12.34567"])) + "\n"
        let error = try #require(firstError(text))
        #expect(error.code == .invalidAmount && error.field == 124 && error.fieldName == "Report Entry Posted Amount")
    }

    @Test func badDate() throws {
        let text =
            Self.header + Fixture.line(Fixture.detail(sequence: 1, amount: "+1.0000", extra: [64: "2019-02-30"])) + "\n"
        let error = try #require(firstError(text))
        #expect(error.code == .invalidDate && error.line == 2 && error.field == 64 && error.value == "2019-02-30")
        let badHeader = try #require(firstError("EXTRACT|01/02/2019|0|0.0000|567\n"))
        #expect(
            badHeader.code == .invalidDate && badHeader.line == 1 && badHeader.field == 2
                && badHeader.fieldName == "header Batch Date"
        )
    }

    @Test func badFlagAndDebitCredit() throws {
        let flag = try #require(
            firstError(
                Self.header + Fixture.line(Fixture.detail(sequence: 1, amount: "+1.0000", extra: [68: "X"])) + "\n"
            )
        )
        #expect(flag.code == .invalidFlag && flag.field == 68)
        let side = try #require(
            firstError(Self.header + Fixture.line(Fixture.detail(sequence: 1, side: "DB", amount: "+1.0000")) + "\n")
        )
        #expect(side.code == .invalidDebitCredit && side.field == 168)
        let sign = try #require(
            firstError(
                Self.header.replacingOccurrences(of: "|1.0000|", with: "|-1.0000|")
                    + Fixture.line(Fixture.detail(sequence: 1, side: "DR", amount: "-1.0000")) + "\n"
            )
        )
        #expect(sign.code == .signMismatch && sign.field == 169)
    }

    @Test func headerCountMismatch() throws {
        let text = Fixture.kfsGoodFile.replacingOccurrences(of: "EXTRACT|2019-02-01|3|", with: "EXTRACT|2019-02-01|4|")
        let result = Fixture.check(text)
        #expect(!result.isValid)
        let error = try #require(result.errors.first)
        #expect(error.code == .recordCountMismatch && error.line == 1 && error.field == 3)
        #expect(error.message.contains("4 records but the file has 3"))
    }

    @Test func headerTotalMismatchIsExact() throws {
        // One ten-thousandth off is a mismatch.
        let text = Fixture.kfsGoodFile.replacingOccurrences(of: "|1230.3600|", with: "|1230.3601|")
        let error = try #require(Fixture.check(text).errors.first)
        #expect(error.code == .amountTotalMismatch && error.field == 4 && error.message.contains("1230.3600"))
    }

    @Test func batchMismatchAndSequence() throws {
        let lines = [
            "EXTRACT|2019-02-01|2|2.0000|567",
            Fixture.line(Fixture.detail(sequence: 1, batchID: "568", amount: "+1.0000")),
            Fixture.line(Fixture.detail(sequence: 3, batchDate: "2019-02-02", amount: "+1.0000")),
        ]
        let errors = Fixture.check(lines.joined(separator: "\n")).errors
        #expect(errors.contains { $0.code == .batchMismatch && $0.line == 2 && $0.field == 2 })
        #expect(errors.contains { $0.code == .batchMismatch && $0.line == 3 && $0.field == 3 })
        #expect(errors.contains { $0.code == .sequence && $0.line == 3 && $0.field == 4 })
    }

    @Test func missingReportID() throws {
        let error = try #require(
            firstError(Self.header + Fixture.line(Fixture.detail(sequence: 1, report: "", amount: "+1.0000")) + "\n")
        )
        #expect(error.code == .missingReportID && error.field == 19)
    }

    @Test func unterminatedQuoteAndTextAfterQuote() throws {
        var line = Fixture.line(Fixture.detail(sequence: 1, amount: "+1.0000"))
        line = line.replacingOccurrences(of: "|Trip|", with: "|\"Trip|")
        let open = try #require(firstError(Self.header + line + "\n"))
        #expect(open.code == .unterminatedQuote && open.line == 2 && open.field == 27)
        let after = Fixture.line(Fixture.detail(sequence: 1, amount: "+1.0000")).replacingOccurrences(
            of: "|Trip|",
            with: "|\"Trip\"x|"
        )
        let error = try #require(firstError(Self.header + after + "\n"))
        #expect(error.code == .textAfterQuote && error.field == 27)
    }

    @Test func invalidUTF8NamesTheField() throws {
        var bytes = Fixture.bytes(
            Self.header + Fixture.line(Fixture.detail(sequence: 1, amount: "+1.0000", extra: [70: "QQQ"])) + "\n"
        )
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "Q")))
        bytes[index] = 0xC3  // a lead byte followed by an ASCII byte
        let error = try #require(Fixture.check(bytes: bytes).errors.first)
        #expect(
            error.code == .invalidUTF8 && error.line == 2 && error.field == 70
                && error.fieldName == "Report Entry Vendor Name"
        )
    }

    @Test func binaryGarbage() throws {
        var random = SystemRandomNumberGenerator()
        for size in [1, 7, 100, 5_000, 70_000] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
            let result = Fixture.check(bytes: bytes)
            #expect(!result.isValid)
            #expect(!result.errors.isEmpty)
        }
        let error = try #require(Fixture.check(bytes: [0x00, 0x01, 0x02, 0x0A, 0xFF, 0xFE]).errors.first)
        #expect([.notAnExtract, .invalidUTF8, .controlCharacter].contains(error.code))
        #expect(error.line == 1)
    }

    @Test func emptyFileAndOnlyBlankLines() throws {
        #expect(Fixture.check("").errors.first?.code == .emptyFile)
        #expect(Fixture.check("\n\r\n\n").errors.first?.code == .emptyFile)
    }

    @Test func missingAndDuplicateHeader() throws {
        let detail = Fixture.line(Fixture.detail(sequence: 1, amount: "+1.0000"))
        #expect(Fixture.check(detail + "\n").errors.first?.code == .missingHeader)
        let twice = Fixture.check(Self.header + Self.header + detail + "\n")
        #expect(twice.errors.first?.code == .duplicateHeader && twice.errors.first?.line == 2)
        #expect(Fixture.check("HEADER|x\n").errors.first?.code == .notAnExtract)
        #expect(Fixture.check(Self.header + "TRAILER|1\n" + detail).errors.first?.code == .unknownRecordType)
    }

    @Test func headerWithWrongFieldCount() throws {
        let error = try #require(firstError("EXTRACT|2019-02-01|0|0.0000\n"))
        #expect(error.code == .fieldCount && error.line == 1)
    }

    @Test func errorsAreCappedButCounted() {
        var lines = ["EXTRACT|2019-02-01|300|300.0000|567"]
        for sequence in 1...300 { lines.append(Fixture.line(Fixture.detail(sequence: sequence, amount: "+1,0000"))) }
        let result = Fixture.check(lines.joined(separator: "\n"))
        #expect(result.summary.errors.count == 100)
        #expect(result.summary.errorCount > 300)
    }

    /// A header then `count` short bad lines of `width` bytes: unknown records, every 100,000th a truncated
    /// DETAIL line instead (each line a warning in lenient mode), written to a file.
    static func shortBadLines(_ count: Int, width: Int = 8) throws -> String {
        var bytes = Array("EXTRACT|2019-02-01|0|0.0000|567\n".utf8)
        bytes.reserveCapacity(bytes.count + count * width)
        let unknown = Array(String(repeating: "x", count: width - 1).utf8) + [0x0A]
        for index in 0..<count { bytes += index % 100_000 == 1 ? Array("DETAIL\n".utf8) : unknown }
        return try TemporaryFile.write(bytes)
    }

    @Test func lenientModeKeepsABoundedNumberOfWarningsAndCountsTheRest() throws {
        let count = 5_000
        let path = try Self.shortBadLines(count)
        let reader = try SAEReader(path: path, options: .lenient)
        while true {
            do throws(SAEError) {
                guard try reader.next() != nil else { break }
            } catch {}
        }
        #expect(reader.warnings.count == SAEReader.Options.lenient.maximumWarningsKept)
        #expect(reader.warningCount == count)
        let result = try SAEFile.check(path: path, options: .lenient)
        #expect(result.summary.warnings.count == 100)
        #expect(result.summary.warningCount == count)
    }

    @Test func aFortyMegabyteFileOfShortBadLinesInLenientModeKeepsTheBoundAndTheCount() throws {
        let count = 1_700_000  // 40 MB of 24-byte lines (shorter lines only make the test slower)
        let path = try Self.shortBadLines(count, width: 24)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for threads in [1, 2] {
            let result = try SAEFile.check(path: path, options: .lenient, threads: threads)
            #expect(result.summary.warnings.count == 100, "\(threads) threads")
            #expect(result.summary.warningCount == count, "\(threads) threads")
            #expect(result.summary.warnings.first?.line == 2)
        }
    }

    @Test func overlongLineStopsCleanly() {
        let text = Self.header + String(repeating: "x", count: 5_000) + "\n"
        let path = try? TemporaryFile.write(text)
        guard let path,
            let reader = try? SAEReader(
                path: path,
                options: SAEReader.Options(maximumLineLength: 1_024, chunkSize: 256)
            )
        else {
            Issue.record("cannot set up")
            return
        }
        let result = SAEFile.check(reader: reader)
        #expect(result.errors.contains { $0.code == .lineTooLong && $0.line == 2 })
    }
}
