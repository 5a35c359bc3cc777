import Foundation

/// Reads the children of one element leniently: local names compared case-insensitively, any order,
/// unknown children ignored, text trimmed; every failure names the element path.
struct XMLReader {
    let node: XMLNode
    /// The element path so far, e.g. `jobs/job[2]`.
    let path: String

    init(node: XMLNode, path: String) {
        self.node = node
        self.path = path
    }

    /// A reader for the root of `data`, which must be the element `rootName`.
    init(
        data: Data,
        rootName: String,
        limits: ExtractWire.DecodingLimits = .standard
    ) throws(ExtractAPIDecodingError) {
        let root = try XMLNode.parse(data, limits: limits)
        guard root.name.caseInsensitiveCompare(rootName) == .orderedSame else {
            throw ExtractAPIDecodingError(
                .unexpectedRoot,
                "expected root element '\(rootName)' but found '\(root.name)'",
                path: root.name
            )
        }
        self.init(node: root, path: root.name)
    }

    /// The child readers named `name`, with 1-based indexed paths.
    func children(named name: String) -> [XMLReader] {
        let matching = node.children.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        return matching.enumerated().map { XMLReader(node: $1, path: "\(path)/\(name)[\($0 + 1)]") }
    }

    /// The trimmed text of the first child `name`; `nil` when absent or empty.
    func text(_ name: String) -> String? {
        guard let child = node.children.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame })
        else { return nil }
        let trimmed = child.text.trimmingWireWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    func requiredText(_ name: String) throws(ExtractAPIDecodingError) -> String {
        guard let text = text(name) else { throw .missing(name, path: "\(path)/\(name)") }
        return text
    }

    func url(_ name: String) throws(ExtractAPIDecodingError) -> URL? {
        guard let text = text(name) else { return nil }
        guard let url = WireValue.url(text) else { throw .invalidURL(name, path: "\(path)/\(name)", value: text) }
        return url
    }

    func requiredURL(_ name: String) throws(ExtractAPIDecodingError) -> URL {
        guard let url = try url(name) else { throw .missing(name, path: "\(path)/\(name)") }
        return url
    }

    func timestamp(_ name: String) throws(ExtractAPIDecodingError) -> ExtractTimestamp? {
        guard let text = text(name) else { return nil }
        guard let value = ExtractTimestamp(parsing: text) else {
            throw .invalidTimestamp(name, path: "\(path)/\(name)", value: text)
        }
        return value
    }

    func requiredTimestamp(_ name: String) throws(ExtractAPIDecodingError) -> ExtractTimestamp {
        guard let value = try timestamp(name) else { throw .missing(name, path: "\(path)/\(name)") }
        return value
    }
}

/// Conversions shared by the XML and JSON readers.
enum WireValue {
    /// A URL from trimmed link text; `nil` when Foundation cannot parse it or it has spaces inside.
    static func url(_ text: String) -> URL? {
        guard !text.isEmpty, !text.contains(where: \.isWhitespace) else { return nil }
        return URL(string: text)
    }
}
