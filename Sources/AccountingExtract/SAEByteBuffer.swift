import CSIMDSupport

/// A growable byte buffer in raw memory, owned by an ``SAEWriter`` (which deallocates it): appends are a bounds
/// check and a copy, with no copy-on-write check or reference count per byte or field.
struct SAEByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    /// The bytes appended so far.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    /// Forgets the bytes from `start` on.
    mutating func removeAll(from start: Int = 0) { count = min(count, start) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ source: UnsafeRawBufferPointer) {
        guard let start = source.baseAddress, !source.isEmpty else { return }
        reserve(source.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: start, byteCount: source.count)
        count += source.count
    }

    /// Appends `repeated` pipes (none when it is 0 or less): 16 at a time, stored as a vector, rather than a
    /// `memset` call for the few empty fields between two written ones.
    @inline(__always)
    mutating func appendPipes(_ repeated: Int) {
        guard repeated > 0 else { return }
        reserve(repeated &+ 16)
        let pipes = SIMD16<UInt8>(repeating: SAELineParser.pipe)
        var target = UnsafeMutableRawPointer(base + count)
        var left = repeated
        while true {
            target.storeBytes(of: pipes, as: SIMD16<UInt8>.self)
            if left <= 16 { break }
            target += 16
            left &-= 16
        }
        count &+= repeated
    }

    /// The two ASCII digits of `value` (0 to 99) as a little-endian pair, ready to store.
    @inline(__always)
    static func digitPair(_ value: UInt32) -> UInt16 {
        let tens = (value &* 103) >> 10  // value / 10 for value < 100
        let ones = value &- tens &* 10
        return UInt16(truncatingIfNeeded: 0x30 &+ tens) | UInt16(truncatingIfNeeded: 0x30 &+ ones) << 8
    }

    /// Appends the decimal digits of `value`, left-padded with zeros to `minimumWidth` (at most 20), as
    /// `String(value)` writes them: two digits at a time, straight into the buffer.
    @inline(__always)
    mutating func appendDecimal(_ value: UInt64, minimumWidth: Int) {
        var width = 1
        var bound: UInt64 = 10
        while value >= bound {
            width &+= 1
            if width == 20 { break }
            bound &*= 10
        }
        width = max(width, minimumWidth)
        reserve(width)
        let start = UnsafeMutableRawPointer(base + count)
        var end = start + width
        var rest = value
        while rest >= 100 {
            let pair = UInt32(truncatingIfNeeded: rest % 100)
            rest /= 100
            end -= 2
            end.storeBytes(of: Self.digitPair(pair), as: UInt16.self)
        }
        if rest >= 10 {
            end -= 2
            end.storeBytes(of: Self.digitPair(UInt32(truncatingIfNeeded: rest)), as: UInt16.self)
        } else {
            end -= 1
            end.storeBytes(of: 0x30 &+ UInt8(truncatingIfNeeded: rest), as: UInt8.self)
        }
        while end > start {
            end -= 1
            end.storeBytes(of: UInt8(ascii: "0"), as: UInt8.self)
        }
        count &+= width
    }

    /// Appends `.` and the four decimals of an amount's fraction (`fraction` below 10,000).
    @inline(__always)
    mutating func appendFraction(_ fraction: UInt32) {
        reserve(5)
        let target = UnsafeMutableRawPointer(base + count)
        target.storeBytes(of: UInt8(ascii: "."), as: UInt8.self)
        let high = fraction / 100
        target.storeBytes(of: Self.digitPair(high), toByteOffset: 1, as: UInt16.self)
        target.storeBytes(of: Self.digitPair(fraction &- high &* 100), toByteOffset: 3, as: UInt16.self)
        count &+= 5
    }

    /// Appends `YYYY-MM-DD` (`year` below 10,000; `month` and `day` below 100).
    @inline(__always)
    mutating func appendDate(year: UInt32, month: Int, day: Int) {
        reserve(10)
        let target = UnsafeMutableRawPointer(base + count)
        let century = year / 100
        target.storeBytes(of: Self.digitPair(century), as: UInt16.self)
        target.storeBytes(of: Self.digitPair(year &- century &* 100), toByteOffset: 2, as: UInt16.self)
        target.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 4, as: UInt8.self)
        target.storeBytes(of: Self.digitPair(UInt32(truncatingIfNeeded: month)), toByteOffset: 5, as: UInt16.self)
        target.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 7, as: UInt8.self)
        target.storeBytes(of: Self.digitPair(UInt32(truncatingIfNeeded: day)), toByteOffset: 8, as: UInt16.self)
        count &+= 10
    }

    enum Encoded { case plain, quoted, lineBreak }

    /// Appends a value's UTF-8 bytes in SAE form, quoted only where it holds `|` or `"` (the rule of
    /// `SAERecord.appendEncoded`); appends nothing and returns `.lineBreak` when it holds CR or LF.
    ///
    /// The value is copied first and the copy searched for `|`, `"`, CR and LF 16 bytes at a time with vector
    /// compares (the buffer keeps 16 bytes of room past the value, so the last load stays inside it; the bytes past
    /// the value are masked off). A value holding one of them, rare in practice, is written again by
    /// ``appendQuotedOrRefused(_:)``.
    @inline(__always)
    mutating func appendEncoded(_ source: UnsafeBufferPointer<UInt8>) -> Encoded {
        guard let start = source.baseAddress, !source.isEmpty else { return .plain }
        let length = source.count
        reserve(length &+ 16)
        let target = base + count
        target.update(from: start, count: length)
        let pipe = SIMD16<UInt8>(repeating: SAELineParser.pipe)
        let quote = SIMD16<UInt8>(repeating: SAELineParser.quote)
        let lineFeed = SIMD16<UInt8>(repeating: 0x0A)
        let carriageReturn = SIMD16<UInt8>(repeating: 0x0D)
        var offset = 0
        while offset < length {
            let bytes = UnsafeRawPointer(target + offset).loadUnaligned(as: SIMD16<UInt8>.self)
            let special = (bytes .== pipe) .| (bytes .== quote) .| (bytes .== lineFeed) .| (bytes .== carriageReturn)
            var hits = csimd_movemask16(unsafeBitCast(special, to: SIMD16<UInt8>.self))
            let left = length &- offset
            if left < 16 { hits &= (UInt32(1) << UInt32(truncatingIfNeeded: left)) &- 1 }
            if hits != 0 { return appendQuotedOrRefused(source) }
            offset &+= 16
        }
        count &+= length
        return .plain
    }

    /// The rare value that holds `|`, `"`, CR or LF: quoted (its quotes doubled), or refused for a line break.
    private mutating func appendQuotedOrRefused(_ source: UnsafeBufferPointer<UInt8>) -> Encoded {
        for byte in source where byte == 0x0A || byte == 0x0D { return .lineBreak }
        reserve(source.count * 2 + 2)
        append(SAELineParser.quote)
        for byte in source {
            base[count] = byte
            count += 1
            if byte == SAELineParser.quote {
                base[count] = byte
                count += 1
            }
        }
        append(SAELineParser.quote)
        return .quoted
    }
}
