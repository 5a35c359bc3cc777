/// The answer of `GET /api/expense/extract/v1.0/`: every extract definition the company has.
///
/// XML wraps the items in `<definitions>`; JSON is a top-level array.
///
/// ```swift
/// let list = try ExtractDefinitionList(data: body, format: .json)
/// let names = list.definitions.map(\.name)
/// ```
public struct ExtractDefinitionList: Sendable, Hashable, ExpressibleByArrayLiteral {
    public var definitions: [ExtractDefinition]

    public init(_ definitions: [ExtractDefinition]) { self.definitions = definitions }

    public init(arrayLiteral elements: ExtractDefinition...) { self.init(elements) }

    /// The first definition with exactly this name.
    public func first(named name: String) -> ExtractDefinition? { definitions.first { $0.name == name } }
}
