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

    /// Parses `line` into `bounds`, which must have room for `capacity` fields plus the sentinel.
    /// Returns the number of fields on the line (which may exceed `capacity`; extra fields are not stored).
    /// - Parameter lenient: an unterminated quote takes the rest of the line as the field's raw text.
    static func split(
        _ line: UnsafeRawBufferPointer,
        into bounds: UnsafeMutablePointer<UInt32>,
        capacity: Int,
        lenient: Bool
    ) throws(Failure) -> (count: Int, lenientQuoteField: Int?) {
        let count = line.count
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            bounds[0] = 0
            bounds[1] = 1
            return (1, nil)
        }
        var fields = 0
        var index = 0
        var lenientField: Int? = nil
        while true {
            let quoted = index < count && base[index] == quote
            if fields < capacity { bounds[fields] = UInt32(truncatingIfNeeded: index) | (quoted ? quotedFlag : 0) }
            fields += 1
            if quoted {
                var cursor = index + 1
                var closed = false
                while cursor < count {
                    guard let hit = memchr(base + cursor, Int32(quote), count - cursor) else { break }
                    let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if position + 1 < count, base[position + 1] == quote {
                        cursor = position + 2
                        continue
                    }
                    cursor = position + 1
                    closed = true
                    break
                }
                if !closed {
                    guard lenient else { throw .unterminatedQuote(field: fields) }
                    lenientField = lenientField ?? fields
                    // Take the rest of the line raw: clear the quoted mark so no unescaping happens.
                    if fields <= capacity { bounds[fields - 1] &= ~quotedFlag }
                    break
                }
                if cursor == count { break }
                guard base[cursor] == pipe else { throw .textAfterQuote(field: fields) }
                index = cursor + 1
                continue
            }
            var cursor = index
            while cursor < count, base[cursor] != pipe { cursor += 1 }
            if cursor == count { break }
            index = cursor + 1
        }
        bounds[min(fields, capacity)] = UInt32(truncatingIfNeeded: count + 1)
        return (fields, lenientField)
    }

    /// `true` when every byte is ASCII (checked eight bytes at a time).
    @inline(__always)
    static func isASCII(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let base = line.baseAddress else { return true }
        var index = 0
        var accumulator: UInt64 = 0
        let count = line.count
        while index + 8 <= count {
            accumulator |= base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            accumulator |= UInt64(base.load(fromByteOffset: index, as: UInt8.self))
            index += 1
        }
        return accumulator & 0x8080_8080_8080_8080 == 0
    }

    /// The offset of the first byte that is not part of well-formed UTF-8, or `nil` if the line is valid.
    static func firstInvalidUTF8(_ line: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        let count = line.count
        while index < count {
            let lead = line[index]
            if lead < 0x80 {
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
                return index
            }
            guard index + length <= count else { return index }
            for offset in 1..<length {
                let byte = line[index + offset]
                guard byte & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }
}
