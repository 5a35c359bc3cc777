package import Foundation

/// JSON plumbing: JSONDecoder/JSONEncoder with errors mapped to ``ExtractAPIDecodingError``.
///
/// `package`: the FIS v4 contract (FinancialIntegrationAPI) decodes with the same limits, errors and key paths.
package enum JSONWire {
    package static func decode<T: Decodable>(
        _ type: T.Type,
        from data: Data,
        limits: ExtractWire.DecodingLimits = .standard,
        userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws(ExtractAPIDecodingError) -> T {
        guard data.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw ExtractAPIDecodingError(.emptyBody, "the JSON body is empty")
        }
        try JSONLimitScanner(limits: limits).check(data)
        do {
            let decoder = JSONDecoder()
            decoder.userInfo = userInfo
            return try decoder.decode(T.self, from: data)
        } catch let error as ExtractAPIDecodingError {
            throw error
        } catch let error as DecodingError {
            throw map(error)
        } catch {
            throw ExtractAPIDecodingError(.malformedJSON, "the body is not valid JSON: \(error)")
        }
    }

    package static func encode(_ value: some Encodable, options: ExtractWire.EncodingOptions) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.extractAPIEncodingOptions] = options
        return try encoder.encode(value)
    }

    /// A readable key path: `[1].start-time`, `Error.Message`.
    package static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    package static func map(_ error: DecodingError) -> ExtractAPIDecodingError {
        switch error {
        case .keyNotFound(let key, let context):
            let path = path(context.codingPath + [key])
            return ExtractAPIDecodingError(.missingField, "missing required key '\(key.stringValue)'", path: path)
        case .valueNotFound(_, let context):
            let name = context.codingPath.last?.stringValue ?? "value"
            return ExtractAPIDecodingError(
                .missingField,
                "'\(name)' is null where a value is required",
                path: path(context.codingPath)
            )
        case .typeMismatch(let type, let context):
            let name = context.codingPath.last.map { "'\($0.stringValue)'" } ?? "the top-level value"
            let code: ExtractAPIDecodingError.Code = context.codingPath.isEmpty ? .unexpectedRoot : .invalidValue
            return ExtractAPIDecodingError(
                code,
                "\(name) has the wrong type (expected \(describe(type)))",
                path: path(context.codingPath)
            )
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return ExtractAPIDecodingError(
                    .malformedJSON,
                    "the body is not valid JSON: \(context.debugDescription)"
                )
            }
            let name = context.codingPath.last?.stringValue ?? "value"
            return ExtractAPIDecodingError(
                .invalidValue,
                "'\(name)' is invalid: \(context.debugDescription)",
                path: path(context.codingPath)
            )
        @unknown default:
            return ExtractAPIDecodingError(.malformedJSON, "the body could not be decoded: \(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is [Any].Type: return "an array"
        case is [String: Any].Type: return "an object"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "an array" : name.hasPrefix("Dictionary") ? "an object" : name
        }
    }
}

extension CodingUserInfoKey {
    /// Carries ``ExtractWire/EncodingOptions`` into `encode(to:)`.
    static let extractAPIEncodingOptions: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "ExtractWire.EncodingOptions") else {
            preconditionFailure("CodingUserInfoKey rejected a constant raw value")
        }
        return key
    }()
}

extension Encoder {
    /// The options of the current encode, or the canonical ones.
    var extractAPIOptions: ExtractWire.EncodingOptions {
        userInfo[.extractAPIEncodingOptions] as? ExtractWire.EncodingOptions ?? .canonical
    }
}

/// Lenient keyed reads shared by the JSON decoders: strings are trimmed, empty strings and `null`
/// count as absent, and failures name the key path.
extension KeyedDecodingContainer {
    func path(_ key: Key) -> String { JSONWire.path(codingPath + [key]) }

    /// A trimmed string, `nil` when absent, `null` or empty.
    func wireString(_ key: Key) throws -> String? {
        guard let raw = try decodeIfPresent(String.self, forKey: key) else { return nil }
        let trimmed = raw.trimmingWireWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    func requiredString(_ key: Key) throws -> String {
        guard let value = try wireString(key) else {
            throw ExtractAPIDecodingError.missing(key.stringValue, path: path(key))
        }
        return value
    }

    func wireURL(_ key: Key) throws -> URL? {
        guard let text = try wireString(key) else { return nil }
        guard let url = WireValue.url(text) else {
            throw ExtractAPIDecodingError.invalidURL(key.stringValue, path: path(key), value: text)
        }
        return url
    }

    func requiredURL(_ key: Key) throws -> URL {
        guard let url = try wireURL(key) else {
            throw ExtractAPIDecodingError.missing(key.stringValue, path: path(key))
        }
        return url
    }

    func wireTimestamp(_ key: Key) throws -> ExtractTimestamp? {
        guard let text = try wireString(key) else { return nil }
        guard let value = ExtractTimestamp(parsing: text) else {
            throw ExtractAPIDecodingError.invalidTimestamp(key.stringValue, path: path(key), value: text)
        }
        return value
    }

    func requiredTimestamp(_ key: Key) throws -> ExtractTimestamp {
        guard let value = try wireTimestamp(key) else {
            throw ExtractAPIDecodingError.missing(key.stringValue, path: path(key))
        }
        return value
    }

    /// An integer given as a JSON number or a numeric string; `nil` when absent, `null` or empty.
    func wireInteger(_ key: Key) throws -> Int64? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Int64.self, forKey: key) { return number }
        if let double = try? decode(Double.self, forKey: key) {
            guard double.rounded() == double, abs(double) < 9.0e15 else {
                throw ExtractAPIDecodingError.invalidNumber(key.stringValue, path: path(key), value: String(double))
            }
            return Int64(double)
        }
        guard let text = try? decode(String.self, forKey: key) else {
            throw ExtractAPIDecodingError(
                .invalidValue,
                "'\(key.stringValue)' must be a number or a numeric string",
                path: path(key)
            )
        }
        let trimmed = text.trimmingWireWhitespace()
        if trimmed.isEmpty { return nil }
        guard let number = Int64(trimmed) else {
            throw ExtractAPIDecodingError.invalidNumber(key.stringValue, path: path(key), value: text)
        }
        return number
    }
}
