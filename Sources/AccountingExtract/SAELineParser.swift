#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits one SAE line (without its terminator) into field bounds, following the spec's quoting rules.
///
/// Bounds are stored as the start offset of each field's raw text; the high bit marks a quoted field.
/// One extra entry (the line length + 1) closes the last field, so field `i` spans
/// `start(i) ..< start(i + 1) - 1`.
struct SAELineParser {
    static let quotedFlag: UInt32 = 0x8000_0000
    static let pipe = UInt8(ascii: "|")
    static let quote = UInt8(ascii: "\"")

    enum Failure: Error {
        /// A quoted field has no closing quote; `field` is 1-based.
        case unterminatedQuote(field: Int)
        /// A closing quote is followed by something other than `|` or the end of the line.
        case textAfterQuote(field: Int)
    }

    /// Parses `line` into `bounds`, which must have room for `capacity` fields plus the sentinel, where
    /// `capacity` is more than the line's length (a line of n bytes has at most n + 1 fields).
    /// Returns the number of fields on the line.
    /// - Parameter lenient: an unterminated quote takes the rest of the line as the field's raw text.
    ///
    /// Delimiters are found eight bytes at a time (SWAR). A `"` matters only at the start of a field; a quoted
    /// field is skipped to its closing quote with `memchr`, and the scan resumes after it.
    static func split(
        _ line: UnsafeRawBufferPointer,
        into bounds: UnsafeMutablePointer<UInt32>,
        capacity: Int,
        lenient: Bool
    ) throws(Failure) -> (count: Int, lenientQuoteField: Int?) {
        let count = line.count
        guard let raw = line.baseAddress else {
            bounds[0] = 0
            bounds[1] = 1
            return (1, nil)
        }
        precondition(capacity > count, "bounds too small for the line")
        let base = raw.assumingMemoryBound(to: UInt8.self)
        if memchr(base, Int32(quote), count) == nil {
            return (splitPlain(raw, count: count, into: bounds), nil)
        }
        var fields = 1
        var lenientField: Int? = nil
        var index = 0
        bounds[0] = 0
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let pipes: UInt64 = 0x7C7C_7C7C_7C7C_7C7C
        let quotes: UInt64 = 0x2222_2222_2222_2222
        // A field starting with a quote: `quotedStart` is its first byte.
        var quotedStart = count > 0 && base[0] == quote ? 0 : -1
        while true {
            if quotedStart >= 0 {
                if fields <= capacity { bounds[fields - 1] |= quotedFlag }
                let end = skipQuoted(base, count: count, from: quotedStart)
                if end < 0 {
                    guard end == -1 else { throw .textAfterQuote(field: fields) }
                    guard lenient else { throw .unterminatedQuote(field: fields) }
                    lenientField = lenientField ?? fields
                    if fields <= capacity { bounds[fields - 1] &= ~quotedFlag }  // the rest of the line, raw
                    index = count
                } else {
                    index = end  // the '|' after the closing quote, or the end
                }
                quotedStart = -1
                if index < count {
                    // Consume that delimiter here.
                    if fields < capacity { bounds[fields] = UInt32(truncatingIfNeeded: index + 1) }
                    fields += 1
                    if index + 1 < count, base[index + 1] == quote {
                        quotedStart = index + 1
                        continue
                    }
                    index += 1
                }
            }
            if index >= count { break }
            // Word at a time; a quote matters only right after a pipe (the start of a quoted field).
            while index + 9 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let p = word ^ pipes
                var pipeMask = ~(((p & lows) &+ lows) | p | lows)
                let q = word ^ quotes
                let quoteMask = ~(((q & lows) &+ lows) | q | lows)
                let starts = quoteMask & (pipeMask << 8)
                let startsNextWord = pipeMask >> 63 != 0 && base[index + 8] == quote
                if starts == 0 && !startsNextWord {
                    storeFieldStarts(pipeMask, at: index, into: bounds, fields: &fields)
                    index += 8
                    continue
                }
                // A quoted field starts in this word (or right after it): take the pipes before it, then skip it.
                let quotePosition = starts != 0 ? index + starts.trailingZeroBitCount >> 3 : index + 8
                if quotePosition - index < 8 { pipeMask &= (UInt64(1) << UInt64((quotePosition - index) * 8)) &- 1 }
                storeFieldStarts(pipeMask, at: index, into: bounds, fields: &fields)
                quotedStart = quotePosition
                break
            }
            if quotedStart >= 0 { continue }
            // Byte at a time until the next quoted field start, or the end of the line.
            let stop = min(count, index + 16)
            while index < stop {
                if base[index] == pipe {
                    if fields < capacity { bounds[fields] = UInt32(truncatingIfNeeded: index + 1) }
                    fields += 1
                    if index + 1 < count, base[index + 1] == quote {
                        quotedStart = index + 1
                        break
                    }
                }
                index += 1
            }
            if quotedStart < 0 && index >= count { break }
        }
        bounds[min(fields, capacity)] = UInt32(truncatingIfNeeded: count + 1)
        return (fields, lenientField)
    }

    /// Records a field start after each pipe of one 8-byte word (`pipeMask`: the high bit of each pipe byte).
    @inline(__always)
    static func storeFieldStarts(
        _ pipeMask: UInt64,
        at index: Int,
        into bounds: UnsafeMutablePointer<UInt32>,
        fields: inout Int
    ) {
        if pipeMask == 0x8080_8080_8080_8080 {
            // Eight empty fields in a row (common: most of the 400 are empty).
            let first = UInt32(truncatingIfNeeded: index + 1)
            let lower = SIMD4<UInt32>(first, first &+ 1, first &+ 2, first &+ 3)
            UnsafeMutableRawPointer(bounds + fields).storeBytes(of: lower, as: SIMD4<UInt32>.self)
            UnsafeMutableRawPointer(bounds + fields + 4).storeBytes(of: lower &+ 4, as: SIMD4<UInt32>.self)
            fields += 8
            return
        }
        var mask = pipeMask
        while mask != 0 {
            bounds[fields] = UInt32(truncatingIfNeeded: index &+ mask.trailingZeroBitCount >> 3 &+ 1)
            fields += 1
            mask &= mask &- 1
        }
    }

    /// Splits a line that holds no quote at all: every `|` is a delimiter.
    @inline(__always)
    static func splitPlain(_ raw: UnsafeRawPointer, count: Int, into bounds: UnsafeMutablePointer<UInt32>) -> Int {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let pipes: UInt64 = 0x7C7C_7C7C_7C7C_7C7C
        var fields = 1
        var index = 0
        bounds[0] = 0
        while index + 8 <= count {
            let p = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pipes
            let pipeMask = ~(((p & lows) &+ lows) | p | lows)
            storeFieldStarts(pipeMask, at: index, into: bounds, fields: &fields)
            index += 8
        }
        while index < count {
            if raw.load(fromByteOffset: index, as: UInt8.self) == pipe {
                bounds[fields] = UInt32(truncatingIfNeeded: index + 1)
                fields += 1
            }
            index += 1
        }
        bounds[fields] = UInt32(truncatingIfNeeded: count + 1)
        return fields
    }

    /// From a quoted field's opening quote, the index of the `|` after its closing quote (or `count`);
    /// -1 when the quote is not closed on the line, -2 when text follows the closing quote.
    @inline(__always)
    static func skipQuoted(_ base: UnsafePointer<UInt8>, count: Int, from start: Int) -> Int {
        var cursor = start + 1
        while cursor < count {
            guard let hit = memchr(base + cursor, Int32(quote), count - cursor) else { return -1 }
            let position = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            if position + 1 < count, base[position + 1] == quote {
                cursor = position + 2
                continue
            }
            if position + 1 == count { return count }
            return base[position + 1] == pipe ? position + 1 : -2
        }
        return -1
    }

    /// Why a byte of a line is refused before its fields are split.
    enum RejectedByte: Equatable {
        /// The byte is not part of well-formed UTF-8.
        case invalidUTF8
        /// A control character: U+0000–U+001F other than TAB, or U+007F (a NUL is refused by PostgreSQL, and
        /// none belongs in an SAE value; CR and LF end lines and never reach here, except a lone CR mid-line).
        case controlCharacter
    }

    /// The offset of the first byte that is not part of well-formed UTF-8 or is a control character, or `nil`
    /// if the line is clean.
    ///
    /// ASCII is skipped sixteen bytes at a time: each 8-byte word is tested at once for a high bit, for a byte
    /// below 0x20 and for 0x7F (SWAR), and the skip stops right at the first byte that trips a test (a TAB,
    /// non-ASCII text), which alone is then read bytewise.
    static func firstRejectedByte(_ line: UnsafeRawBufferPointer) -> (offset: Int, reason: RejectedByte)? {
        var index = 0
        let count = line.count
        let base = line.baseAddress
        while index < count {
            if let base {
                index = skipPlainASCII(base, from: index, count: count)
                if index >= count { break }
            }
            let lead = line[index]
            if lead < 0x80 {
                if (lead < 0x20 && lead != 0x09) || lead == 0x7F { return (index, .controlCharacter) }
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF:
                length = 2
                minimum = 0x80
                scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF:
                length = 3
                minimum = 0x800
                scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4:
                length = 4
                minimum = 0x10000
                scalar = UInt32(lead & 0x07)
            default:
                return (index, .invalidUTF8)
            }
            guard index + length <= count else { return (index, .invalidUTF8) }
            for offset in 1..<length {
                let byte = line[index + offset]
                guard byte & 0xC0 == 0x80 else { return (index, .invalidUTF8) }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return (index, .invalidUTF8)
            }
            index += length
        }
        return nil
    }

    /// The offset of the first byte from `index` that is non-ASCII, below 0x20 or 0x7F, read sixteen bytes at a
    /// time with the structural index's vector test (``SAEStructuralIndex/Block/suspects(_:)``), then a word;
    /// within the last seven bytes of the line, `index` itself (they are read bytewise).
    @inline(__always)
    static func skipPlainASCII(_ base: UnsafeRawPointer, from index: Int, count: Int) -> Int {
        var index = index
        while index &+ 16 <= count {
            let bytes = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            let suspects = SAEStructuralIndex.movemask(SAEStructuralIndex.Block.suspects(bytes))
            if suspects != 0 { return index &+ suspects.trailingZeroBitCount }
            index &+= 16
        }
        if index &+ 8 <= count {
            let word = suspectBytes(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            if word != 0 { return index &+ word.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        return index
    }

    /// Nonzero when some byte of `word` is non-ASCII, below 0x20 or 0x7F: the high bit of each such byte, and
    /// possibly of more significant bytes (the subtractions' borrows run upward), so the least significant
    /// flagged byte is always one of them.
    @inline(__always)
    static func suspectBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let belowSpace = word &- 0x2020_2020_2020_2020
        let delete = (word ^ 0x7F7F_7F7F_7F7F_7F7F) &- ones
        return ((belowSpace | delete) & ~word & highs) | (word & highs)
    }
}
