/// JSON lists (definitions, jobs) in every plausible shape, since no Concur page shows one: a top-level
/// array `[…]` (canonical, §15), an object named after the XML root `{"jobs": […]}`, or the XML converted
/// element by element `{"jobs": {"job": […]}}` (one item as `{"job": {…}}`, none as `null`, `""` or `{}`).
/// Keys compare case-insensitively.
extension JSONWire {
    /// The items of a list whose XML root is `root` and whose XML items are `item`.
    static func decodeList<Element: Decodable>(
        _ type: Element.Type,
        from decoder: any Decoder,
        root: String,
        item: String
    ) throws -> [Element] {
        if let items = try items(Element.self, from: decoder) { return items }
        let unexpected = ExtractAPIDecodingError(
            .unexpectedRoot,
            "the top-level value must be an array of \(item)s or an object {\"\(root)\": …}",
            path: path(decoder.codingPath)
        )
        guard let object = try? decoder.container(keyedBy: AnyKey.self), let key = object.key(named: root) else {
            throw unexpected
        }
        if try object.decodeNil(forKey: key) { return [] }
        let inner = try object.superDecoder(forKey: key)
        if let items = try items(Element.self, from: inner) { return items }
        if let text = try? inner.singleValueContainer().decode(String.self), text.trimmingWireWhitespace().isEmpty {
            return []
        }
        guard let wrapper = try? inner.container(keyedBy: AnyKey.self) else {
            throw ExtractAPIDecodingError(
                .invalidValue,
                "'\(key.stringValue)' must be an array or an object {\"\(item)\": …}",
                path: path(inner.codingPath)
            )
        }
        guard let itemKey = wrapper.key(named: item), try !wrapper.decodeNil(forKey: itemKey) else { return [] }
        let items = try wrapper.superDecoder(forKey: itemKey)
        if let list = try Self.items(Element.self, from: items) { return list }
        return [try Element(from: items)]
    }

    /// Writes `items` in the shape of the encoder's ``ExtractWire/EncodingOptions/jsonList``.
    static func encodeList<Element: Encodable>(
        _ items: [Element],
        to encoder: any Encoder,
        root: String,
        item: String
    ) throws {
        switch encoder.extractAPIOptions.jsonList {
        case .bare:
            var container = encoder.singleValueContainer()
            try container.encode(items)
        case .wrapped:
            var container = encoder.container(keyedBy: AnyKey.self)
            try container.encode(items, forKey: AnyKey(root))
        case .nested:
            var container = encoder.container(keyedBy: AnyKey.self)
            var inner = container.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey(root))
            try inner.encode(items, forKey: AnyKey(item))
        }
    }

    /// The elements when `decoder` holds an array, `nil` when it holds something else.
    private static func items<Element: Decodable>(_ type: Element.Type, from decoder: any Decoder) throws -> [Element]?
    {
        guard var array = try? decoder.unkeyedContainer() else { return nil }
        var items: [Element] = []
        while !array.isAtEnd { items.append(try array.decode(Element.self)) }
        return items
    }
}

/// A coding key of any name (list wrappers, `{"job": {…}}`).
struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int? = nil

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == AnyKey {
    /// The key whose name is `name` ignoring case.
    func key(named name: String) -> AnyKey? {
        allKeys.first { $0.stringValue.lowercased() == name.lowercased() }
    }
}

extension Decoder {
    /// The object under the key `name` (any case) when this object has one (`{"job": {…}}`), else `nil`.
    func wrappedContainer<Key: CodingKey>(
        named name: String,
        keyedBy type: Key.Type
    ) throws
        -> KeyedDecodingContainer<Key>?
    {
        guard let object = try? container(keyedBy: AnyKey.self), let key = object.key(named: name) else { return nil }
        return try? object.nestedContainer(keyedBy: Key.self, forKey: key)
    }
}
