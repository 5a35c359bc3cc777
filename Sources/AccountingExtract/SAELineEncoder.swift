/// One DETAIL line written field by field, in ascending field order, straight into an ``SAEWriter``'s buffer:
/// no array of 400 strings, no `SAERecord`, numbers, amounts and dates formatted as bytes. Fields not written
/// are empty; the line always has 400 fields. A value is quoted only when it holds `|` or `"`, as
/// ``SAERecord/init(fields:lineNumber:)`` does, so both give the same bytes for the same values.
///
/// ```swift
/// try writer.appendLine { (line) throws(SAEError) in
///     try line.put(1, "DETAIL")
///     try line.put(2, writer.batchID)
///     line.put(3, batchDate)                  // 2026-01-15
///     line.put(4, 17)                         // the sequence number
///     line.put(169, amount, explicitSign: true)  // the journal amount, counted in the header's total
/// }
/// ```
public struct SAELineEncoder {
    /// The buffer the line is appended to (the writer's, handed over for the line's time).
    var bytes: SAEByteBuffer
    /// The physical line number the line gets in the file (for errors).
    public let lineNumber: Int
    let replacesLineBreaks: Bool
    /// The number of the last field written (0 before the first).
    private(set) var field = 0
    /// Field 169 as written, for the header's total.
    private(set) var journalAmount: Amount?

    /// `SAEField.journalAmount.number` as a constant: a `static let` of a literal needs no lazy initialisation,
    /// unlike the catalog's fields, and this is compared on every field written.
    static let journalAmountField = 169

    init(bytes: SAEByteBuffer, lineNumber: Int, replacesLineBreaks: Bool) {
        self.bytes = bytes
        self.lineNumber = lineNumber
        self.replacesLineBreaks = replacesLineBreaks
    }

    /// Moves to field `number`: the pipes of the empty fields before it and its own.
    @inline(__always)
    private mutating func advance(to number: Int) {
        precondition(
            number > field && number <= SAEField.detailFieldCount,
            "SAE fields are written once each, in ascending order, 1 to 400 (field \(number) after \(field))"
        )
        let separators = number - max(field, 1)
        if separators > 0 { bytes.append(repeating: SAELineParser.pipe, count: separators) }
        field = number
    }

    /// Ends the line: the pipes of the empty fields up to field 400 (no terminator).
    mutating func finish() {
        if field < SAEField.detailFieldCount { advance(to: SAEField.detailFieldCount) }
    }

    /// Writes `value` as field `number`, quoted if it holds `|` or `"`.
    /// - Throws: ``SAEError`` `invalid-value` for a line break (unless the writer replaces them with spaces), or
    ///   `invalid-amount` for field 169 that is not an amount.
    public mutating func put(_ number: Int, _ value: String) throws(SAEError) {
        advance(to: number)
        let start = bytes.count
        let encoded = value.utf8.withContiguousStorageIfAvailable { source in bytes.appendEncoded(source) }
        if (encoded ?? bytes.appendEncoded(Array(value.utf8))) == .lineBreak {
            guard replacesLineBreaks else {
                throw SAEError(
                    .invalidValue,
                    "a value cannot hold a line break",
                    line: lineNumber,
                    field: SAEField.named(number),
                    value: value
                )
            }
            let replaced = String(value.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
            _ = bytes.appendEncoded(Array(replaced.utf8))
        }
        if number == Self.journalAmountField {
            let raw = UnsafeRawBufferPointer(rebasing: bytes.bytes[start...])
            let result = Result { () throws(Amount.ParseFailure) in try Amount.parse(raw) }
            guard case .success(let amount) = result else {
                throw SAEError(
                    .invalidAmount,
                    "the journal amount is not an amount",
                    line: lineNumber,
                    field: .journalAmount,
                    value: value
                )
            }
            journalAmount = amount
        }
    }

    /// Writes `amount` as field `number` with four decimals, as ``Amount/formatted(explicitSign:)`` does.
    public mutating func put(_ number: Int, _ amount: Amount, explicitSign: Bool = false) {
        advance(to: number)
        if amount.tenThousandths < 0 {
            bytes.append(UInt8(ascii: "-"))
        } else if explicitSign {
            bytes.append(UInt8(ascii: "+"))
        }
        let magnitude = amount.tenThousandths.magnitude
        appendDigits(magnitude / UInt64(Amount.unit), minimumWidth: 1)
        bytes.append(UInt8(ascii: "."))
        appendDigits(magnitude % UInt64(Amount.unit), minimumWidth: Amount.scale)
        if number == Self.journalAmountField { journalAmount = amount }
    }

    /// Writes `value` as field `number` in decimal, as `String(value)` does.
    public mutating func put(_ number: Int, _ value: Int) {
        advance(to: number)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, minimumWidth: 1)
    }

    /// Writes `date` as field `number`, `YYYY-MM-DD`.
    public mutating func put(_ number: Int, _ date: CalendarDate) {
        guard (0...9999).contains(date.year) else {
            // Not a date of the calendar's range (only a decoded value can be): its text, as a string field.
            advance(to: number)
            _ = bytes.appendEncoded(Array(date.description.utf8))
            return
        }
        advance(to: number)
        appendDigits(UInt(date.year), minimumWidth: 4)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(UInt(date.month), minimumWidth: 2)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(UInt(date.day), minimumWidth: 2)
    }

    /// Appends the decimal digits of `value`, left-padded with zeros to `minimumWidth`.
    @inline(__always)
    private mutating func appendDigits(_ value: some UnsignedInteger & FixedWidthInteger, minimumWidth: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var value = UInt64(value)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                count += 1
                buffer[24 - count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            } while value > 0 || count < minimumWidth
            bytes.append(UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }
}

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
    private mutating func reserve(_ extra: Int) {
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
    mutating func append(repeating byte: UInt8, count repeated: Int) {
        reserve(repeated)
        (base + count).initialize(repeating: byte, count: repeated)
        count += repeated
    }

    @inline(__always)
    mutating func append(_ source: UnsafeRawBufferPointer) {
        guard let start = source.baseAddress, !source.isEmpty else { return }
        reserve(source.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: start, byteCount: source.count)
        count += source.count
    }

    enum Encoded { case plain, quoted, lineBreak }

    /// Appends a value's UTF-8 bytes in SAE form, quoted only where it holds `|` or `"` (the rule of
    /// `SAERecord.appendEncoded`); appends nothing and returns `.lineBreak` when it holds CR or LF.
    @inline(__always)
    mutating func appendEncoded(_ source: some Collection<UInt8>) -> Encoded {
        var needsQuotes = false
        for byte in source where byte <= SAELineParser.quote || byte == SAELineParser.pipe {
            if byte == 0x0A || byte == 0x0D { return .lineBreak }
            if byte == SAELineParser.pipe || byte == SAELineParser.quote { needsQuotes = true }
        }
        guard needsQuotes else {
            let copied = source.withContiguousStorageIfAvailable { append(UnsafeRawBufferPointer($0)) }
            if copied == nil {
                reserve(source.count)
                for byte in source {
                    base[count] = byte
                    count += 1
                }
            }
            return .plain
        }
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
