public import Foundation

/// Any JSON value, numbers kept exact: the content of document types this project does not model (payroll,
/// obligations; §5.14) and the OpenAPI-only `documentBlob`.
///
/// ```swift
/// let value = FISJSONValue.object(["wageType": .string("1000"), "amount": .number(12.5)])
/// ```
public enum FISJSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([FISJSONValue])
    case object([String: FISJSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode([FISJSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: FISJSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
