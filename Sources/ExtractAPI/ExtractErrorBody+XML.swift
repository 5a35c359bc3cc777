public import Foundation

/// XML: `<Error><Message/><Server-Time/><Id/></Error>`, no namespace; names match case-insensitively.
extension ExtractErrorBody: WireBody {
    public init(xml data: Data) throws(ExtractAPIDecodingError) {
        let reader = try XMLReader(data: data, rootName: "Error")
        self.init(
            message: try reader.requiredText("Message"),
            serverTime: reader.text("Server-Time"),
            id: reader.text("Id")
        )
    }

    public func xmlData(options: ExtractWire.EncodingOptions) -> Data {
        var writer = XMLWriter()
        writer.open("Error")
        writer.leaf("Message", message)
        writer.leaf("Server-Time", serverTime)
        writer.leaf("Id", id)
        writer.close("Error")
        return Data(writer.text.utf8)
    }
}
