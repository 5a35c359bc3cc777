/// A calendar date (year, month, day) with no time and no time zone, as SAE dates are.
///
/// ```swift
/// let date = try CalendarDate(parsing: "2019-02-01")
/// print(date)   // 2019-02-01
/// ```
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date; returns `nil` when the day does not exist in the calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The reason a date's text was refused.
    public struct ParseFailure: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

    /// Parses `YYYY-MM-DD`; ASCII spaces around it are ignored.
    public init(parsing text: some StringProtocol) throws(ParseFailure) {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { raw in Result { () throws(ParseFailure) in try CalendarDate.parse(raw) } }
        self = try result.get()
    }

    /// Parses `YYYY-MM-DD` from raw ASCII bytes.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(ParseFailure) -> CalendarDate {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        guard end - start == 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-") else {
            throw ParseFailure(description: "not a date of the form YYYY-MM-DD")
        }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(start, 4), let month = number(start + 5, 2), let day = number(start + 8, 2) else {
            throw ParseFailure(description: "not a date of the form YYYY-MM-DD")
        }
        guard let date = CalendarDate(year: year, month: month, day: day) else {
            throw ParseFailure(description: "no such calendar date")
        }
        return date
    }

    /// ``isPlainValid(_:)`` for the ten bytes at `start`, read as one 16-byte vector: the digits and the two
    /// dashes are found with two compares, then the numbers are read. At least 16 bytes must be readable from
    /// `start` (the six past the date are ignored).
    @inline(__always)
    static func isPlainValid16(_ start: UnsafeRawPointer) -> Bool {
        let bytes = start.loadUnaligned(as: SIMD16<UInt8>.self)
        let digits = SAEStructuralIndex.digitMask(bytes) & 0x3FF
        let dashes = SAEStructuralIndex.movemask(bytes .== SIMD16<UInt8>(repeating: 0x2D)) & 0x3FF
        // Digits at 0-3, 5-6 and 8-9; dashes at 4 and 7.
        guard digits == 0b11_0110_1111, dashes == 0b00_1001_0000 else { return false }
        // All digits, so the ranges are compares of the ASCII text read big-endian: the year is not 0000, the
        // month "01"..."12" (0x3031...0x3132), the day "01"..."28" (0x3031...0x3238).
        let year = start.loadUnaligned(as: UInt32.self)
        let month = UInt16(bigEndian: start.loadUnaligned(fromByteOffset: 5, as: UInt16.self))
        let day = UInt16(bigEndian: start.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        return year != 0x3030_3030 && month &- 0x3031 <= 0x0101 && day &- 0x3031 <= 0x0207
    }

    /// `true` for a plain `YYYY-MM-DD` whose day is at most 28 (valid in every month); anything else is for
    /// ``parse(_:)`` to settle.
    @inline(__always)
    static func isPlainValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        // Unrolled: a loop over an array literal of the indices costs an array on every call.
        guard bytes[0] &- 0x30 < 10, bytes[1] &- 0x30 < 10, bytes[2] &- 0x30 < 10, bytes[3] &- 0x30 < 10,
            bytes[5] &- 0x30 < 10, bytes[6] &- 0x30 < 10, bytes[8] &- 0x30 < 10, bytes[9] &- 0x30 < 10
        else { return false }
        let year =
            Int(bytes[0] &- 0x30) * 1000 + Int(bytes[1] &- 0x30) * 100 + Int(bytes[2] &- 0x30) * 10
            + Int(bytes[3] &- 0x30)
        let month = Int(bytes[5] &- 0x30) * 10 + Int(bytes[6] &- 0x30)
        let day = Int(bytes[8] &- 0x30) * 10 + Int(bytes[9] &- 0x30)
        return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 28
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        guard (0...9999).contains(year) else {
            func pad(_ value: Int, _ width: Int) -> String {
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }
        // Ten ASCII bytes written in place: a small string, no allocation (this runs for every line loaded).
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, at start: Int, width: Int) {
                var value = value
                for index in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, at: 0, width: 4)
            buffer[4] = UInt8(ascii: "-")
            put(month, at: 5, width: 2)
            buffer[7] = UInt8(ascii: "-")
            put(day, at: 8, width: 2)
            return 10
        }
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try CalendarDate(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text): \(error)")
        }
    }
}
