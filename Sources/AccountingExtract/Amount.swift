/// An exact amount of money with four decimal places, stored as a signed count of ten-thousandths.
///
/// Never a `Double`: amounts are parsed from their digit strings and summed with overflow checks.
///
/// ```swift
/// let a = try Amount(parsing: "+600.1100")
/// let b = try Amount(parsing: "-0.5")
/// print((a + b).formatted())                 // 599.6100
/// print(a.formatted(explicitSign: true))     // +600.1100
/// ```
public struct Amount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value in ten-thousandths of the currency unit.
    public var tenThousandths: Int64

    /// The number of decimal places every amount carries.
    public static let scale = 4
    static let unit: Int64 = 10_000

    public static let zero = Amount(tenThousandths: 0)

    public init(tenThousandths: Int64) {
        self.tenThousandths = tenThousandths
    }

    /// An amount of whole units and ten-thousandths, e.g. `Amount(units: 12, fraction: 3400)` is 12.3400.
    public init(units: Int64, fraction: Int64 = 0) {
        self.tenThousandths = units * Self.unit + (units < 0 ? -fraction : fraction)
    }

    /// The reason an amount's text was refused.
    public enum ParseFailure: Error, Sendable, Hashable, CustomStringConvertible {
        case empty
        case invalidCharacter
        case tooManyDecimals
        case overflow

        public var description: String {
            switch self {
            case .empty: "empty amount"
            case .invalidCharacter: "not a decimal number of the form [+-]digits[.digits]"
            case .tooManyDecimals: "more than 4 decimal places"
            case .overflow: "amount too large"
            }
        }
    }

    /// Parses `[+-]?digits[.digits{1,4}]`; ASCII spaces around the number are ignored.
    public init(parsing text: some StringProtocol) throws(ParseFailure) {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { raw in Result { () throws(ParseFailure) in try Amount.parse(raw) } }
        self = try result.get()
    }

    /// Parses an amount from raw ASCII bytes without creating a `String`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(ParseFailure) -> Amount {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        guard start < end else { throw .empty }
        var negative = false
        if bytes[start] == UInt8(ascii: "+") || bytes[start] == UInt8(ascii: "-") {
            negative = bytes[start] == UInt8(ascii: "-")
            start += 1
        }
        var integer: Int64 = 0
        var digits = 0
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") { break }
            let digit = byte &- 0x30
            guard digit < 10 else { throw .invalidCharacter }
            // 18 digits always fit; beyond that, check.
            if digits >= 14 {
                let (m, o1) = integer.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(digit))
                if o1 || o2 { throw .overflow }
                integer = s
            } else {
                integer = integer &* 10 &+ Int64(digit)
            }
            digits += 1
            index += 1
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if index < end {
            index += 1  // the dot
            guard index < end else { throw .invalidCharacter }
            while index < end {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { throw .invalidCharacter }
                fractionDigits += 1
                guard fractionDigits <= scale else { throw .tooManyDecimals }
                fraction = fraction &* 10 &+ Int64(digit)
                index += 1
            }
        }
        guard digits > 0 || fractionDigits > 0 else { throw .invalidCharacter }
        for _ in fractionDigits..<scale { fraction &*= 10 }
        let (scaled, o1) = integer.multipliedReportingOverflow(by: unit)
        let (value, o2) = scaled.addingReportingOverflow(fraction)
        if o1 || o2 { throw .overflow }
        return Amount(tenThousandths: negative ? -value : value)
    }

    /// ``isPlainValid(_:)`` for a value of at most 16 bytes at `start`, read as one 16-byte vector: every byte is
    /// a digit, the one dot or a leading sign, found with two compares. At least 16 bytes must be readable from
    /// `start` (the bytes past `count` are ignored): the typed checks call it for fields followed by 16 more.
    @inline(__always)
    static func isPlainValid16(_ start: UnsafeRawPointer, count: Int) -> Bool {
        let bytes = start.loadUnaligned(as: SIMD16<UInt8>.self)
        let digits = SAEStructuralIndex.digitMask(bytes)
        let dots = SAEStructuralIndex.movemask(bytes .== SIMD16<UInt8>(repeating: 0x2E))
        let inField = UInt32(truncatingIfNeeded: (1 &<< count) &- 1)
        let first = bytes[0]
        let sign: UInt32 = first == UInt8(ascii: "+") || first == UInt8(ascii: "-") ? 1 : 0
        guard count >= 1, count <= 16, (digits | dots | sign) & inField == inField else { return false }
        let signs = Int(sign)
        let fieldDots = dots & inField
        if fieldDots == 0 { return count &- signs >= 1 && count &- signs <= 14 }
        guard fieldDots & (fieldDots &- 1) == 0 else { return false }
        let dot = fieldDots.trailingZeroBitCount
        let integerDigits = dot &- signs
        let fractionDigits = count &- dot &- 1
        return integerDigits >= 1 && integerDigits <= 14 && fractionDigits >= 1 && fractionDigits <= scale
    }

    /// The value of a field ``isPlainValid16(_:count:)`` accepts, read with ``PlainDigits``: the same bytes must
    /// be readable (`count` + 16 from `start`).
    @inline(__always)
    static func plainValue16(_ start: UnsafeRawPointer, count: Int) -> Amount {
        let first = start.load(as: UInt8.self)
        let signs = first == UInt8(ascii: "+") || first == UInt8(ascii: "-") ? 1 : 0
        let inField = UInt32(truncatingIfNeeded: (1 &<< count) &- 1)
        let dots =
            SAEStructuralIndex.movemask(start.loadUnaligned(as: SIMD16<UInt8>.self) .== SIMD16(repeating: 0x2E))
            & inField
        let dot = dots == 0 ? count : dots.trailingZeroBitCount
        let integer = PlainDigits.value(start + signs, count: dot &- signs)
        let fractionDigits = dots == 0 ? 0 : count &- dot &- 1
        var fraction = PlainDigits.value8(start + (dot &+ 1), count: fractionDigits)
        for _ in fractionDigits..<scale { fraction &*= 10 }
        let value = Int64(truncatingIfNeeded: integer &* UInt64(unit) &+ fraction)
        return Amount(tenThousandths: first == UInt8(ascii: "-") ? -value : value)
    }

    /// `true` for the common, plain form `[+-]?digits[.digits{1,4}]` with at most 14 integer digits (so it
    /// cannot overflow). Anything else — spaces, long numbers, errors — is for ``parse(_:)`` to settle.
    @inline(__always)
    static func isPlainValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var index = 0
        if count > 0, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") { index = 1 }
        let integerStart = index
        while index < count, bytes[index] &- 0x30 < 10 { index += 1 }
        let integerDigits = index - integerStart
        guard integerDigits > 0, integerDigits <= 14 else { return false }
        if index == count { return true }
        guard bytes[index] == UInt8(ascii: ".") else { return false }
        index += 1
        let fractionStart = index
        while index < count, bytes[index] &- 0x30 < 10 { index += 1 }
        let fractionDigits = index - fractionStart
        return index == count && fractionDigits >= 1 && fractionDigits <= scale
    }

    /// The amount with four decimals, `.` as separator and no grouping.
    /// - Parameter explicitSign: write `+` for zero and positive amounts (as field 169 does).
    public func formatted(explicitSign: Bool = false) -> String {
        let negative = tenThousandths < 0
        let magnitude = tenThousandths.magnitude
        let units = magnitude / UInt64(Self.unit)
        let fraction = magnitude % UInt64(Self.unit)
        var fractionText = String(fraction)
        while fractionText.utf8.count < Self.scale { fractionText = "0" + fractionText }
        let sign = negative ? "-" : (explicitSign ? "+" : "")
        return "\(sign)\(units).\(fractionText)"
    }

    public var description: String { formatted() }

    public var isNegative: Bool { tenThousandths < 0 }
    public var isZero: Bool { tenThousandths == 0 }
    public var magnitude: Amount {
        Amount(
            tenThousandths: tenThousandths.magnitude > UInt64(Int64.max) ? Int64.max : Int64(tenThousandths.magnitude)
        )
    }

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.tenThousandths < rhs.tenThousandths }

    /// Adds, reporting overflow instead of trapping.
    public func adding(_ other: Amount) -> Amount? {
        let (sum, overflow) = tenThousandths.addingReportingOverflow(other.tenThousandths)
        return overflow ? nil : Amount(tenThousandths: sum)
    }

    /// Adds; traps on overflow (amounts that large are not money). Use ``adding(_:)`` on untrusted totals.
    public static func + (lhs: Amount, rhs: Amount) -> Amount {
        Amount(tenThousandths: lhs.tenThousandths + rhs.tenThousandths)
    }

    public static func - (lhs: Amount, rhs: Amount) -> Amount {
        Amount(tenThousandths: lhs.tenThousandths - rhs.tenThousandths)
    }

    public static prefix func - (value: Amount) -> Amount {
        Amount(tenThousandths: -value.tenThousandths)
    }

    public static func += (lhs: inout Amount, rhs: Amount) { lhs = lhs + rhs }
    public static func -= (lhs: inout Amount, rhs: Amount) { lhs = lhs - rhs }
}

extension Amount: Codable {
    /// Encodes as a decimal string with four places, so no consumer reads it as a binary float.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(formatted())
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Amount(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text): \(error)")
        }
    }
}
