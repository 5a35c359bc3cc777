public import Foundation

/// A body that travels as JSON. Decoding is lenient and throws ``ExtractAPIDecodingError`` only.
///
/// ```swift
/// let token = try TokenResponse(json: responseBody)
/// let body = try token.jsonData()
/// ```
public protocol JSONWireBody: Sendable {
    /// Decodes the JSON representation.
    init(json data: Data) throws(ExtractAPIDecodingError)
    /// Encodes the JSON representation (compact, keys sorted, slashes unescaped).
    func jsonData(options: ExtractWire.EncodingOptions) throws -> Data
}

/// A body of the Extract API proper, which travels as XML (the default) or JSON.
///
/// ```swift
/// let format = ExtractWire.Format.negotiate(accept: request.headers["Accept"])
/// let body = try job.encoded(as: format)                  // server
/// let job = try ExtractJob(data: body, format: format)    // client
/// ```
public protocol WireBody: JSONWireBody {
    /// Decodes the XML representation.
    init(xml data: Data) throws(ExtractAPIDecodingError)
    /// Encodes the XML representation (UTF-8, default namespace, no XML declaration).
    func xmlData(options: ExtractWire.EncodingOptions) -> Data
}

extension JSONWireBody {
    /// Encodes JSON with the canonical options.
    public func jsonData() throws -> Data { try jsonData(options: .canonical) }
}

extension JSONWireBody where Self: Decodable {
    public init(json data: Data) throws(ExtractAPIDecodingError) {
        self = try JSONWire.decode(Self.self, from: data)
    }
}

extension JSONWireBody where Self: Encodable {
    public func jsonData(options: ExtractWire.EncodingOptions) throws -> Data {
        try JSONWire.encode(self, options: options)
    }
}

extension WireBody {
    /// Encodes XML with the canonical options.
    public func xmlData() -> Data { xmlData(options: .canonical) }

    /// Decodes a body in `format`.
    public init(data: Data, format: ExtractWire.Format) throws(ExtractAPIDecodingError) {
        switch format {
        case .xml: try self.init(xml: data)
        case .json: try self.init(json: data)
        }
    }

    /// Encodes the body in `format`; pair it with `format.mediaType` as the `Content-Type`.
    public func encoded(
        as format: ExtractWire.Format,
        options: ExtractWire.EncodingOptions = .canonical
    ) throws -> Data {
        switch format {
        case .xml: return xmlData(options: options)
        case .json: return try jsonData(options: options)
        }
    }
}
