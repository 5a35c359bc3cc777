public import ExtractAPI

/// The body of `POST …/acknowledgements` (§3.2).
///
/// `systemId` is optional in the markdown and required in the OpenAPI file; it is omitted when `nil`
/// (the emulator accepts a missing one as `null`, §7 #11).
///
/// ```swift
/// let request = FISAcknowledgeRequest(ids: page.documents.map(\.id), systemId: "LEDGER01")
/// let body = try request.jsonData()   // {"ids":[…],"systemId":"LEDGER01"}
/// ```
public struct FISAcknowledgeRequest: Codable, Sendable, Hashable, JSONWireBody {
    public var ids: [String]
    public var systemId: String?

    public init(ids: [String], systemId: String? = nil) {
        self.ids = ids
        self.systemId = systemId
    }
}

/// `acknowledgeResult` of an acknowledgement response item.
public enum FISAcknowledgeResult: String, Sendable, Hashable, Codable, CaseIterable {
    case success = "SUCCESS"
    case failure = "FAILURE"
}

/// One item of the acknowledgement response array (§3.2).
public struct FISAcknowledgeResponseItem: Codable, Sendable, Hashable {
    public var code: FISServiceCode
    public var docId: String
    public var systemId: String?
    public var acknowledgeResult: FISAcknowledgeResult
    public var errorMessage: String?

    public init(
        code: FISServiceCode,
        docId: String,
        systemId: String?,
        acknowledgeResult: FISAcknowledgeResult? = nil,
        errorMessage: String? = ""
    ) {
        self.code = code
        self.docId = docId
        self.systemId = systemId
        self.acknowledgeResult = acknowledgeResult ?? (code.isSuccess ? .success : .failure)
        self.errorMessage = errorMessage
    }

    enum CodingKeys: String, CodingKey { case code, docId, systemId, acknowledgeResult, errorMessage }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(docId, forKey: .docId)
        try container.encode(systemId, forKey: .systemId)
        try container.encode(acknowledgeResult, forKey: .acknowledgeResult)
        try container.encode(errorMessage, forKey: .errorMessage)
    }
}

/// The acknowledgement response: a JSON array of ``FISAcknowledgeResponseItem``.
///
/// ```swift
/// let response = try FISAcknowledgeResponse(json: body)
/// let acknowledged = response.items.filter { $0.code.isSuccess }.map(\.docId)
/// ```
public typealias FISAcknowledgeResponse = FISResponseItems<FISAcknowledgeResponseItem>
