import Testing

@testable import AccountingExtract

/// A report is its consecutive DETAIL lines with the same report id, unquoted and compared byte for byte. The
/// journal keeps the open report's id and employee in buffers reused from one report to the next, and makes their
/// text only for a report it keeps; these files try to make the reuse show: ids that are prefixes of each other,
/// the same id quoted on one line and not on the next, an id with an escaped quote, and two ids that Swift's
/// `String ==` takes as equal (é precomposed and decomposed) but whose bytes differ.
@Suite(.offThePool) struct JournalReportGroupingTests {
    static let ids = ["R1", "R10", "R1x", "R", "R|1", "A\"B", "\u{E9}", "e\u{301}", "A\"", "R1 "]
    static let employees = ["1", "1111111", "E|7", "\u{6771}\u{4EAC}", ""]

    struct Sample {
        var text: String
        /// The reports as the reference reads them: id, employee of the first line, the lines that cannot be
        /// balanced.
        var reports: [(id: String, employee: String, failed: [Int])]
    }

    static func sample(_ random: inout SAEPropertyTests.Generator) -> Sample {
        var lines: [String] = []
        var reports: [(id: String, employee: String, failed: [Int])] = []
        var total = Amount.zero
        var previous: String?
        while lines.count < 80 {
            let id = ids.randomElement(using: &random) ?? "R1"
            let employee = employees.randomElement(using: &random) ?? "1"
            // The reference: a new report when the id's bytes differ from the last line's.
            if previous.map({ Array($0.utf8) != Array(id.utf8) }) ?? true {
                reports.append((id, employee, []))
            }
            previous = id
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let sequence = lines.count + 1
                let amount = Amount(tenThousandths: Int64.random(in: 1...9_999_999, using: &random))
                total += amount
                let unbalanced = Int.random(in: 0..<6, using: &random) == 0
                if unbalanced { reports[reports.count - 1].failed.append(sequence + 1) }
                let values = Fixture.detail(
                    sequence: sequence,
                    report: id,
                    employee: employee,
                    amount: amount.formatted(explicitSign: true),
                    payer: unbalanced ? "" : "Company"
                )
                // The id (field 19) and the employee (field 5) are quoted at random; a value that holds `|` or
                // `"` always is.
                let quotes = [4: Bool.random(using: &random), 18: Bool.random(using: &random)]
                lines.append(
                    values.indices.map { Self.quoted(values[$0], force: quotes[$0] ?? false) }.joined(separator: "|")
                )
            }
        }
        let header = "EXTRACT|2019-02-01|\(lines.count)|\(total.formatted())|567"
        return Sample(text: ([header] + lines).joined(separator: "\n") + "\n", reports: reports)
    }

    static func quoted(_ value: String, force: Bool) -> String {
        force || value.contains("|") || value.contains("\"")
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    @Test(arguments: 0..<30 as Range<UInt64>)
    func reportsAreLinesWithTheSameIDBytes(seed: UInt64) throws {
        var random = SAEPropertyTests.Generator(state: seed &* 6_151 &+ 11)
        let sample = Self.sample(&random)
        let path = try TemporaryFile.write(sample.text)
        let expected = sample.reports.filter { !$0.failed.isEmpty }
        let context: Comment = "seed \(seed)"
        for threads in [1, 2] {
            let result = try SAEFile.check(
                path: path,
                options: .strict,
                journal: JournalConfiguration(),
                maximumErrors: 100,
                threads: threads,
                minimumParallelSize: 0,
                cuts: threads == 1 ? [] : [Int.random(in: 100..<sample.text.utf8.count, using: &random)]
            )
            let journal = result.journal
            #expect(journal.balancedReportCount == sample.reports.count - expected.count, context)
            #expect(journal.unbalancedReportCount == expected.count, context)
            #expect(
                journal.unbalancedReports.map { Array($0.reportID.utf8) } == expected.map { Array($0.id.utf8) },
                context
            )
            #expect(
                journal.unbalancedReports.map { Array($0.employeeID.utf8) }
                    == expected.map { Array($0.employee.utf8) },
                context
            )
            #expect(journal.unbalancedReports.map(\.lines) == expected.map(\.failed), context)
            #expect(journal.unbalancedReports.allSatisfy { $0.problems.count == $0.lines.count }, context)
        }
    }
}
