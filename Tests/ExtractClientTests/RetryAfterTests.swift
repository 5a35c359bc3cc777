import Foundation
import Testing

@testable import ExtractClient

@Suite("RetryAfter")
struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test("Delta-seconds")
    func deltaSeconds() {
        let table: [(String, Duration?)] = [
            ("0", .zero), ("120", .seconds(120)), (" 7 ", .seconds(7)),
            ("99999999999999999999999", .seconds(Int64.max)),
            ("-5", nil), ("1.5", nil), ("", nil), ("soon", nil), ("12a", nil), ("٣", nil),
        ]
        for (text, expected) in table {
            #expect(RetryAfter.delay(from: text, now: now) == expected, "\(text)")
        }
    }

    @Test("HTTP-date in all three forms, case-insensitive month, past dates give zero")
    func httpDates() {
        let table: [(String, Duration?)] = [
            ("Sun, 06 Nov 1994 08:49:37 GMT", .zero),
            ("Sun, 06 Nov 1994 08:50:37 GMT", .seconds(60)),
            ("Sun, 06 NOV 1994 09:49:37 GMT", .seconds(3600)),
            ("Sunday, 06-Nov-94 08:51:37 GMT", .seconds(120)),
            ("Sun Nov  6 08:49:47 1994", .seconds(10)),
            ("Sat, 05 Nov 1994 08:49:37 GMT", .zero),
            ("Sun, 06 Nov 1994 08:49:37 UTC", nil),
            ("Sun, 31 Feb 1994 08:49:37 GMT", nil),
            ("Sun, 06 Nov 1994 8:49:37 GMT", nil),
            ("Sun, 06 Foo 1994 08:49:37 GMT", nil),
            ("Sun, 06 Nov 94 08:49:37 GMT", nil),
        ]
        for (text, expected) in table {
            #expect(RetryAfter.delay(from: text, now: now) == expected, "\(text)")
        }
        #expect(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == now)
    }
}
