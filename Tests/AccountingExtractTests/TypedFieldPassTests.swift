import Testing

@testable import AccountingExtract

/// The typed fields of a line are checked by two passes: ``SAEReader/settlesTypedFields(_:table:)``, a loop for each kind
/// that only accepts, and, when it does not, ``SAEReader/checkTypedFieldsInOrder(_:lenientFlags:)``, which settles
/// the fields in order and throws the first one's precise error. The fast pass must never accept a line the
/// ordered pass refuses, and must accept every line whose typed fields are all empty or plain.
@Suite struct TypedFieldPassTests {
    static let plain: [SAEReader.CheckedKind: [String]] = [
        .date: ["2019-02-28", "2020-01-01", "1999-12-09"],
        .decimal: ["123.4500", "0", "-5.1", "600.11", "9999999999.9999"],
        .integer: ["42", "0", "1234567"],
        .flag: ["Y", "N"],
    ]
    /// Values a fast check could get wrong: days past the 28th (settled by the ordered pass), impossible dates, near-numbers, lenient flags, quoted and long values.
    static let unusual = [
        "2019-02-30", "2020-02-29", "1999-12-31", "2019-2-01", "2019-13-01", "0000-01-01", "2019-02-28 ", "12.3.4",
        "abc", " 1", "1 ", "y", "n",
        "YES", "\"Y\"", "1|2", "12345678901234567890", "+1.00", "1e5", "\u{663}", "-", ".", "1.", ".5",
        "1234567890123456.5", "2019-02-28T00", "N|", "\"\"",
    ]

    struct Line {
        var record: SAERecord
        /// Every checked field is empty or one of ``plain``'s values.
        var isPlain: Bool
    }

    static func line(_ random: inout SAEPropertyTests.Generator, sequence: Int) throws -> Line {
        let table = SAEReader.checkedTable
        var values = Fixture.detail(sequence: sequence, amount: "+1.0000")
        // Every checked field empty or plain, then, on half the lines, one or two unusual values in random fields:
        // one value alone decides whether the fast pass may accept the line.
        for index in 0..<table.count {
            let number = Int(table.numbers[index])
            values[number - 1] =
                Bool.random(using: &random) ? "" : plain[table.kinds[index]]?.randomElement(using: &random) ?? ""
        }
        var isPlain = true
        if Bool.random(using: &random) {
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let number = Int(table.numbers[Int.random(in: 0..<table.count, using: &random)])
                values[number - 1] = unusual.randomElement(using: &random) ?? ""
            }
            isPlain = false
        }
        var record = try SAERecord(fields: values, lineNumber: sequence + 1)
        if Int.random(in: 0..<10, using: &random) == 0 {
            // A short line (lenient mode reads those): the fast pass leaves it to the ordered one.
            let count = Int.random(in: 1..<SAEField.detailFieldCount, using: &random)
            let bounds = Array(record.bounds[0...count])
            let length = Int(bounds[count] & ~SAELineParser.quotedFlag) - 1
            record = SAERecord(lineNumber: record.lineNumber, rawLine: Array(record.rawLine[..<length]), bounds: bounds)
            isPlain = false
        }
        return Line(record: record, isPlain: isPlain)
    }

    /// Every checked field through ``SAEReader/checkTypedField(_:_:_:lenientFlags:)`` (a record's typed accessor).
    static func precise(_ view: SAEFieldView, lenientFlags: Bool) -> String {
        let table = SAEReader.checkedTable
        for index in 0..<table.count where Int(table.numbers[index]) <= view.fieldCount {
            let result = outcome { () throws(SAEError) in
                try SAEReader.checkTypedField(
                    view,
                    Int(table.numbers[index]),
                    table.kinds[index],
                    lenientFlags: lenientFlags
                )
            }
            if result != "accepted" { return result }
        }
        return "accepted"
    }

    static func outcome(_ body: () throws(SAEError) -> Void) -> String {
        do throws(SAEError) {
            try body()
            return "accepted"
        } catch {
            return "\(error.code.rawValue) \(error.line ?? -1) \(error.field ?? -1) \(error.message)"
        }
    }

    @Test("The fast pass accepts only lines the ordered pass accepts, and every plain line")
    func theFastPassNeverAcceptsWhatTheOrderedPassRefuses() throws {
        var random = SAEPropertyTests.Generator(state: 20_261_201)
        var accepted = 0
        var left = 0
        var plainLines = 0
        for sequence in 1...6_000 {
            let line = try Self.line(&random, sequence: sequence)
            line.record.withFieldView { view in
                let fast = SAEReader.settlesTypedFields(view)
                for lenient in [false, true] {
                    let ordered = Self.outcome { () throws(SAEError) in
                        try SAEReader.checkTypedFieldsInOrder(view, lenientFlags: lenient)
                    }
                    let combined = Self.outcome { () throws(SAEError) in
                        try SAEReader.checkTypedFields(view, lenientFlags: lenient)
                    }
                    #expect(combined == ordered, "line \(sequence)")
                    if fast { #expect(ordered == "accepted", "line \(sequence): \(ordered)") }
                    // Both passes share the vector tests, so an accepted line is also held to the typed accessors
                    // of a record, field by field (the slow path, with no vector test).
                    if ordered == "accepted" {
                        #expect(Self.precise(view, lenientFlags: lenient) == "accepted", "line \(sequence)")
                    }
                }
                if line.isPlain {
                    plainLines += 1
                    #expect(fast, "line \(sequence): a plain line is left to the ordered pass")
                }
                if fast { accepted += 1 } else { left += 1 }
            }
        }
        // Both passes ran on many lines: the fast one settles the plain lines, the ordered one the rest.
        #expect(plainLines > 200)
        #expect(accepted >= plainLines && left > 1_000)
    }
}
