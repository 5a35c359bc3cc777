/// Fast, allocation-free access to a line's fields, for the hot paths (checks and tallies).
///
/// A view is valid only inside ``SAERecord/withFieldView(_:)``, or, for a view the reader lends while checking a
/// file (``SAEReader/nextBorrowed()``), until the reader's next call: it points into the reader's buffer, so the
/// checking path copies no line. Quoted fields are reported as such, so callers take the slow, unquoting path
/// for them (they are rare, and never hold numbers or dates in practice); the slow paths that need a whole
/// record make one with ``record()``.
struct SAEFieldView {
    let base: UnsafeRawPointer
    let bounds: UnsafePointer<UInt32>
    let fieldCount: Int
    /// The 1-based physical line.
    let lineNumber: Int

    /// An owned copy of the line, for the slow paths (an error, a quoted value) and for ``SAEReader/next()``.
    func record() -> SAERecord {
        let length = Int(bounds[fieldCount] & ~SAELineParser.quotedFlag) - 1
        return SAERecord(
            lineNumber: lineNumber,
            rawLine: Array(UnsafeRawBufferPointer(start: base, count: length)),
            bounds: Array(UnsafeBufferPointer(start: bounds, count: fieldCount + 1))
        )
    }

    /// The text of a 1-based field, unquoted ("" beyond the line).
    subscript(number: Int) -> String {
        let field = raw(number)
        guard isQuoted(number) else { return String(decoding: field, as: UTF8.self) }
        return String(decoding: SAERecord.unquote(ArraySlice(field)), as: UTF8.self)
    }

    /// The text of a field, unquoted.
    subscript(field: SAEField) -> String { self[field.number] }

    /// The raw bytes of a 1-based field (quotes included); empty beyond the line.
    @inline(__always)
    func raw(_ number: Int) -> UnsafeRawBufferPointer {
        guard number >= 1, number <= fieldCount else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let start = Int(bounds[number - 1] & ~SAELineParser.quotedFlag)
        let end = Int(bounds[number] & ~SAELineParser.quotedFlag) - 1
        return UnsafeRawBufferPointer(start: base + start, count: end - start)
    }

    @inline(__always)
    func isQuoted(_ number: Int) -> Bool {
        number >= 1 && number <= fieldCount && bounds[number - 1] & SAELineParser.quotedFlag != 0
    }

    /// `true` when an unquoted field's bytes equal `bytes`.
    @inline(__always)
    func equals(_ number: Int, _ bytes: [UInt8]) -> Bool {
        guard !isQuoted(number) else { return false }
        let field = raw(number)
        guard field.count == bytes.count else { return false }
        return bytes.withUnsafeBytes { other in
            guard let a = field.baseAddress, let b = other.baseAddress else { return field.count == 0 }
            return memcmp(a, b, field.count) == 0
        }
    }

    /// `true` when `bytes` are all ASCII and equal `lowercased` (ASCII lower case) regardless of case.
    @inline(__always)
    static func equalsIgnoringASCIICase(_ bytes: UnsafeRawBufferPointer, _ lowercased: [UInt8]) -> Bool {
        guard bytes.count == lowercased.count else { return false }
        return lowercased.withUnsafeBufferPointer { other in
            var index = 0
            while index < other.count {
                let byte = bytes[index]
                let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
                if lower != other[index] || byte >= 0x80 { return false }
                index &+= 1
            }
            return true
        }
    }

    /// `true` when the field's bytes are all ASCII: eight bytes at a time.
    @inline(__always)
    func isASCII(_ number: Int) -> Bool {
        let field = raw(number)
        guard let start = field.baseAddress else { return true }
        var high: UInt64 = 0
        var index = 0
        while index &+ 8 <= field.count {
            high |= start.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index &+= 8
        }
        while index < field.count {
            high |= UInt64(field[index])
            index &+= 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// FNV-1a of the field's raw bytes.
    @inline(__always)
    func hash(_ number: Int) -> UInt64 {
        SAEFieldView.fnv1a(raw(number))
    }

    @inline(__always)
    static func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SAERecord {
    /// Calls `body` with an allocation-free view of the fields.
    @inline(__always)
    func withFieldView<R>(_ body: (SAEFieldView) throws -> R) rethrows -> R {
        try rawLine.withUnsafeBytes { line in
            try bounds.withUnsafeBufferPointer { bounds in
                // An empty line still has a base address for its bounds; use a dummy for the bytes.
                let base = line.baseAddress ?? UnsafeRawPointer(bitPattern: 0x1).unsafelyUnwrapped
                // swift-format-ignore: NeverForceUnwrap
                return try body(
                    SAEFieldView(
                        base: base,
                        bounds: bounds.baseAddress!,
                        fieldCount: bounds.count - 1,
                        lineNumber: lineNumber
                    )
                )
            }
        }
    }
}
