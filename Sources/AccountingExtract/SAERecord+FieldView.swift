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

    /// `true` when sixteen bytes can be read past the start of field `number`'s value of at most sixteen: sixteen
    /// more fields follow it, so at least their sixteen delimiters. The vector checks read a value so.
    @inline(__always)
    func readsSixteen(after number: Int) -> Bool {
        number &+ 16 <= fieldCount
    }

    @inline(__always)
    func isQuoted(_ number: Int) -> Bool {
        number >= 1 && number <= fieldCount && bounds[number - 1] & SAELineParser.quotedFlag != 0
    }

    /// `true` when an unquoted field's bytes equal `bytes`.
    @inline(__always)
    func equals(_ number: Int, _ bytes: [UInt8]) -> Bool {
        guard !isQuoted(number) else { return false }
        return bytes.withUnsafeBytes { SAEFieldView.bytesEqual(raw(number), $0) }
    }

    /// The amount in an unquoted field, or `nil` when it holds none: a plain value (the usual one) is read with
    /// vectors and ``PlainDigits``, anything else with ``Amount/parse(_:)``.
    @inline(__always)
    func amount(_ number: Int) -> Amount? {
        let field = raw(number)
        if let start = field.baseAddress, readsSixteen(after: number), field.count <= 16,
            Amount.isPlainValid16(start, count: field.count)
        {
            return Amount.plainValue16(start, count: field.count)
        }
        return try? Amount.parse(field)
    }

    /// The integer in an unquoted field, or `nil` (``SAERecord/parseInteger(_:)``): a run of up to 16 digits is
    /// read with vectors and ``PlainDigits``.
    @inline(__always)
    func integer(_ number: Int) -> Int? {
        let field = raw(number)
        if let start = field.baseAddress, readsSixteen(after: number),
            SAERecord.isPlainInteger16(start, count: field.count)
        {
            return Int(truncatingIfNeeded: PlainDigits.value(start, count: field.count))
        }
        return SAERecord.parseInteger(field)
    }

    /// `true` when an unquoted field's bytes are `text`'s (a literal: no array, so no lazily initialised global, to
    /// load on every line).
    @inline(__always)
    func equals(_ number: Int, _ text: StaticString) -> Bool {
        guard !isQuoted(number) else { return false }
        return SAEFieldView.bytesEqual(
            raw(number),
            UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        )
    }

    /// `true` when two byte ranges hold the same bytes.
    @inline(__always)
    static func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let first = a.baseAddress, let second = b.baseAddress else { return a.count == 0 }
        return memcmp(first, second, a.count) == 0
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
