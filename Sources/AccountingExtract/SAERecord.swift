/// One `DETAIL` line of an SAE file: all 400 fields by number or by ``SAEField``, with typed accessors.
///
/// A record keeps the line's raw bytes, so writing a record read from a file gives back the same bytes.
///
/// ```swift
/// let record = try SAERecord(fields: values)          // 400 strings
/// print(record[.reportID], record.journalAmount)      // "R-1001" +600.1100
/// ```
public struct SAERecord: Sendable, Hashable {
    /// The 1-based physical line the record was read from (0 when built in memory).
    public let lineNumber: Int
    /// The raw bytes of the line, without terminator, quoting included.
    public let rawLine: [UInt8]
    /// Start offset of each field's raw text (high bit: quoted), plus a closing sentinel.
    let bounds: [UInt32]

    init(lineNumber: Int, rawLine: [UInt8], bounds: [UInt32]) {
        self.lineNumber = lineNumber
        self.rawLine = rawLine
        self.bounds = bounds
    }

    /// Builds a record from field values, quoting a value only where it holds `|` or `"`.
    /// - Throws: ``SAEError`` with code `field-count` unless there are exactly 400 values, or
    ///   `invalid-value` for a value holding a line break.
    public init(fields: [String], lineNumber: Int = 0) throws(SAEError) {
        guard fields.count == SAEField.detailFieldCount else {
            throw SAEError(
                .fieldCount,
                "a DETAIL record has \(SAEField.detailFieldCount) fields, not \(fields.count)",
                line: lineNumber
            )
        }
        var line: [UInt8] = []
        line.reserveCapacity(fields.reduce(fields.count) { $0 + $1.utf8.count })
        var bounds: [UInt32] = []
        bounds.reserveCapacity(fields.count + 1)
        for (index, value) in fields.enumerated() {
            if index > 0 { line.append(SAELineParser.pipe) }
            let quoted = try SAERecord.appendEncoded(value, to: &line, field: index + 1, line: lineNumber)
            _ = quoted
        }
        // Re-split the encoded line so bounds follow exactly the same rules as reading.
        var scratch = [UInt32](repeating: 0, count: line.count + 2)
        let result = line.withUnsafeBytes { raw in
            scratch.withUnsafeMutableBufferPointer { buffer in
                Result { () throws(SAELineParser.Failure) in
                    // swift-format-ignore: NeverForceUnwrap
                    try SAELineParser.split(raw, into: buffer.baseAddress!, capacity: line.count + 1, lenient: false)
                }
            }
        }
        guard case .success(let split) = result, split.count == fields.count else {
            throw SAEError(.invalidValue, "a value could not be encoded", line: lineNumber)
        }
        bounds = Array(scratch[0...split.count])
        self.init(lineNumber: lineNumber, rawLine: line, bounds: bounds)
    }

    /// Appends `value` in SAE form (quoted if it holds `|` or `"`); returns whether it was quoted.
    @discardableResult
    static func appendEncoded(
        _ value: String,
        to line: inout [UInt8],
        field: Int,
        line lineNumber: Int
    ) throws(SAEError) -> Bool {
        var needsQuotes = false
        for byte in value.utf8 {
            if byte == SAELineParser.pipe || byte == SAELineParser.quote { needsQuotes = true }
            if byte == 0x0A || byte == 0x0D {
                throw SAEError(
                    .invalidValue,
                    "a value cannot hold a line break",
                    line: lineNumber,
                    field: SAEField.named(field),
                    value: value
                )
            }
        }
        if !needsQuotes {
            line.append(contentsOf: value.utf8)
            return false
        }
        line.append(SAELineParser.quote)
        for byte in value.utf8 {
            line.append(byte)
            if byte == SAELineParser.quote { line.append(SAELineParser.quote) }
        }
        line.append(SAELineParser.quote)
        return true
    }

    /// The number of fields on the line (400 for a valid record).
    public var fieldCount: Int { bounds.count - 1 }

    /// The raw byte range of a 1-based field (quotes included), and whether it is quoted.
    @inline(__always)
    func rawRange(_ number: Int) -> (range: Range<Int>, quoted: Bool)? {
        guard number >= 1, number < bounds.count else { return nil }
        let start = bounds[number - 1]
        let end = Int(bounds[number] & ~SAELineParser.quotedFlag) - 1
        let quoted = start & SAELineParser.quotedFlag != 0
        return (Int(start & ~SAELineParser.quotedFlag)..<end, quoted)
    }

    /// Calls `body` with the unquoted bytes of a field (empty for a field beyond the line).
    @inline(__always)
    public func withBytes<R>(of number: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        guard let (range, quoted) = rawRange(number) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        if !quoted {
            return try rawLine.withUnsafeBytes { raw in try body(UnsafeRawBufferPointer(rebasing: raw[range])) }
        }
        let unescaped = SAERecord.unquote(rawLine[range])
        return try unescaped.withUnsafeBytes { try body($0) }
    }

    static func unquote(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = raw.startIndex + 1
        let end = raw.last == SAELineParser.quote && raw.count >= 2 ? raw.endIndex - 1 : raw.endIndex
        while index < end {
            let byte = raw[index]
            out.append(byte)
            if byte == SAELineParser.quote, index + 1 < end, raw[index + 1] == SAELineParser.quote { index += 1 }
            index += 1
        }
        return out
    }

    /// The text of a 1-based field, unquoted and otherwise unaltered ("" beyond the line).
    public subscript(number: Int) -> String {
        withBytes(of: number) { String(decoding: $0, as: UTF8.self) }
    }

    /// The text of a field, unquoted and otherwise unaltered.
    public subscript(field: SAEField) -> String { self[field.number] }

    /// `true` when the field is empty (or beyond the line).
    public func isEmpty(_ field: SAEField) -> Bool {
        guard let (range, _) = rawRange(field.number) else { return true }
        return range.isEmpty
    }

    /// All fields as text, in order.
    public var fields: [String] { (1...max(1, fieldCount)).map { self[$0] } }

    public static func == (lhs: SAERecord, rhs: SAERecord) -> Bool { lhs.rawLine == rhs.rawLine }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawLine) }
}
