import Testing

@testable import AccountingExtract

@Suite struct AmountTests {
    @Test(
        arguments: [
            ("+600.1100", 6_001_100), ("-0.5", -5_000), ("1230.36", 12_303_600), ("0", 0), ("1.0000", 10_000),
            (" 12.3400 ", 123_400), ("-.5", -5_000), ("7.", -1),
        ] as [(String, Int64)]
    )
    func parses(text: String, expected: Int64) throws {
        if expected == -1 {
            #expect(throws: Amount.ParseFailure.invalidCharacter) { try Amount(parsing: text) }
        } else {
            #expect(try Amount(parsing: text).tenThousandths == expected)
        }
    }

    @Test func refusesMoreThanFourDecimals() {
        #expect(throws: Amount.ParseFailure.tooManyDecimals) { try Amount(parsing: "1.00001") }
    }

    @Test func refusesGarbage() {
        for text in ["", "  ", "1,5", "abc", "+", "1.2.3", "--1", "1e5", "0x10"] {
            #expect(throws: Amount.ParseFailure.self, "\(text)") { try Amount(parsing: text) }
        }
    }

    @Test func refusesOverflow() throws {
        #expect(throws: Amount.ParseFailure.overflow) { try Amount(parsing: "99999999999999999999") }
        #expect(throws: Amount.ParseFailure.overflow) { try Amount(parsing: "922337203685478.0000") }
        let largest = try Amount(parsing: "922337203685477.5807")
        #expect(largest.tenThousandths == Int64.max)
    }

    @Test func formatsWithFourPlaces() throws {
        #expect(Amount(tenThousandths: 6_001_100).formatted(explicitSign: true) == "+600.1100")
        #expect(Amount(tenThousandths: -5).formatted() == "-0.0005")
        #expect(Amount.zero.formatted(explicitSign: true) == "+0.0000")
        #expect(Amount(tenThousandths: Int64.min).formatted() == "-922337203685477.5808")
    }

    @Test func sumsExactly() throws {
        // 0.1 + 0.2 is exactly 0.3 here, unlike in binary floating point.
        let sum = try Amount(parsing: "0.1") + Amount(parsing: "0.2")
        let expected = try Amount(parsing: "0.3")
        #expect(sum == expected)
        #expect(Amount(tenThousandths: Int64.max).adding(Amount(tenThousandths: 1)) == nil)
    }

    @Test func codableAsDecimalString() throws {
        let amount = try Amount(parsing: "-12.5")
        #expect(amount.description == "-12.5000")
    }
}

@Suite struct CalendarDateTests {
    @Test func parsesAndPrints() throws {
        let date = try CalendarDate(parsing: "2019-02-01")
        #expect(date.year == 2019 && date.month == 2 && date.day == 1)
        #expect(date.description == "2019-02-01")
        #expect(try CalendarDate(parsing: "2024-02-29").day == 29)
    }

    @Test("every day of short and long years prints as YYYY-MM-DD and parses back, early years zero-padded")
    func printsEveryDay() throws {
        for year in [1, 9, 99, 999, 1900, 2000, 2024, 2026, 9999] {
            for month in 1...12 {
                for day in 1...31 {
                    guard let date = CalendarDate(year: year, month: month, day: day) else { continue }
                    let text = date.description
                    let padded = String(repeating: "0", count: 4 - String(year).count) + String(year)
                    let expected =
                        padded + "-" + (month < 10 ? "0" : "") + String(month) + "-"
                        + (day < 10 ? "0" : "") + String(day)
                    #expect(text == expected)
                    #expect(try CalendarDate(parsing: text) == date)
                }
            }
        }
    }

    @Test func refusesImpossibleDates() {
        for text in [
            "2019-02-29", "2019-13-01", "2019-00-10", "2019-04-31", "19-02-01", "2019/02/01", "2019-2-1", "",
            "2100-02-29",
        ] {
            #expect(throws: CalendarDate.ParseFailure.self, "\(text)") { try CalendarDate(parsing: text) }
        }
    }
}
