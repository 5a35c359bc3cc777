import AccountingExtract
import Foundation
import Testing

@testable import ExtractSandbox

/// `generate` on several threads (``ExpenseReportGenerator/writeSAEFile(to:reports:employees:batchID:batchDate:options:threads:progress:)``
/// with ``SAEWriter`` segments) writes the bytes of the one-thread run: over seeds, report counts that fill no
/// round or slice exactly, both line endings and thread counts from 1 to 5; and a segment numbers its lines on
/// from the writer's, adds its count and total, and refuses a total that overflows.
@Suite struct ParallelGenerateTests {
    // swift-format-ignore: NeverForceUnwrap
    static let date = CalendarDate(year: 2026, month: 1, day: 15)!

    static func folder() -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generate-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func generated(
        seed: UInt64,
        reports: Int,
        employees: Int,
        threads: Int,
        lineEnding: SAEWriter.LineEnding,
        in folder: URL
    ) throws -> (bytes: Data, written: SAEWrittenFile, progress: [Int], generator: ExpenseReportGenerator) {
        let path = folder.appendingPathComponent("t\(threads).txt").path
        var generator = ExpenseReportGenerator(seed: seed)
        var progress: [Int] = []
        let written = try generator.writeSAEFile(
            to: path,
            reports: reports,
            employees: employees,
            batchID: "1001",
            batchDate: date,
            options: .init(lineEnding: lineEnding),
            threads: threads,
            progress: { reports, _ in progress.append(reports) }
        )
        return (try Data(contentsOf: URL(fileURLWithPath: path)), written, progress, generator)
    }

    @Test(arguments: [(UInt64(1), 0), (2, 1), (3, 63), (4, 200), (5, 331), (6, 1000)])
    func everyThreadCountWritesTheOneThreadBytes(seed: UInt64, reports: Int) throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lineEnding: SAEWriter.LineEnding = seed % 2 == 0 ? .lf : .crlf
        let one = try Self.generated(
            seed: seed,
            reports: reports,
            employees: 9,
            threads: 1,
            lineEnding: lineEnding,
            in: folder
        )
        // The file is what SAEReader accepts, with the header the result states.
        let check = try SAEFile.check(path: folder.appendingPathComponent("t1.txt").path)
        #expect(check.isValid)
        #expect(check.summary.recordCount == one.written.recordCount)
        for threads in 2...5 {
            let many = try Self.generated(
                seed: seed,
                reports: reports,
                employees: 9,
                threads: threads,
                lineEnding: lineEnding,
                in: folder
            )
            #expect(many.bytes == one.bytes, "\(threads) threads, seed \(seed), \(reports) reports")
            #expect(many.written.recordCount == one.written.recordCount)
            #expect(many.written.journalAmountTotal == one.written.journalAmountTotal)
            // Progress rises to the count and ends on it; the generator is left where the one-thread run left it.
            #expect(many.progress == many.progress.sorted() && (reports == 0 || many.progress.last == reports))
            #expect(many.generator.nextReportNumber == one.generator.nextReportNumber)
            #expect(many.generator.nextEntryNumber == one.generator.nextEntryNumber)
        }
    }

    /// Slices come in order, numbered by the lines before them, and stop at the count; with no employees (the
    /// generator then makes no report) there are none, rather than a loop that never ends.
    @Test func slicesAreNumberedAndEnd() {
        var generator = ExpenseReportGenerator(seed: 5)
        let staff = generator.employees(count: 3)
        let source = ExpenseReportGenerator.SliceSource(
            generator: generator,
            staff: staff,
            batchDate: Self.date,
            reports: 70
        )
        let round = source.next(slices: 4, of: 32)
        #expect(round.map(\.reports.count) == [32, 32, 6])
        #expect(
            round.map(\.after) == [
                0, round[0].reports.reduce(0) { $0 + $1.saeLineCount },
                round[1].after + round[1].reports.reduce(0) { $0 + $1.saeLineCount },
            ]
        )
        #expect(source.next(slices: 4, of: 32).isEmpty && source.done == 70)
        let empty = ExpenseReportGenerator.SliceSource(
            generator: generator,
            staff: [],
            batchDate: Self.date,
            reports: 70
        )
        #expect(empty.next(slices: 2, of: 32).isEmpty && empty.done == 70)
    }

    /// The line count each slice is numbered with is the number of lines the report writes.
    @Test(arguments: 1...30)
    func lineCountIsTheLinesWritten(seed: UInt64) throws {
        var generator = ExpenseReportGenerator(seed: seed)
        let staff = generator.employees(count: 5)
        for report in generator.reports(count: 40, employees: staff, before: Self.date) {
            let writer = SAEWriter(batchID: "1", batchDate: Self.date)
            try report.appendSAELines(to: writer)
            #expect(writer.recordCount == report.saeLineCount, "report \(report.id)")
        }
    }

    @Test func segmentsContinueTheNumberingAndAddTheirCountsAndTotals() throws {
        var generator = ExpenseReportGenerator(seed: 11)
        let staff = generator.employees(count: 4)
        let first = generator.reports(count: 5, employees: staff, before: Self.date)
        let second = generator.reports(count: 7, employees: staff, before: Self.date)
        let whole = SAEWriter(batchID: "77", batchDate: Self.date)
        try whole.append(reports: first + second)

        let writer = SAEWriter(batchID: "77", batchDate: Self.date)
        try writer.append(reports: first)
        let segment = SAEWriter(segmentOf: writer, after: writer.recordCount)
        #expect(segment.recordCount == writer.recordCount)
        try segment.append(reports: second)
        try writer.append(segment: segment)
        #expect(writer.header == whole.header)
        #expect(writer.detailByteCount == whole.detailByteCount)
        #expect(segment.recordCount == first.reduce(0) { $0 + $1.saeLineCount } && segment.detailByteCount == 0)
        #expect(try writer.finish() == whole.finish())
    }

    @Test func aSegmentWhoseTotalOverflowsIsRefusedAndNothingIsAdded() throws {
        let writer = SAEWriter(batchID: "9", batchDate: Self.date)
        let huge = Amount(units: Int64.max / 10_000)
        try writer.appendLine { (line) throws(SAEError) in
            try line.put(1, "DETAIL")
            line.put(169, huge, explicitSign: true)
        }
        let segment = SAEWriter(segmentOf: writer, after: 1)
        try segment.appendLine { (line) throws(SAEError) in
            try line.put(1, "DETAIL")
            line.put(169, huge, explicitSign: true)
        }
        #expect(throws: SAEError.self) { try writer.append(segment: segment) }
        do {
            try writer.append(segment: segment)
        } catch {
            #expect(error.code == .amountOverflow && error.line == 3)
        }
        #expect(writer.recordCount == 1 && writer.journalAmountTotal == huge)
    }
}
