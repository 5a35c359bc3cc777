extension SAEStructuralIndex {
    /// A line found and split by ``splitNextLine(_:available:into:tables:)``.
    struct NextLine {
        /// The line's bytes, without its line feed and a carriage return before it.
        var length: Int
        /// The bytes up to and including the line feed.
        var consumed: Int
        /// As ``split(_:into:capacity:tables:)`` returns for the line: `nil` when a quote is not of the simple
        /// form (the caller splits the line with ``SAELineParser``).
        var split: (count: Int, suspect: Range<Int>?)?
    }

    /// Finds the line that starts at `start` and splits it in the same pass, so that the line's end is not looked
    /// for apart (with `memchr`) and its last block is not copied to be padded: the line feed is a control
    /// character, so the block that holds it is one of the rare blocks whose masks are made in full
    /// (``Block``), and its line-feed mask ends the line. The bits past the line's end are masked off.
    ///
    /// Returns `nil` when no line feed is among the `available` bytes: the caller reads more, or takes the last
    /// line, and splits it with ``split(_:into:capacity:tables:)``.
    ///
    /// The bytes are read 64 at a time, so up to 63 bytes past `start + available` are read (and ignored):
    /// they must be readable. `bounds` must have room for `available + 64 + 2 + slack` entries.
    ///
    /// ```swift
    /// if let line = SAEStructuralIndex.splitNextLine(base + start, available: end - start, into: bounds) {
    ///     // the line is base[start ..< start + line.length]; the next starts at start + line.consumed
    /// }
    /// ```
    static func splitNextLine(
        _ start: UnsafeRawPointer,
        available: Int,
        into bounds: UnsafeMutablePointer<UInt32>,
        tables: Tables = .shared
    ) -> NextLine? {
        guard available > 0 else { return nil }
        var state = State(positions: tables.positions, counts: tables.counts)
        bounds[0] = start.load(as: UInt8.self) == SAELineParser.quote ? SAELineParser.quotedFlag : 0
        var fields = 1
        var offset = 0
        while offset < available {
            var block = Block(start + offset)
            if block.lineFeeds != 0 {
                let position = offset &+ block.lineFeeds.trailingZeroBitCount
                // A line feed past the bytes read is one of an older line's (or none): the line goes on.
                guard position < available else { return nil }
                var length = position
                if length > 0, start.load(fromByteOffset: length &- 1, as: UInt8.self) == 0x0D { length &-= 1 }
                // The line's bytes in this block: none when a carriage return ended the block before.
                let inBlock = length &- offset
                let valid = inBlock <= 0 ? 0 : (UInt64(1) << UInt64(inBlock)) &- 1
                block.keep(valid)
                state.index(block, valid: valid, at: offset, into: bounds, fields: &fields)
                guard length > 0 else { return NextLine(length: 0, consumed: position &+ 1, split: nil) }
                guard state.unusual == 0, state.insideCarry == 0 else {
                    return NextLine(length: length, consumed: position &+ 1, split: nil)
                }
                bounds[fields] = UInt32(truncatingIfNeeded: length &+ 1)
                let suspect = state.suspectFrom == Int.max ? nil : state.suspectFrom..<min(length, state.suspectTo)
                return NextLine(length: length, consumed: position &+ 1, split: (fields, suspect))
            }
            state.index(block, valid: ~0, at: offset, into: bounds, fields: &fields)
            offset &+= 64
        }
        return nil
    }
}
