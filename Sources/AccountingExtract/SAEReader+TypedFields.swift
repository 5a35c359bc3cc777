extension SAEReader {
    /// The kinds of value checked on every line.
    enum CheckedKind: UInt8 {
        case date, decimal, integer, flag
    }

    /// The fields whose stated type is checked on every line (those the spec types without a `?`), as flat
    /// tables for the loops run on every line: the field numbers (ascending) and their kinds, and the same
    /// numbers grouped by kind (``byKind``, each group ascending; a group ends at its entry of ``kindEnds``).
    struct CheckedTable: @unchecked Sendable {
        let numbers: UnsafePointer<UInt16>
        let kinds: UnsafePointer<CheckedKind>
        let count: Int
        let byKind: UnsafePointer<UInt16>
        /// The end of each kind's group in ``byKind``, in the order of ``CheckedKind``.
        let kindEnds: (date: Int, decimal: Int, integer: Int, flag: Int)
        /// The last field number, plus the sixteen fields the vector checks may read past a value's start.
        let wideFieldCount: Int
    }

    static let checkedTable: CheckedTable = {
        let entries: [(number: Int, kind: CheckedKind)] = SAEField.catalog.compactMap { field in
            guard !field.kindIsInferred else { return nil }
            switch field.kind {
            case .date: return (field.number, .date)
            case .decimal, .signedDecimal: return (field.number, .decimal)
            case .integer: return (field.number, .integer)
            case .flag: return (field.number, .flag)
            case .text, .code: return nil
            }
        }
        let numbers = UnsafeMutablePointer<UInt16>.allocate(capacity: entries.count)
        let kinds = UnsafeMutablePointer<CheckedKind>.allocate(capacity: entries.count)
        for (index, entry) in entries.enumerated() {
            numbers[index] = UInt16(entry.number)
            kinds[index] = entry.kind
        }
        let grouped = entries.sorted { ($0.kind.rawValue, $0.number) < ($1.kind.rawValue, $1.number) }
        let byKind = UnsafeMutablePointer<UInt16>.allocate(capacity: entries.count)
        for (index, entry) in grouped.enumerated() { byKind[index] = UInt16(entry.number) }
        func end(_ kind: CheckedKind) -> Int {
            grouped.lastIndex { $0.kind.rawValue <= kind.rawValue }.map { $0 + 1 } ?? 0
        }
        return CheckedTable(
            numbers: numbers,
            kinds: kinds,
            count: entries.count,
            byKind: byKind,
            kindEnds: (end(.date), end(.decimal), end(.integer), end(.flag)),
            wideFieldCount: (entries.map(\.number).max() ?? 0) + 16
        )
    }()

    /// Checks every typed field of a line in place: ``settlesTypedFields(_:table:)`` first, which accepts the usual
    /// line, else ``checkTypedFieldsInOrder(_:lenientFlags:)``, which settles each field in order and throws the
    /// precise error of the first that is wrong.
    @inline(__always)
    static func checkTypedFields(
        _ view: SAEFieldView,
        lenientFlags: Bool,
        table: CheckedTable = checkedTable
    ) throws(SAEError) {
        if settlesTypedFields(view, table: table) { return }
        try checkTypedFieldsInOrder(view, lenientFlags: lenientFlags)
    }

    /// `true` when every typed field of the line is empty or a plain valid value, checked a kind at a time (a
    /// loop for each kind, with no dispatch on the kind per field); `false` when one is not (quoted, unusual or
    /// invalid: it may still be valid, or be the line's error), or when the line is too short for the vector
    /// checks. Its tests are those of the fast path of ``checkTypedFieldsInOrder(_:lenientFlags:)``, so the
    /// result does not depend on which pass settles a line.
    static func settlesTypedFields(_ view: SAEFieldView, table: CheckedTable = checkedTable) -> Bool {
        // Sixteen more fields follow every checked one: sixteen bytes (their delimiters) can be read past the
        // start of a value of at most sixteen.
        guard view.fieldCount >= table.wideFieldCount else { return false }
        let ends = table.kindEnds
        // The kind is a constant in each loop, so the inlined test is that kind's alone.
        return settles(view, table.byKind, 0..<ends.date) { isPlain16(.date, $0, count: $1) }
            && settles(view, table.byKind, ends.date..<ends.decimal) { isPlain16(.decimal, $0, count: $1) }
            && settles(view, table.byKind, ends.decimal..<ends.integer) { isPlain16(.integer, $0, count: $1) }
            && settles(view, table.byKind, ends.integer..<ends.flag) { isPlain16(.flag, $0, count: $1) }
    }

    /// Whether the value of `count` (1...16) bytes at `value` is a plain valid value of its kind, read with the
    /// 16-byte vector checks: `count` + 16 bytes must be readable from `value`.
    @inline(__always)
    static func isPlain16(_ kind: CheckedKind, _ value: UnsafeRawPointer, count: Int) -> Bool {
        switch kind {
        case .date: count == 10 && CalendarDate.isPlainValid16(value)
        case .decimal: Amount.isPlainValid16(value, count: count)
        case .integer: SAERecord.isPlainInteger16(value, count: count)
        case .flag: isPlainFlag(value, count: count)
        }
    }

    /// `Y` or `N`, alone.
    @inline(__always)
    static func isPlainFlag(_ value: UnsafeRawPointer, count: Int) -> Bool {
        let byte = value.load(as: UInt8.self)
        return count == 1 && (byte == UInt8(ascii: "Y") || byte == UInt8(ascii: "N"))
    }

    /// Whether every field numbered in `numbers[range]` is empty, or unquoted, of at most sixteen bytes, and
    /// `isPlain(start, count)`.
    @inline(__always)
    private static func settles(
        _ view: SAEFieldView,
        _ numbers: UnsafePointer<UInt16>,
        _ range: Range<Int>,
        _ isPlain: (UnsafeRawPointer, Int) -> Bool
    ) -> Bool {
        let bounds = view.bounds
        // A pointer walk, not a loop over the range: no overflow check of the index per field.
        var entry = numbers + range.lowerBound
        let end = numbers + range.upperBound
        while entry != end {
            let number = Int(entry.pointee)
            entry += 1
            let start = bounds[number &- 1]
            let next = bounds[number]
            // An unquoted empty field's bounds differ by one (its delimiter); a quoted field's flag makes the
            // difference anything but one.
            if next &- start == 1 { continue }
            guard start & SAELineParser.quotedFlag == 0 else { return false }
            let count = Int(truncatingIfNeeded: (next & ~SAELineParser.quotedFlag) &- 1 &- start)
            guard count <= 16 else { return false }
            if count != 0 && !isPlain(view.base + Int(truncatingIfNeeded: start), count) { return false }
        }
        return true
    }

    /// Checks every typed field of a line in place, in field order; the fast path reads bytes where they lie,
    /// and any field it cannot settle (quoted, unusual, or invalid) goes through
    /// ``checkTypedField(_:_:_:lenientFlags:)``, which accepts it or throws the precise error. The slow path is
    /// out of line, so the loop keeps its values in registers.
    @inline(never)
    static func checkTypedFieldsInOrder(_ view: SAEFieldView, lenientFlags: Bool) throws(SAEError) {
        let table = checkedTable
        let bounds = view.bounds
        let fieldCount = view.fieldCount
        // The numbers ascend: those beyond a short line (lenient mode pads to 400, so rarely) are left out.
        var limit = table.count
        while limit > 0, Int(table.numbers[limit - 1]) > fieldCount { limit -= 1 }
        var index = 0
        while index < limit {
            let number = Int(table.numbers[index])
            let kind = table.kinds[index]
            index &+= 1
            let start = bounds[number &- 1]
            let next = bounds[number]
            // Most typed fields are empty: an unquoted empty field's bounds differ by one (its delimiter); a
            // quoted field's flag makes the difference anything but one.
            if next &- start == 1 { continue }
            if start & SAELineParser.quotedFlag == 0 {
                let count = Int(truncatingIfNeeded: (next & ~SAELineParser.quotedFlag) &- 1 &- start)
                let value = view.base + Int(truncatingIfNeeded: start)
                let wide = view.readsSixteen(after: number) && count <= 16
                let settled: Bool
                if wide {
                    settled = isPlain16(kind, value, count: count)
                } else {
                    let bytes = UnsafeRawBufferPointer(start: value, count: count)
                    switch kind {
                    case .date: settled = CalendarDate.isPlainValid(bytes)
                    case .decimal: settled = Amount.isPlainValid(bytes)
                    case .integer: settled = SAERecord.parseInteger(bytes) != nil
                    case .flag: settled = isPlainFlag(value, count: count)
                    }
                }
                if settled || count == 0 { continue }
            }
            try checkTypedField(view, number, kind, lenientFlags: lenientFlags)
        }
    }

    /// The typed check of one field the fast path could not settle, through the typed accessor of a record made
    /// for it: accepts the field or throws the precise error.
    @inline(never)
    static func checkTypedField(
        _ view: SAEFieldView,
        _ number: Int,
        _ kind: CheckedKind,
        lenientFlags: Bool
    ) throws(SAEError) {
        let record = view.record()
        let field = SAEField.named(number)
        switch kind {
        case .date: _ = try record.date(field)
        case .decimal: _ = try record.amount(field)
        case .integer: _ = try record.integer(field)
        case .flag: _ = try record.flag(field, lenient: lenientFlags)
        }
    }
}
