import AccountingExtract
import Foundation
import Testing

@testable import ExtractSandbox

/// ``ExpenseReport/appendSAELines(to:)`` (field by field, the fast way `generate` and the sandbox's extract files
/// use) writes exactly the bytes of the reference, ``ExpenseReport/saeLines(batchID:batchDate:firstSequence:)``
/// through ``SAEWriter/append(fields:)``: over many seeds, both line endings, reports from a second numbering
/// round, and hostile text (pipes, quotes, line breaks, empty and non-numeric keys) in every string the report has.
@Suite struct SAEEncodingReferenceTests {
    // swift-format-ignore: NeverForceUnwrap
    static let date = CalendarDate(year: 2024, month: 2, day: 29)!

    /// The reference: every line as 400 strings, through `SAERecord(fields:)`.
    static func reference(_ reports: [ExpenseReport], _ writer: SAEWriter) throws {
        for report in reports {
            let lines = report.saeLines(
                batchID: writer.batchID,
                batchDate: writer.batchDate,
                firstSequence: writer.recordCount + 1
            )
            for fields in lines { try writer.append(fields: fields) }
        }
    }

    static func expectSame(_ reports: [ExpenseReport], options: SAEWriter.Options, batchID: String = "1001") throws {
        let reference = SAEWriter(batchID: batchID, batchDate: date, options: options)
        let fast = SAEWriter(batchID: batchID, batchDate: date, options: options)
        try Self.reference(reports, reference)
        try fast.append(reports: reports)
        #expect(fast.recordCount == reference.recordCount && fast.detailByteCount == reference.detailByteCount)
        let (expected, actual) = (try reference.finish(), try fast.finish())
        let same = actual == expected  // a Bool, so that a failure prints the first different line, not the bytes
        #expect(same, "the fast way writes the reference's bytes")
        if !same,
            let line = zip(actual.split(separator: 0x0A), expected.split(separator: 0x0A)).first(where: { $0 != $1 })
        {
            let (fast, reference) = (String(decoding: line.0, as: UTF8.self), String(decoding: line.1, as: UTF8.self))
            Issue.record("first different line:\n\(fast)\n\(reference)")
        }
    }

    @Test(arguments: 1...40)
    func generatedReportsGiveTheReferenceBytes(seed: UInt64) throws {
        var generator = ExpenseReportGenerator(seed: seed, firstReportNumber: Int(seed) * 997, firstEntryNumber: 1)
        let staff = generator.employees(count: Int(seed % 7) + 1)
        let reports = generator.reports(count: 60, employees: staff, before: Self.date)
        try Self.expectSame(reports, options: .init(lineEnding: seed % 2 == 0 ? .lf : .crlf), batchID: "\(seed)")
    }

    /// Every string of a report replaced by hostile text; amounts negated; keys that are not numbers.
    @Test(arguments: 1...25)
    func hostileReportsGiveTheReferenceBytesOrTheSameError(seed: UInt64) throws {
        var random = SeededRandomNumberGenerator(seed: seed)
        var generator = ExpenseReportGenerator(seed: seed)
        let staff = generator.employees(count: 3)
        let texts = ["", "a|b", "\"quoted\"", "|", "Ünïcödé", "x", "line\nbreak", "cr\rlf", "999999", "-7"]
        func text() -> String { texts[Int.random(in: 0..<texts.count, using: &random)] }
        func maybe(_ value: String) -> String { Int.random(in: 0..<3, using: &random) == 0 ? text() : value }
        var reports = generator.reports(count: 12, employees: staff, before: Self.date)
        for index in reports.indices {
            reports[index].id = maybe(reports[index].id)
            reports[index].key = maybe(reports[index].key)
            reports[index].name = maybe(reports[index].name)
            reports[index].currency = maybe(reports[index].currency)
            reports[index].employee.lastName = maybe(reports[index].employee.lastName)
            reports[index].employee.email = maybe(reports[index].employee.email)
            reports[index].employee.costCenter = maybe(reports[index].employee.costCenter)
            for entry in reports[index].entries.indices {
                reports[index].entries[entry].vendor = maybe(reports[index].entries[entry].vendor)
                reports[index].entries[entry].description = maybe(reports[index].entries[entry].description)
                reports[index].entries[entry].expenseType = maybe(reports[index].entries[entry].expenseType)
                reports[index].entries[entry].transactionCurrency = maybe(
                    reports[index].entries[entry].transactionCurrency
                )
                reports[index].entries[entry].taxCode = maybe(reports[index].entries[entry].taxCode)
                if Bool.random(using: &random) {
                    reports[index].entries[entry].postedAmount = -reports[index].entries[entry].postedAmount
                }
            }
            let advanceName = reports[index].cashAdvance?.name ?? ""
            reports[index].cashAdvance?.name = maybe(advanceName)
        }
        // Replacing line breaks, both give the same bytes.
        try Self.expectSame(reports, options: .init(replacesLineBreaks: true))
        // Refusing them, both fail at the same line and field with the same message, or both succeed alike.
        let reference = SAEWriter(batchID: "1001", batchDate: Self.date)
        let fast = SAEWriter(batchID: "1001", batchDate: Self.date)
        var expected: SAEError?
        var actual: SAEError?
        do { try Self.reference(reports, reference) } catch {
            expected = error as? SAEError ?? SAEError(.ioError, "\(error)")
        }
        do { try fast.append(reports: reports) } catch { actual = error }
        #expect(actual == expected, "the fast way fails as the reference does")
        #expect(fast.recordCount == reference.recordCount)
        if expected == nil, actual == nil { #expect(try fast.finish() == reference.finish()) }
    }
}
