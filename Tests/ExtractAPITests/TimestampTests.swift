import ExtractAPI
import Foundation
import Testing

@Suite("ExtractTimestamp")
struct TimestampTests {
    @Test("Parses the three documented forms to exact instants")
    func documentedForms() throws {
        let zulu = try #require(ExtractTimestamp(parsing: "2010-01-13T18:30:02Z"))
        #expect(zulu.secondsSince1970 == 1_263_407_402)
        #expect(zulu.ticks == 0)
        let plain = try #require(ExtractTimestamp(parsing: "2010-01-12T18:30:01"))
        #expect(plain.secondsSince1970 == 1_263_321_001)
        let fraction = try #require(ExtractTimestamp(parsing: "2011-08-25T14:25:23.537"))
        #expect(fraction.secondsSince1970 == 1_314_282_323)
        #expect(fraction.ticks == 5_370_000)
    }

    @Test(
        "Fractions of 1 to 7 digits; more digits are truncated",
        arguments: [
            ("5", 5_000_000), ("58", 5_800_000), ("537", 5_370_000), ("1234567", 1_234_567), ("123456789", 1_234_567),
        ]
    )
    func fractions(digits: String, ticks: Int32) throws {
        #expect(ExtractTimestamp(parsing: "2011-08-25T14:25:22.\(digits)")?.ticks == ticks)
    }

    @Test("Zone offsets normalise to UTC; no zone means UTC")
    func offsets() {
        let utc = ExtractTimestamp(parsing: "2011-08-25T14:25:23")
        #expect(ExtractTimestamp(parsing: "2011-08-25T16:25:23+02:00") == utc)
        #expect(ExtractTimestamp(parsing: "2011-08-25T09:55:23-0430") == utc)
        #expect(ExtractTimestamp(parsing: "2011-08-25T14:25:23z") == utc)
        #expect(ExtractTimestamp(parsing: " 2011-08-25T14:25:23Z\n") == utc)
    }

    @Test(
        "Rejects malformed text",
        arguments: [
            "", "2011-08-25", "2011-08-25T14:25", "11-08-25T14:25:22", "2011-08-25T24:00:00", "2011-08-25T14:60:00",
            "2011-02-29T00:00:00", "2011-08-25T14:25:22.", "2011-08-25T14:25:22Q", "2011-08-25T14:25:22+2",
            "２０１１-08-25T14:25:22",
        ]
    )
    func rejects(text: String) {
        #expect(ExtractTimestamp(parsing: text) == nil)
    }

    @Test("Leap day and century rules")
    func leapDays() {
        #expect(ExtractTimestamp(parsing: "2024-02-29T00:00:00") != nil)
        #expect(ExtractTimestamp(parsing: "2000-02-29T00:00:00") != nil)
        #expect(ExtractTimestamp(parsing: "1900-02-29T00:00:00") == nil)
    }

    @Test("Canonical and alternative output forms")
    func formatting() throws {
        let t = try #require(ExtractTimestamp(parsing: "2011-08-25T14:25:22.5800"))
        #expect(t.formatted() == "2011-08-25T14:25:22.58")
        #expect(t.description == "2011-08-25T14:25:22.58")
        #expect(t.formatted(.zulu) == "2011-08-25T14:25:22.58Z")
        #expect(t.formatted(.wholeSeconds) == "2011-08-25T14:25:22")
        #expect(ExtractTimestamp(secondsSince1970: 0).formatted() == "1970-01-01T00:00:00")
        #expect(ExtractTimestamp(secondsSince1970: -1, ticks: 1).formatted() == "1969-12-31T23:59:59.0000001")
    }

    @Test("Format → parse is the identity across many instants")
    func formatParseIdentity() {
        var seconds: Int64 = -2_000_000_000
        while seconds < 4_000_000_000 {
            let t = ExtractTimestamp(secondsSince1970: seconds, ticks: seconds % 9_999_999)
            #expect(ExtractTimestamp(parsing: t.formatted()) == t)
            #expect(ExtractTimestamp(parsing: t.formatted(.zulu)) == t)
            seconds += 86_399_937
        }
    }

    @Test("Non-finite or extreme dates do not trap")
    func extremeDates() {
        #expect(ExtractTimestamp(Date(timeIntervalSince1970: .nan)) == ExtractTimestamp(secondsSince1970: 0))
        #expect(ExtractTimestamp(Date(timeIntervalSince1970: .infinity)) == ExtractTimestamp(secondsSince1970: 0))
        #expect(ExtractTimestamp(Date.distantFuture).secondsSince1970 > 0)
    }

    @Test("Date conversion and ordering")
    func dates() throws {
        let date = Date(timeIntervalSince1970: 1_314_282_323.537)
        let t = ExtractTimestamp(date)
        #expect(t.secondsSince1970 == 1_314_282_323)
        #expect(t.ticks == 5_370_000)
        #expect(abs(t.date.timeIntervalSince(date)) < 0.000_001)
        #expect(ExtractTimestamp(secondsSince1970: 1) < ExtractTimestamp(secondsSince1970: 1, ticks: 1))
        #expect(
            ExtractTimestamp(secondsSince1970: 0, ticks: 15_000_000)
                == ExtractTimestamp(secondsSince1970: 1, ticks: 5_000_000)
        )
        #expect(ExtractTimestamp(year: 2011, month: 2, day: 29, hour: 0, minute: 0, second: 0) == nil)
    }
}
