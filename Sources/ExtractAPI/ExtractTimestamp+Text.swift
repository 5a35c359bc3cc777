extension ExtractTimestamp {
    /// A written form of a timestamp.
    public enum Style: Sendable, Hashable {
        /// `2011-08-25T14:25:22.58`: fraction with trailing zeros dropped, no zone (canonical emulator output).
        case unzoned
        /// `2011-08-25T14:25:22.58Z`: as ``unzoned`` plus `Z`.
        case zulu
        /// `2024-05-02T09:15:00`: whole seconds, no zone (the `Server-Time` of an error body).
        case wholeSeconds
    }

    /// Parses any accepted form (see ``ExtractTimestamp``); surrounding whitespace is ignored.
    ///
    /// ```swift
    /// ExtractTimestamp(parsing: "2010-01-13T18:30:02Z")        // UTC
    /// ExtractTimestamp(parsing: "2010-01-12T18:30:01")         // no zone: UTC
    /// ExtractTimestamp(parsing: "2011-08-25T14:25:23.537")     // fraction
    /// ExtractTimestamp(parsing: "2011-08-25T16:25:23+02:00")   // offset, normalised to UTC
    /// ```
    public init?(parsing text: some StringProtocol) {
        var scanner = Scanner(Array(text.utf8))
        scanner.skipSpaces()
        guard let year = scanner.digits(4), scanner.take(UInt8(ascii: "-")),
            let month = scanner.digits(2), scanner.take(UInt8(ascii: "-")),
            let day = scanner.digits(2), scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t")),
            let hour = scanner.digits(2), scanner.take(UInt8(ascii: ":")),
            let minute = scanner.digits(2), scanner.take(UInt8(ascii: ":")),
            let second = scanner.digits(2)
        else { return nil }
        var ticks = 0
        if scanner.take(UInt8(ascii: ".")) {
            var count = 0
            while let digit = scanner.digit() {
                if count < 7 { ticks = ticks * 10 + digit }
                count += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<max(count, 7) { ticks *= 10 }
        }
        var offsetSeconds = 0
        if scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
            offsetSeconds = 0
        } else if let sign = scanner.sign() {
            guard let hours = scanner.digits(2) else { return nil }
            _ = scanner.take(UInt8(ascii: ":"))
            guard let minutes = scanner.digits(2), hours <= 23, minutes <= 59 else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        scanner.skipSpaces()
        guard scanner.isAtEnd,
            let local = ExtractTimestamp(
                year: year,
                month: month,
                day: day,
                hour: hour,
                minute: minute,
                second: second,
                ticks: ticks
            )
        else { return nil }
        self.init(secondsSince1970: local.secondsSince1970 - Int64(offsetSeconds), ticks: Int64(local.ticks))
    }

    /// The timestamp written in `style` (UTC).
    ///
    /// ```swift
    /// let t = ExtractTimestamp(parsing: "2011-08-25T14:25:22.580")
    /// t?.formatted()               // 2011-08-25T14:25:22.58
    /// t?.formatted(.zulu)          // 2011-08-25T14:25:22.58Z
    /// t?.formatted(.wholeSeconds)  // 2011-08-25T14:25:22
    /// ```
    public func formatted(_ style: Style = .unzoned) -> String {
        formatted(style, fractionDigits: nil)
    }

    /// The timestamp written in `style` with exactly `fractionDigits` fraction digits (0–7, truncated
    /// toward the past, trailing zeros kept; 0 writes none); `nil` writes the fraction with trailing
    /// zeros dropped, as ``formatted(_:)``. ``Style/wholeSeconds`` never writes a fraction.
    ///
    /// ```swift
    /// let t = ExtractTimestamp(parsing: "2011-08-25T14:25:22.58")
    /// t?.formatted(.zulu, fractionDigits: 0)    // 2011-08-25T14:25:22Z
    /// t?.formatted(.unzoned, fractionDigits: 4) // 2011-08-25T14:25:22.5800
    /// ```
    public func formatted(_ style: Style, fractionDigits: Int?) -> String {
        let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
        let secondOfDay = Int(secondsSince1970 - days * 86_400)
        let (year, month, day) = Self.civilFromDays(Int(days))
        var text = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        text += "T" + Self.pad(secondOfDay / 3600, 2) + ":" + Self.pad(secondOfDay / 60 % 60, 2)
        text += ":" + Self.pad(secondOfDay % 60, 2)
        if style != .wholeSeconds, let digits = fractionDigits {
            if digits > 0 { text += "." + Self.pad(Int(ticks), 7).prefix(min(digits, 7)) }
        } else if style != .wholeSeconds, ticks != 0 {
            var fraction = Self.pad(Int(ticks), 7)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        if style == .zulu { text += "Z" }
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A cursor over ASCII bytes for the timestamp grammar.
private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    mutating func skipSpaces() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int? {
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - UInt8(ascii: "0"))
    }

    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    mutating func sign() -> Int? {
        if take(UInt8(ascii: "+")) { return 1 }
        if take(UInt8(ascii: "-")) { return -1 }
        return nil
    }
}
