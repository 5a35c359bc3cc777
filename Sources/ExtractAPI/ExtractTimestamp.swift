public import Foundation

/// A UTC instant as the Extract API writes it, exact to 100 ns (seven fraction digits, the most the
/// service emits), so it survives encode → decode unchanged and compares exactly.
///
/// Accepted input forms (§8 of the contract): `yyyy-MM-ddTHH:mm:ss` with an optional fraction of any
/// number of digits (kept to 7, the rest truncated) and an optional `Z` or `±hh:mm` (`±hhmm`) zone.
/// A value without a zone is UTC. Parsing and formatting use no locale or calendar object.
///
/// The canonical output (``Style/unzoned``) is `yyyy-MM-ddTHH:mm:ss` plus the fraction with trailing
/// zeros dropped and no zone, e.g. `2011-08-25T14:25:22.58`.
///
/// ```swift
/// let start = ExtractTimestamp(parsing: "2011-08-25T14:25:22.58")
/// print(start?.formatted(.zulu) ?? "-")   // 2011-08-25T14:25:22.58Z
/// let now = ExtractTimestamp(Date())
/// ```
public struct ExtractTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public let secondsSince1970: Int64
    /// The fraction of the second in 100 ns ticks, `0..<10_000_000`.
    public let ticks: Int32

    /// Ticks per second (100 ns resolution).
    public static let ticksPerSecond: Int64 = 10_000_000

    /// An instant from whole seconds and 100 ns ticks; ticks outside `0..<10_000_000` carry into seconds.
    public init(secondsSince1970: Int64, ticks: Int64 = 0) {
        let carry = ticks >= 0 ? ticks / Self.ticksPerSecond : (ticks - Self.ticksPerSecond + 1) / Self.ticksPerSecond
        self.secondsSince1970 = secondsSince1970 + carry
        self.ticks = Int32(ticks - carry * Self.ticksPerSecond)
    }

    /// The instant of `date`, rounded to the nearest 100 ns (clamped to ±9×10¹⁸ ticks; a non-finite
    /// date gives the epoch).
    public init(_ date: Date) {
        let total = (date.timeIntervalSince1970 * Double(Self.ticksPerSecond)).rounded()
        let clamped = total.isFinite ? Int64(max(min(total, 9.0e18), -9.0e18)) : 0
        self.init(secondsSince1970: 0, ticks: clamped)
    }

    /// A UTC calendar time; `nil` when a component is out of range.
    ///
    /// ```swift
    /// let t = ExtractTimestamp(year: 2010, month: 1, day: 13, hour: 18, minute: 30, second: 2)
    /// ```
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, ticks: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0..<Int(Self.ticksPerSecond)).contains(ticks)
        else { return nil }
        let days = Int64(Self.daysFromCivil(year: year, month: month, day: day))
        self.init(
            secondsSince1970: days * 86_400 + Int64(hour * 3600 + minute * 60 + second),
            ticks: Int64(ticks)
        )
    }

    /// The instant as a `Date` (to `Double` precision).
    public var date: Date {
        Date(timeIntervalSince1970: Double(secondsSince1970) + Double(ticks) / Double(Self.ticksPerSecond))
    }

    public static func < (lhs: ExtractTimestamp, rhs: ExtractTimestamp) -> Bool {
        (lhs.secondsSince1970, lhs.ticks) < (rhs.secondsSince1970, rhs.ticks)
    }

    /// The canonical form, ``Style/unzoned``.
    public var description: String { formatted(.unzoned) }

    // MARK: Civil calendar (proleptic Gregorian, H. Hinnant's algorithms)

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`); the sandbox
    /// writes its timestamps with it too.
    package static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
