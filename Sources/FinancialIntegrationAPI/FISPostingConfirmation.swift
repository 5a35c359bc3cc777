public import ExtractAPI

/// The body of `POST …/postingconfirmations` (§3.3): one item per document.
///
/// ```swift
/// let request = FISPostingConfirmationRequest(systemId: "LEDGER01", postingConfirmations: [
///     .init(docId: "3331dbeb8e2240ffad7ab5b69492722a", overallPostingStatusCode: .success, postingDocs: [
///         .init(companyId: "0100", documentNumber: "0123456", fiscalYear: .string("2018"), postingDate: "2018-03-02")
///     ]),
/// ])
/// ```
public struct FISPostingConfirmationRequest: Codable, Sendable, Hashable, JSONWireBody {
    /// Required; may be `""`. Code 99 when it differs from the acknowledging system's.
    public var systemId: String
    public var postingConfirmations: [FISPostingConfirmation]

    public init(systemId: String, postingConfirmations: [FISPostingConfirmation]) {
        self.systemId = systemId
        self.postingConfirmations = postingConfirmations
    }
}

/// `overallPostingStatusCode`: lower case on the wire.
public enum FISPostingStatusCode: String, Sendable, Hashable, Codable, CaseIterable {
    case success
    case error
}

/// One posting confirmation request item.
public struct FISPostingConfirmation: Codable, Sendable, Hashable {
    public var docId: String
    public var overallPostingStatusCode: FISPostingStatusCode
    /// The ERP documents created; `[]` on error.
    public var postingDocs: [FISPostingDocument]?
    /// Required (may be `[]`); each becomes an audit-trail line on the report.
    public var systemMessages: [FISSystemMessage]

    public init(
        docId: String,
        overallPostingStatusCode: FISPostingStatusCode,
        postingDocs: [FISPostingDocument] = [],
        systemMessages: [FISSystemMessage] = []
    ) {
        self.docId = docId
        self.overallPostingStatusCode = overallPostingStatusCode
        self.postingDocs = postingDocs
        self.systemMessages = systemMessages
    }
}

/// One `postingDocs[]` element: an ERP document created for the FIS document.
public struct FISPostingDocument: Codable, Sendable, Hashable {
    /// Required: the ERP company code.
    public var companyId: String
    public var documentNumber: String?
    /// int32 in the table, a string (`"2018"`) in the examples.
    public var fiscalYear: FISNumberOrString?
    /// "Usually empty".
    public var paymentRelevantLineItems: [FISJSONValue]?
    /// `YYYY-MM-DD`.
    public var postingDate: String?

    public init(
        companyId: String,
        documentNumber: String?,
        fiscalYear: FISNumberOrString?,
        paymentRelevantLineItems: [FISJSONValue]? = [],
        postingDate: String?
    ) {
        self.companyId = companyId
        self.documentNumber = documentNumber
        self.fiscalYear = fiscalYear
        self.paymentRelevantLineItems = paymentRelevantLineItems
        self.postingDate = postingDate
    }
}

/// One `systemMessages[]` element: a text for the report's audit trail.
public struct FISSystemMessage: Codable, Sendable, Hashable {
    public var concurTransactionLineItemId: String?
    public var messageId: String?
    public var messageLanguage: String?
    /// Typed as an array in the table, `""` in the examples.
    public var messageLongText: FISStringOrList?
    public var messageShortText: String?

    public init(
        concurTransactionLineItemId: String? = "",
        messageId: String?,
        messageLanguage: String? = "EN",
        messageLongText: FISStringOrList? = .single(""),
        messageShortText: String?
    ) {
        self.concurTransactionLineItemId = concurTransactionLineItemId
        self.messageId = messageId
        self.messageLanguage = messageLanguage
        self.messageLongText = messageLongText
        self.messageShortText = messageShortText
    }
}

/// `postingConfirmationResult` of a response item. `SUCCESS` means FIS accepted the confirmation, also an
/// `error` one.
public enum FISPostingConfirmationResult: String, Sendable, Hashable, Codable, CaseIterable {
    case success = "SUCCESS"
    case systemErrorOccurred = "SYSTEM_ERROR_OCCURRED"
    case notYetAcknowledged = "NOT_YET_ACKNOWLEDGED"
    case documentNotFound = "DOCUMENT_NOT_FOUND"
    case failure = "FAILURE"
    case wasRecalled = "WAS_RECALLED"

    /// The result the emulator pairs with `code` (§7 #3): 0 `SUCCESS`, 111 `NOT_YET_ACKNOWLEDGED`,
    /// 112 `WAS_RECALLED`, 199 `SYSTEM_ERROR_OCCURRED`, everything else `FAILURE` (116 too, as in the example).
    public init(code: FISServiceCode) {
        switch code {
        case .success: self = .success
        case .notAcknowledged: self = .notYetAcknowledged
        case .postingRecalled, .acknowledgeRecalled: self = .wasRecalled
        case .unknownError: self = .systemErrorOccurred
        default: self = .failure
        }
    }
}

/// One item of the posting confirmation response array (§3.3).
public struct FISPostingConfirmationResponseItem: Codable, Sendable, Hashable {
    public var code: FISServiceCode
    public var docId: String
    public var systemId: String?
    public var postingConfirmationResult: FISPostingConfirmationResult
    public var errorMessage: String?
    public var detailMessage: String?

    public init(
        code: FISServiceCode,
        docId: String,
        systemId: String?,
        postingConfirmationResult: FISPostingConfirmationResult? = nil,
        errorMessage: String? = "",
        detailMessage: String? = ""
    ) {
        self.code = code
        self.docId = docId
        self.systemId = systemId
        self.postingConfirmationResult = postingConfirmationResult ?? FISPostingConfirmationResult(code: code)
        self.errorMessage = errorMessage
        self.detailMessage = detailMessage
    }

    enum CodingKeys: String, CodingKey {
        case code, docId, systemId, postingConfirmationResult, errorMessage, detailMessage
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(docId, forKey: .docId)
        try container.encode(systemId, forKey: .systemId)
        try container.encode(postingConfirmationResult, forKey: .postingConfirmationResult)
        try container.encode(errorMessage, forKey: .errorMessage)
        try container.encode(detailMessage, forKey: .detailMessage)
    }
}

/// The posting confirmation response: a JSON array of ``FISPostingConfirmationResponseItem``.
public typealias FISPostingConfirmationResponse = FISResponseItems<FISPostingConfirmationResponseItem>
