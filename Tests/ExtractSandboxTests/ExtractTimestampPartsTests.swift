import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// The sandbox's timestamps (job files, seeded reports) take their calendar fields from ExtractAPI's
/// `civilFromDays`: they equal the Gregorian calendar's in UTC, over seeded random instants from 1900 to 2400
/// and the edges of days, months, leap years and the epoch.
@Suite struct ExtractTimestampPartsTests {
    static func expected(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    @Test func theFieldsAreTheGregorianCalendarsInUTC() {
        var generator = SeededRandomNumberGenerator(seed: 20_261_130)
        let edges: [TimeInterval] = [
            -1, 0, 1, 86_399, 86_400, 951_782_399, 951_782_400, 951_868_800, 4_107_542_400, -2_208_988_800,
        ]
        let random = (0..<2_000).map { _ in
            TimeInterval(Int64.random(in: -2_208_988_800...13_569_465_600, using: &generator))
        }
        for seconds in edges + random {
            let date = Date(timeIntervalSince1970: seconds)
            let parts = ExtractTimestampParts(date)
            let want = Self.expected(date)
            #expect(
                [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second]
                    == [want.year, want.month, want.day, want.hour, want.minute, want.second],
                "\(seconds)"
            )
        }
    }
}
