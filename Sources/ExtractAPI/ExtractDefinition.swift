public import Foundation

/// An extract definition: what Concur can extract, and where to start and list its jobs.
///
/// ```swift
/// let list = try ExtractDefinitionList(xml: body)
/// if let sae = list.definitions.first(where: { $0.name == "Standard Accounting Extract" }) {
///     print(sae.jobsURL)   // POST here to start a job, GET to list the last 100 jobs
/// }
/// ```
public struct ExtractDefinition: Sendable, Hashable {
    /// The absolute URI of the definition itself (`id`).
    public var id: URL
    /// The display name (`name`), e.g. `Standard Accounting Extract`.
    public var name: String
    /// The absolute URI for starting and listing jobs (`job-link`), as received.
    public var jobLink: URL

    public init(id: URL, name: String, jobLink: URL) {
        self.id = id
        self.name = name
        self.jobLink = jobLink
    }

    /// The URI to start and list jobs: ``jobLink``, or `{id}/job` when a documentation quirk made
    /// `job-link` equal to `id` (§14 item 6).
    public var jobsURL: URL {
        guard jobLink == id else { return jobLink }
        var text = id.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text + "/job") ?? jobLink
    }

    /// The definition ID, read from the path of ``id`` when it has the documented shape.
    public var definitionID: String? { ExtractWire.Route(url: id)?.definitionID }

    /// The definition ID whatever the shape of ``id`` (its last path segment otherwise): the same under any host.
    public var stableID: String { definitionID ?? id.lastPathComponent }

    /// The URL of job `jobID` of this definition under the current ``jobsURL`` (host and port as given now).
    ///
    /// ```swift
    /// definition.jobURL(jobID: "uIo87jk3")   // {job-link}/uIo87jk3; its status is at …/uIo87jk3/status
    /// ```
    public func jobURL(jobID: String) -> URL? {
        var base = jobsURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/" + ExtractWire.Route.encode(jobID))
    }
}
