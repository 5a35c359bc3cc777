public import ExtractAPI

/// One extract definition as `definitions` prints it.
///
/// ```swift
/// for definition in try await client.definitions().map(DefinitionReport.init) { print(definition.text) }
/// ```
public struct DefinitionReport: Sendable, Hashable, Codable {
    /// The definition's id (`""` when Concur gave none).
    public var id: String
    public var name: String
    public var url: String
    public var jobLink: String

    public init(_ definition: ExtractDefinition) {
        id = definition.definitionID ?? ""
        name = definition.name
        url = definition.id.absoluteString
        jobLink = definition.jobLink.absoluteString
    }

    /// `id  name` (the URL when there is no id).
    public var text: String { "\(id.isEmpty ? url : id)  \(name)" }
}
