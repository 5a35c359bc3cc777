public import ExtractAPI

/// A response of the `POST` calls: a top-level JSON array of per-document items (§3.2–3.4), never wrapped.
///
/// ```swift
/// let response = try FISPostingConfirmationResponse(json: body)
/// for item in response.items where !item.code.isSuccess { print(item.docId, item.code) }
/// ```
public struct FISResponseItems<Item: Codable & Sendable & Hashable>: Codable, Sendable, Hashable, JSONWireBody {
    public var items: [Item]

    public init(items: [Item]) { self.items = items }

    public init(from decoder: any Decoder) throws {
        items = try decoder.singleValueContainer().decode([Item].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(items)
    }
}
