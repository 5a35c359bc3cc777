public import Foundation

/// XML: `<definition xmlns="…"><id>…</id></definition>`; an empty body or `<definition/>` means no URI.
/// A `nil` URI is written as `<definition xmlns="…"/>`.
extension StartJobRequest: WireBody {
    public init(xml data: Data) throws(ExtractAPIDecodingError) {
        guard data.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            self.init()
            return
        }
        let reader = try XMLReader(data: data, rootName: "definition")
        self.init(definitionURI: try reader.url("id"))
    }

    public func xmlData(options: ExtractWire.EncodingOptions) -> Data {
        var writer = XMLWriter()
        if let definitionURI {
            writer.open("definition", namespace: ExtractWire.xmlNamespace)
            writer.leaf("id", definitionURI.absoluteString)
            writer.close("definition")
        } else {
            writer.empty("definition", namespace: ExtractWire.xmlNamespace)
        }
        return Data(writer.text.utf8)
    }
}
