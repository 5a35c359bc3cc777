import CSIMDSupport

/// Splits an SAE line into field bounds with SIMD: a structural index in the manner of simdjson and simdcsv.
///
/// Each 64-byte block is classified at once with `SIMD16<UInt8>` compares into three bit masks: pipes, quotes,
/// and (accumulated over the line) bytes that are non-ASCII or control characters. The bytes inside quoted
/// values are found without a branch by the prefix XOR of the quote mask (bit *i* is set when an odd number of
/// quotes precede or sit at *i*), so a pipe inside a quoted value is not a delimiter; the field starts are then
/// read off the remaining pipes' bits. The bytes are never touched again: the bounds are all the validator and
/// the typed checks need.
///
/// The SAE quoting rule is narrower than CSV's: a `"` opens a quoted value only at the start of a field, and a
/// closing quote must be followed by `|` or the end of the line (``SAELineParser``). The index checks, with the
/// same masks, that every quote of the line has that simple form: each opening quote is preceded by a field
/// start or by a closing quote (a doubled `""`), each closing quote is followed by a delimiter, the end of the
/// line or an opening quote, and the line does not end inside a quoted value. A line that holds anything else —
/// a quote in the middle of an unquoted value, text after a closing quote, an unterminated value — returns `nil`,
/// and the caller splits it with ``SAELineParser``, the reference, which gives the exact error or the lenient
/// reading. So both scanners give identical bounds on every line the index accepts (a property test runs both
/// on random and fuzzed lines), and the index never has to reproduce an error.
///
/// ```swift
/// // bounds has room for line.count + 2 + SAEStructuralIndex.slack entries
/// if let (count, suspect) = SAEStructuralIndex.split(line, into: bounds, capacity: line.count + 1) {
///     // count fields; bounds[0...count] as SAELineParser.split gives them.
///     // suspect != nil: the bytes in that range hold every non-ASCII or control character of the line; check
///     // the text there (the bytes outside it are plain ASCII).
/// }
/// ```
enum SAEStructuralIndex {
    /// Splits `line` into `bounds` exactly as ``SAELineParser/split(_:into:capacity:lenient:)`` does for a line
    /// whose quotes all have the simple form; returns `nil` for any other line. `suspect` runs from the first to
    /// the end of the last 64-byte block holding a byte that is not ASCII or is a control character, TAB included
    /// (`nil` when there is none): the caller checks the text there (``SAELineParser/firstRejectedByte(_:)``),
    /// as the index does not validate UTF-8. Every byte outside it is plain ASCII, so a character starts at each
    /// end, and the first byte refused in the range is the first of the line.
    ///
    /// `bounds` must have room for `capacity + 1 + slack` entries, with `capacity` greater than the line's length.
    static func split(
        _ line: UnsafeRawBufferPointer,
        into bounds: UnsafeMutablePointer<UInt32>,
        capacity: Int,
        tables: Tables = .shared
    ) -> (count: Int, suspect: Range<Int>?)? {
        let count = line.count
        guard let base = line.baseAddress, count > 0 else {
            bounds[0] = 0
            bounds[1] = 1
            return (1, nil)
        }
        precondition(capacity > count, "bounds too small for the line")
        var state = State(positions: tables.positions, counts: tables.counts)
        bounds[0] = base.load(as: UInt8.self) == SAELineParser.quote ? SAELineParser.quotedFlag : 0
        var fields = 1
        var offset = 0
        while offset + 64 <= count {
            let block = Block(base + offset)
            state.index(block, valid: ~0, at: offset, into: bounds, fields: &fields)
            offset += 64
        }
        if offset < count {
            // The last, partial block, padded with spaces (neither delimiter, quote nor control character).
            var padded = SIMD64<UInt8>(repeating: 0x20)
            withUnsafeMutableBytes(of: &padded) { target in
                // swift-format-ignore: NeverForceUnwrap
                target.baseAddress!.copyMemory(from: base + offset, byteCount: count - offset)
            }
            let block = withUnsafeBytes(of: &padded) { bytes in
                // swift-format-ignore: NeverForceUnwrap
                Block(bytes.baseAddress!)
            }
            state.index(
                block,
                valid: (UInt64(1) << UInt64(count - offset)) &- 1,
                at: offset,
                into: bounds,
                fields: &fields
            )
        } else if state.startCarry != 0 {
            // A delimiter on the last byte of a full block: the empty last field starts at the end of the line.
            bounds[fields] = UInt32(truncatingIfNeeded: count)
            fields += 1
        }
        guard state.unusual == 0, state.insideCarry == 0 else { return nil }
        bounds[fields] = UInt32(truncatingIfNeeded: count + 1)
        return (fields, state.suspectFrom == Int.max ? nil : state.suspectFrom..<min(count, state.suspectTo))
    }

    /// The entries past the field count that the index may write (and that hold nothing): field starts are
    /// written eight at a time, without a branch for each.
    static let slack = 8

    /// The masks of one 64-byte block: bit *i* stands for byte *i*.
    struct Block {
        var pipes: UInt64 = 0
        var quotes: UInt64 = 0
        /// Nonzero when a byte is non-ASCII or a control character other than TAB.
        var suspect: UInt32 = 0
        /// The line feeds (made only when ``suspect`` is nonzero: a line feed is a control character).
        var lineFeeds: UInt64 = 0
        /// The four 16-byte parts, kept for the masks a caller makes only when it needs them.
        let parts: (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>)

        /// Classifies the 64 bytes at `pointer`.
        ///
        /// Quotes and suspect bytes are rare (about one block in seven holds either, and the last block of each
        /// line, with its line feed), so they are first looked for together, in one vector for the whole block;
        /// their masks are made only when it finds one.
        @inline(__always)
        init(_ pointer: UnsafeRawPointer) {
            parts = (
                pointer.loadUnaligned(fromByteOffset: 0, as: SIMD16<UInt8>.self),
                pointer.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self),
                pointer.loadUnaligned(fromByteOffset: 32, as: SIMD16<UInt8>.self),
                pointer.loadUnaligned(fromByteOffset: 48, as: SIMD16<UInt8>.self)
            )
            pipes = SAEStructuralIndex.mask(parts, equalTo: SAELineParser.pipe)
            let quote = SIMD16<UInt8>(repeating: SAELineParser.quote)
            let suspects =
                Self.suspects(parts.0) | Self.suspects(parts.1) | Self.suspects(parts.2) | Self.suspects(parts.3)
            let anyQuote =
                SAEStructuralIndex.bytes(parts.0 .== quote) | SAEStructuralIndex.bytes(parts.1 .== quote)
                | SAEStructuralIndex.bytes(parts.2 .== quote) | SAEStructuralIndex.bytes(parts.3 .== quote)
            guard SAEStructuralIndex.movemask(suspects | anyQuote) != 0 else { return }
            quotes = SAEStructuralIndex.mask(parts, equalTo: SAELineParser.quote)
            suspect = SAEStructuralIndex.movemask(suspects)
            if suspect != 0 { lineFeeds = SAEStructuralIndex.mask(parts, equalTo: 0x0A) }
        }

        /// The bit of each suspect byte (``suspect`` says only whether there is one).
        @inline(__always)
        func suspectMask() -> UInt64 {
            SAEStructuralIndex.mask(
                Self.suspects(parts.0),
                Self.suspects(parts.1),
                Self.suspects(parts.2),
                Self.suspects(parts.3)
            )
        }

        /// Keeps the bytes of `valid` only: the block's last line ends inside it.
        @inline(__always)
        mutating func keep(_ valid: UInt64) {
            pipes &= valid
            quotes &= valid
            suspect = suspect != 0 && suspectMask() & valid != 0 ? 1 : 0
        }

        /// 0xFF for each byte that is non-ASCII or a control character: as signed bytes, the non-ASCII ones are
        /// negative, so one compare finds them and the control characters (TAB too: a false alarm the check of
        /// the text clears), and DEL is compared apart.
        @inline(__always)
        static func suspects(_ bytes: SIMD16<UInt8>) -> SIMD16<UInt8> {
            let signed = unsafeBitCast(bytes, to: SIMD16<Int8>.self)
            return SAEStructuralIndex.bytes(signed .< SIMD16<Int8>(repeating: 0x20))
                | SAEStructuralIndex.bytes(bytes .== SIMD16<UInt8>(repeating: 0x7F))
        }
    }

    /// What carries from one block to the next.
    struct State {
        /// Bit 0: the previous block's last byte is a delimiter (the line's start counts as one).
        var pipeCarry: UInt64 = 1
        /// Bit 0: a field starts right after the previous block (its last byte is a delimiter).
        var startCarry: UInt64 = 0
        /// All ones when the previous block ended inside a quoted value.
        var insideCarry: UInt64 = 0
        /// Bit 0: the previous block's last byte is a closing quote.
        var closeCarry: UInt64 = 0
        /// Nonzero once a quote out of the simple form is seen.
        var unusual: UInt64 = 0
        /// ``SAEStructuralIndex/bitPositions`` and ``SAEStructuralIndex/bitCounts`` (``Tables``).
        let positions: UnsafePointer<SIMD8<UInt32>>
        let counts: UnsafePointer<UInt8>
        /// The start of the first block with a suspect byte (`Int.max` while there is none: a plain integer, not
        /// an optional, whose tag would cost a few instructions a block), and the end of the last.
        var suspectFrom = Int.max
        var suspectTo = 0

        /// Records the field starts of one block (`valid`: the bits of the line's bytes).
        @inline(__always)
        mutating func index(
            _ block: Block,
            valid: UInt64,
            at offset: Int,
            into bounds: UnsafeMutablePointer<UInt32>,
            fields: inout Int
        ) {
            if block.suspect != 0 {
                suspectFrom = min(suspectFrom, offset)
                suspectTo = offset &+ 64
            }
            var delimiters = block.pipes
            var quotedStarts: UInt64 = 0
            if block.quotes != 0 || insideCarry != 0 {
                let inside = SAEStructuralIndex.prefixXOR(block.quotes) ^ insideCarry
                delimiters = block.pipes & ~inside
                let opens = block.quotes & inside
                let closes = block.quotes & ~inside
                let afterDelimiter = delimiters << 1 | pipeCarry
                let afterClose = closes << 1 | closeCarry
                // An opening quote starts a field or follows a closing one (a doubled quote); a closing quote is
                // followed by a delimiter, an opening quote (a doubled quote) or the end of the line.
                unusual |= opens & ~(afterDelimiter | afterClose)
                unusual |= afterClose & valid & ~(delimiters | opens)
                quotedStarts = opens & afterDelimiter
                insideCarry = UInt64(bitPattern: Int64(bitPattern: inside) >> 63)
                closeCarry = closes >> 63
            } else {
                // A closing quote on the previous block's last byte must be followed by a delimiter here.
                unusual |= closeCarry & valid & ~block.pipes
                closeCarry = 0
            }
            pipeCarry = delimiters >> 63
            var starts = delimiters << 1 | startCarry
            startCarry = delimiters >> 63
            let origin = UInt32(truncatingIfNeeded: offset)
            if quotedStarts == 0 {
                // A byte of the mask at a time, all eight unrolled (the starts are dense: a line is mostly empty
                // fields, so nearly every byte of the mask has a bit): its set bits' positions come from a table
                // as two four-lane halves, moved to the byte's place in the line by one shared base and stored
                // at once; the lanes past its count land on entries the next store, the sentinel or the slack
                // takes. No branch per field nor per byte.
                var target = UnsafeMutableRawPointer(bounds + fields)
                var base = SIMD4<UInt32>(repeating: origin)
                for part in 0..<8 {
                    let byte = Int(truncatingIfNeeded: (starts >> UInt64(part &* 8)) & 0xFF)
                    let entry = UnsafeRawPointer(positions + byte)
                    target.storeBytes(of: entry.load(as: SIMD4<UInt32>.self) &+ base, as: SIMD4<UInt32>.self)
                    target.storeBytes(
                        of: entry.load(fromByteOffset: 16, as: SIMD4<UInt32>.self) &+ base,
                        toByteOffset: 16,
                        as: SIMD4<UInt32>.self
                    )
                    target += Int(truncatingIfNeeded: counts[byte]) &* 4
                    base &+= 8
                }
                fields = bounds.distance(to: target.assumingMemoryBound(to: UInt32.self))
            } else {
                while starts != 0 {
                    let position = starts.trailingZeroBitCount
                    let quoted = UInt32(truncatingIfNeeded: (quotedStarts >> UInt64(position)) & 1) << 31
                    bounds[fields] = (origin &+ UInt32(truncatingIfNeeded: position)) | quoted
                    fields &+= 1
                    starts &= starts &- 1
                }
            }
        }
    }

    /// The index's lookup tables, for a caller to read once and pass to every ``split(_:into:capacity:tables:)``:
    /// a lazily initialised global costs a call on every read.
    struct Tables: @unchecked Sendable {
        let positions: UnsafePointer<SIMD8<UInt32>>
        let counts: UnsafePointer<UInt8>

        static let shared = Tables(positions: SAEStructuralIndex.bitPositions, counts: SAEStructuralIndex.bitCounts)
    }

    /// For each byte value, the positions of its set bits in the first lanes (the rest zero).
    nonisolated(unsafe) static let bitPositions: UnsafePointer<SIMD8<UInt32>> = {
        let table = UnsafeMutablePointer<SIMD8<UInt32>>.allocate(capacity: 256)
        for byte in 0..<256 {
            var lanes = SIMD8<UInt32>(repeating: 0)
            var lane = 0
            for bit in 0..<8 where byte >> bit & 1 == 1 {
                lanes[lane] = UInt32(bit)
                lane += 1
            }
            table[byte] = lanes
        }
        return UnsafePointer(table)
    }()

    /// For each byte value, the number of its set bits.
    nonisolated(unsafe) static let bitCounts: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 { table[byte] = UInt8(byte.nonzeroBitCount) }
        return UnsafePointer(table)
    }()

    /// Bit *i* set when the quotes at or before *i* are odd in number: the bytes inside quoted values, opening
    /// quote included, closing quote excluded (six shifts; a carry-less multiply by all ones does the same).
    @inline(__always)
    static func prefixXOR(_ bits: UInt64) -> UInt64 {
        var value = bits
        value ^= value << 1
        value ^= value << 2
        value ^= value << 4
        value ^= value << 8
        value ^= value << 16
        value ^= value << 32
        return value
    }

    /// Bit *i* set when byte *i* is an ASCII digit. With a signed compare: an unsigned `.<` on `SIMD16<UInt8>`
    /// has no SSE2 instruction and is lowered to a loop over the lanes (seen in the generated code), so the
    /// bytes are moved by 0x50 (`0`…`9` to 0x80…0x89, the smallest signed values) and compared signed.
    @inline(__always)
    static func digitMask(_ bytes: SIMD16<UInt8>) -> UInt32 {
        let moved = unsafeBitCast(bytes &+ 0x50, to: SIMD16<Int8>.self)
        return movemask(moved .< SIMD16<Int8>(repeating: -118))
    }

    /// Bit *i* set when byte *i* of the four parts (16 bytes each, in order) equals `byte`.
    @inline(__always)
    static func mask(
        _ parts: (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>),
        equalTo byte: UInt8
    ) -> UInt64 {
        let value = SIMD16<UInt8>(repeating: byte)
        return mask(
            bytes(parts.0 .== value),
            bytes(parts.1 .== value),
            bytes(parts.2 .== value),
            bytes(parts.3 .== value)
        )
    }

    /// The high bits of four 16-byte vectors (in order) as one 64-bit mask.
    @inline(__always)
    static func mask(_ a: SIMD16<UInt8>, _ b: SIMD16<UInt8>, _ c: SIMD16<UInt8>, _ d: SIMD16<UInt8>) -> UInt64 {
        UInt64(movemask(a)) | UInt64(movemask(b)) << 16 | UInt64(movemask(c)) << 32 | UInt64(movemask(d)) << 48
    }

    /// The high bit of each of 16 bytes, as bits 0–15.
    @inline(__always)
    static func movemask(_ bytes: SIMD16<UInt8>) -> UInt32 {
        csimd_movemask16(bytes)
    }

    @inline(__always)
    static func movemask(_ mask: SIMDMask<SIMD16<Int8>>) -> UInt32 {
        csimd_movemask16(Self.bytes(mask))
    }

    /// A lane mask as bytes: 0xFF where set, 0 elsewhere.
    @inline(__always)
    static func bytes(_ mask: SIMDMask<SIMD16<Int8>>) -> SIMD16<UInt8> {
        unsafeBitCast(mask, to: SIMD16<UInt8>.self)
    }
}
