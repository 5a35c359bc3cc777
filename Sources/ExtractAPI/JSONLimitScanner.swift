import Foundation

/// A single pass over a JSON body before it is decoded, enforcing ``ExtractAPI/DecodingLimits`` (nesting depth,
/// number length and exponent) and naming the key path at fault.
///
/// Foundation's decoder refuses such bodies only as "not valid JSON" without a path, or rounds long numbers;
/// this scan turns them into ``ExtractAPIDecodingError/Code/limitExceeded`` errors that say where. It does not
/// validate the syntax (the decoder does); on malformed input it simply stops being precise about the path.
struct JSONLimitScanner {
    let limits: ExtractWire.DecodingLimits

    private struct Frame {
        var isObject: Bool
        var key: String?
        var index = 0
        var expectingKey: Bool
    }

    func check(_ data: Data) throws(ExtractAPIDecodingError) {
        var stack: [Frame] = []
        let bytes = [UInt8](data)
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                let start = position + 1
                position = start
                while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                    position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
                }
                if let top = stack.last, top.isObject, top.expectingKey {
                    let end = min(position, bytes.count)
                    stack[stack.count - 1].key = String(decoding: bytes[start..<end], as: UTF8.self)
                }
                position += 1
            case UInt8(ascii: ":"):
                if !stack.isEmpty { stack[stack.count - 1].expectingKey = false }
                position += 1
            case UInt8(ascii: ","):
                if let top = stack.last {
                    if top.isObject {
                        stack[stack.count - 1].expectingKey = true
                        stack[stack.count - 1].key = nil
                    } else {
                        stack[stack.count - 1].index += 1
                    }
                }
                position += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if stack.count + 1 > limits.maximumJSONDepth {
                    throw ExtractAPIDecodingError(
                        .limitExceeded,
                        "the JSON body nests deeper than \(limits.maximumJSONDepth) levels; "
                            + "the limit is DecodingLimits.maximumJSONDepth",
                        path: path(stack)
                    )
                }
                let isObject = byte == UInt8(ascii: "{")
                stack.append(Frame(isObject: isObject, key: nil, expectingKey: isObject))
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
                position += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = position
                while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
                try checkNumber(String(decoding: bytes[start..<position], as: UTF8.self), stack: stack)
            default:
                position += 1
            }
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }

    private func checkNumber(_ token: String, stack: [Frame]) throws(ExtractAPIDecodingError) {
        let name = stack.last.flatMap { $0.isObject ? $0.key.map { "'\($0)'" } : nil } ?? "a number"
        if token.count > limits.maximumJSONNumberLength {
            throw ExtractAPIDecodingError(
                .limitExceeded,
                "\(name) has more than \(limits.maximumJSONNumberLength) characters; "
                    + "the limit is DecodingLimits.maximumJSONNumberLength",
                path: path(stack),
                value: token
            )
        }
        if let marker = token.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let exponent = Int(token[token.index(after: marker)...].replacingOccurrences(of: "+", with: ""))
            guard let exponent, abs(exponent) <= limits.maximumJSONExponent else {
                throw ExtractAPIDecodingError(
                    .limitExceeded,
                    "\(name) has an exponent beyond ±\(limits.maximumJSONExponent); "
                        + "the limit is DecodingLimits.maximumJSONExponent",
                    path: path(stack),
                    value: token
                )
            }
        }
    }

    private func path(_ stack: [Frame]) -> String? {
        var text = ""
        for frame in stack {
            if frame.isObject {
                guard let key = frame.key else { break }
                text += (text.isEmpty ? "" : ".") + key
            } else {
                text += "[\(frame.index)]"
            }
        }
        return text.isEmpty ? nil : text
    }
}
