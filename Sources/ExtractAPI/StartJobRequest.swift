public import Foundation

/// The body of `POST …/{DefinitionID}/job`: the documented `<definition><id>…</id></definition>`, a
/// JSON `{"id": "…"}`, or nothing at all (the SAP Postman collection sends no body). All three decode.
///
/// ```swift
/// let body = StartJobRequest(definitionURI: definition.id).xmlData()
/// let request = try StartJobRequest(data: Data(), format: .xml)   // empty body → definitionURI == nil
/// ```
public struct StartJobRequest: Sendable, Hashable {
    /// The URI of the definition to run, when the body names one. A server answers 400 when it names a
    /// definition other than the one in the path.
    public var definitionURI: URL?

    public init(definitionURI: URL? = nil) { self.definitionURI = definitionURI }
}
