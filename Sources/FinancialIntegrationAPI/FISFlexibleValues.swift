public import Foundation

/// A field the sources type as a number while the examples send a string (or the reverse): `fiscalYear`,
/// `revisionNumber`, `versionId`, `cardTransactionReferenceNumber` (§7 #13). Both forms decode; each encodes
/// in the form it arrived in, so the emulator emits what the examples show.
///
/// ```swift
/// let year = FISNumberOrString.string("2018")
/// print(year.text)   // 2018
/// ```
public enum FISNumberOrString: Sendable, Hashable, Codable {
    /// A JSON number, kept exact.
    case number(Decimal)
    /// A JSON string.
    case string(String)

    /// The value as text (a number in its plain decimal form).
    public var text: String {
        switch self {
        case .number(let value): return value.description
        case .string(let value): return value
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let number = try? container.decode(Decimal.self) {
            self = .number(number)
        } else {
            throw DecodingError.typeMismatch(
                String.self,
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "expected a number or a string")
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}

/// A field typed as an array of strings in one table and a string in another or in the examples: `taxGuid`,
/// `messageLongText` (§7 #13). Both forms decode; each encodes in the form it arrived in.
///
/// ```swift
/// let guids = FISStringOrList.list(["BC10BB80E9998B49B0BE941251CBA0D1"])
/// print(guids.values)   // ["BC10BB80E9998B49B0BE941251CBA0D1"]
/// ```
public enum FISStringOrList: Sendable, Hashable, Codable {
    case single(String)
    case list([String])

    /// The strings, one for ``single(_:)``.
    public var values: [String] {
        switch self {
        case .single(let value): return [value]
        case .list(let values): return values
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .single(text)
        } else if let values = try? container.decode([String].self) {
            self = .list(values)
        } else {
            throw DecodingError.typeMismatch(
                String.self,
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected a string or an array of strings"
                )
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .single(let value): try container.encode(value)
        case .list(let values): try container.encode(values)
        }
    }
}
