import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element reduced to what the contract needs: local name, child elements and text.
///
/// The elements of a document live in one flat array (``XMLTree``) and refer to their children by index, so
/// a tree of any depth is built and freed without recursion; parsing also stops at
/// ``ExtractWire/DecodingLimits/maximumXMLDepth``.
struct XMLNode: Sendable {
    private let tree: XMLTree
    private let index: Int

    fileprivate init(tree: XMLTree, index: Int) {
        self.tree = tree
        self.index = index
    }

    /// The local name (any namespace prefix removed).
    var name: String { tree.elements[index].name }
    /// The concatenated character data directly inside the element (untrimmed).
    var text: String { tree.elements[index].text }
    /// The child elements, in document order.
    var children: [XMLNode] { tree.elements[index].children.map { XMLNode(tree: tree, index: $0) } }

    /// Parses a document into its root element.
    static func parse(
        _ data: Data,
        limits: ExtractWire.DecodingLimits = .standard
    ) throws(ExtractAPIDecodingError) -> XMLNode {
        guard data.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw ExtractAPIDecodingError(.emptyBody, "the XML body is empty")
        }
        // Foundation's XMLParser traps on an element name that is not UTF-8 (libxml2 passes the bytes on), so a
        // hostile body would crash the client or the sandbox: the Extract API speaks UTF-8 only; refuse the rest.
        if let offset = firstInvalidUTF8(data) {
            throw ExtractAPIDecodingError(
                .malformedXML,
                "the XML body is not valid UTF-8 (at byte \(offset)); the Extract API sends UTF-8 only"
            )
        }
        // Foundation's XMLParser reads a processing instruction without data (`<?pi?>`) through a null pointer;
        // the Extract API has no use for them: only the XML declaration is accepted.
        if let offset = firstProcessingInstruction(data) {
            throw ExtractAPIDecodingError(
                .malformedXML,
                "the XML body has a processing instruction (at byte \(offset)); only the XML declaration is accepted"
            )
        }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let builder = XMLTreeBuilder(maximumDepth: limits.maximumXMLDepth)
        parser.delegate = builder
        let ok = parser.parse()
        if builder.exceededDepth {
            throw ExtractAPIDecodingError(
                .limitExceeded,
                "the XML body nests elements deeper than \(limits.maximumXMLDepth) levels "
                    + "(line \(parser.lineNumber)); the limit is DecodingLimits.maximumXMLDepth"
            )
        }
        guard ok, builder.isComplete else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "no root element"
            throw ExtractAPIDecodingError(
                .malformedXML,
                "the body is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber)): \(reason)"
            )
        }
        return XMLNode(tree: builder.tree, index: 0)
    }

    /// The offset of the first `<?` that does not open the XML declaration (`<?xml` and a space at the start,
    /// after a byte-order mark), or `nil`.
    static func firstProcessingInstruction(_ data: Data) -> Int? {
        let bytes = [UInt8](data)
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "?") {
                let declaration = Array("<?xml".utf8)
                let isDeclaration =
                    index == start && bytes[index...].starts(with: declaration)
                    && index + 5 < bytes.count && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index + 5])
                if !isDeclaration { return index }
            }
            index += 1
        }
        return nil
    }

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence, or `nil`.
    static func firstInvalidUTF8(_ data: Data) -> Int? {
        var bytes = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }
}

/// Every element of one document, the root first; children are indices into ``elements``.
struct XMLTree: Sendable {
    struct Element: Sendable {
        var name: String
        var text = ""
        var children: [Int] = []
    }

    var elements: [Element] = []
}

/// Builds an ``XMLTree`` from parser events, at most `maximumDepth` deep; used for one parse only.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private(set) var tree = XMLTree()
    /// The indices of the open elements, outermost first.
    private var open: [Int] = []
    private let maximumDepth: Int
    private(set) var exceededDepth = false
    /// `true` once the root element has closed.
    private(set) var isComplete = false

    init(maximumDepth: Int) {
        self.maximumDepth = maximumDepth
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        guard !exceededDepth else { return }
        guard open.count < maximumDepth else {
            exceededDepth = true
            parser.abortParsing()
            return
        }
        let local = elementName.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init)
        let index = tree.elements.count
        tree.elements.append(XMLTree.Element(name: local ?? elementName))
        if let parent = open.last { tree.elements[parent].children.append(index) }
        open.append(index)
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        guard !exceededDepth, open.popLast() != nil else { return }
        if open.isEmpty { isComplete = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let current = open.last else { return }
        tree.elements[current].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard let current = open.last else { return }
        tree.elements[current].text += String(decoding: CDATABlock, as: UTF8.self)
    }
}
