import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element reduced to what the contract needs: local name, child elements and text.
struct XMLNode: Sendable {
    /// The local name (any namespace prefix removed).
    var name: String
    var children: [XMLNode] = []
    /// The concatenated character data directly inside the element (untrimmed).
    var text: String = ""

    /// Parses a document into its root element.
    static func parse(_ data: Data) throws(ExtractAPIDecodingError) -> XMLNode {
        guard data.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw ExtractAPIDecodingError(.emptyBody, "the XML body is empty")
        }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let builder = XMLTreeBuilder()
        parser.delegate = builder
        let ok = parser.parse()
        guard ok, let root = builder.root else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "no root element"
            throw ExtractAPIDecodingError(
                .malformedXML,
                "the body is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber)): \(reason)"
            )
        }
        return root
    }
}

/// Builds an ``XMLNode`` tree from parser events; used for one parse only.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLNode] = []
    private(set) var root: XMLNode?

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        let local = elementName.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init)
        stack.append(XMLNode(name: local ?? elementName))
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        guard let node = stack.popLast() else { return }
        if stack.isEmpty {
            if root == nil { root = node }
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }
}
