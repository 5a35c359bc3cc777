/// The value of a run of ASCII digits read eight at a time (SWAR: one 64-bit load and three multiplies, after
/// Lemire, "Quickly parsing eight digits"), for the plain values the checking path has already validated
/// (``Amount/isPlainValid16(_:count:)``, ``SAERecord/isPlainInteger16(_:count:)``).
///
/// ```swift
/// "20190201|".withCString { PlainDigits.value(UnsafeRawPointer($0), count: 8) }   // 20190201
/// ```
enum PlainDigits {
    /// The value of the `count` (0...8) digits at `start`; eight bytes must be readable from `start`. The bytes
    /// past the digits are shifted out before they count: the digits move to the word's top, zeros (leading
    /// zeros of the number) fill its bottom.
    @inline(__always)
    static func value8(_ start: UnsafeRawPointer, count: Int) -> UInt64 {
        guard count > 0 else { return 0 }
        // A byte below "0" past the digits borrows only from the bytes above it, which are shifted out.
        var word = UInt64(littleEndian: start.loadUnaligned(as: UInt64.self)) &- 0x3030_3030_3030_3030
        word <<= UInt64(8 &* (8 &- count))
        word = word &* 10 &+ word >> 8
        let low = (word & 0x0000_00FF_0000_00FF) &* (100 &+ 1_000_000 << 32)
        let high = ((word >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ 10_000 << 32)
        return (low &+ high) >> 32
    }

    /// The value of the `count` (0...16) digits at `start`; `max(count, 8)` bytes must be readable from `start`.
    @inline(__always)
    static func value(_ start: UnsafeRawPointer, count: Int) -> UInt64 {
        guard count > 8 else { return value8(start, count: count) }
        return value8(start, count: count &- 8) &* 100_000_000 &+ value8(start + (count &- 8), count: 8)
    }
}
