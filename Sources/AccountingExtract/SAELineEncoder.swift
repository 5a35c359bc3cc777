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
        bytes.appendPipes(number &- max(field, 1))
        field = number
    }

    /// Ends the line: the pipes of the empty fields up to field 400 (no terminator).
    mutating func finish() {
        if field < SAEField.detailFieldCount { advance(to: SAEField.detailFieldCount) }
    }

    /// Writes fields `fields` as `body` writes them the first time, and copies them from `run` after: for the
    /// fields many lines share (a report's employee and totals repeat on each of its lines), at the cost of a copy.
    /// The first call (or one whose `run` holds other fields, or was written with the other line-break option)
    /// runs `body` on this line and keeps its bytes in `run`; later calls append those bytes without calling `body`,
    /// so `body` must write the same values every time. `body` writes only fields of `fields`, in ascending order;
    /// the ones it skips are empty. Field 169 may be among them: its amount is kept with the bytes.
    ///
    /// ```swift
    /// var shared: SAEFieldRun?  // one for each report
    /// for entry in report.entries {
    ///     try writer.appendLine { (line) throws(SAEError) in
    ///         try line.put(1, "DETAIL")
    ///         try line.put(5...33, from: &shared) { (line) throws(SAEError) in try line.put(5, report.employeeID) }
    ///         line.put(169, entry.amount, explicitSign: true)
    ///     }
    /// }
    /// ```
    /// - Throws: what `body` throws; `run` is then left as it was.
    public mutating func put(
        _ fields: ClosedRange<Int>,
        from run: inout SAEFieldRun?,
        _ body: (inout SAELineEncoder) throws(SAEError) -> Void
    ) throws(SAEError) {
        precondition(
            fields.lowerBound > max(field, 1) && fields.upperBound <= SAEField.detailFieldCount,
            "SAE fields are written once each, in ascending order, 2 to 400 (fields \(fields) after \(field))"
        )
        if fields.lowerBound - 1 > field { advance(to: fields.lowerBound - 1) }
        if let kept = run, kept.fields == fields, kept.replacesLineBreaks == replacesLineBreaks {
            kept.bytes.withUnsafeBytes { bytes.append($0) }
            field = fields.upperBound
            if let amount = kept.journalAmount { journalAmount = amount }
            return
        }
        let start = bytes.count
        try body(&self)
        precondition(field <= fields.upperBound, "a run writes only its fields (field \(field) is past \(fields))")
        if field < fields.upperBound { advance(to: fields.upperBound) }
        run = SAEFieldRun(
            fields: fields,
            bytes: Array(UnsafeRawBufferPointer(rebasing: bytes.bytes[start...])),
            journalAmount: fields.contains(Self.journalAmountField) ? journalAmount : nil,
            replacesLineBreaks: replacesLineBreaks
        )
    }

    /// Writes `value` as field `number`, quoted if it holds `|` or `"`.
    /// - Throws: ``SAEError`` `invalid-value` for a line break (unless the writer replaces them with spaces), or
    ///   `invalid-amount` for field 169 that is not an amount.
    public mutating func put(_ number: Int, _ value: String) throws(SAEError) {
        advance(to: number)
        let start = bytes.count
        let encoded = value.utf8.withContiguousStorageIfAvailable { source in bytes.appendEncoded(source) }
        // The common case returns here; the rest (line breaks, a string not in contiguous UTF-8, field 169) is
        // out of line, so this function keeps a small frame.
        if let encoded, encoded != .lineBreak, number != Self.journalAmountField { return }
        try finishValue(number, value, encoded: encoded, from: start)
    }

    /// The rare endings of ``put(_:_:)-(Int,String)``: a value not yet written (`encoded` is `nil`), a line
    /// break to refuse or replace, field 169 to parse.
    @inline(never)
    private mutating func finishValue(
        _ number: Int,
        _ value: String,
        encoded: SAEByteBuffer.Encoded?,
        from start: Int
    )
        throws(SAEError)
    {
        if (encoded ?? Array(value.utf8).withUnsafeBufferPointer { bytes.appendEncoded($0) }) == .lineBreak {
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
            _ = Array(replaced.utf8).withUnsafeBufferPointer { bytes.appendEncoded($0) }
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
        bytes.appendDecimal(magnitude / UInt64(Amount.unit), minimumWidth: 1)
        bytes.appendFraction(UInt32(truncatingIfNeeded: magnitude % UInt64(Amount.unit)))
        if number == Self.journalAmountField { journalAmount = amount }
    }

    /// Writes `value` as field `number` in decimal, as `String(value)` does.
    public mutating func put(_ number: Int, _ value: Int) {
        advance(to: number)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        bytes.appendDecimal(UInt64(value.magnitude), minimumWidth: 1)
    }

    /// Writes `date` as field `number`, `YYYY-MM-DD`.
    public mutating func put(_ number: Int, _ date: CalendarDate) {
        guard (0...9999).contains(date.year) else {
            // Not a date of the calendar's range (only a decoded value can be): its text, as a string field.
            advance(to: number)
            _ = Array(date.description.utf8).withUnsafeBufferPointer { bytes.appendEncoded($0) }
            return
        }
        advance(to: number)
        bytes.appendDate(year: UInt32(truncatingIfNeeded: date.year), month: date.month, day: date.day)
    }
}
