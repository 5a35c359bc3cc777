public import ExtractAPI
public import Foundation

/// The body of `POST …/paymentconfirmations` (§3.4, expense only).
///
/// ```swift
/// let request = FISPaymentConfirmationRequest(systemId: "", processingConfirmation: [
///     .init(docId: "0c06ab044834454d91f83cbd7b6431d2", processingStatusCode: .completelyPaid),
/// ])
/// ```
public struct FISPaymentConfirmationRequest: Codable, Sendable, Hashable, JSONWireBody {
    /// Required; may be `""`.
    public var systemId: String
    public var processingConfirmation: [FISPaymentConfirmation]

    public init(systemId: String, processingConfirmation: [FISPaymentConfirmation]) {
        self.systemId = systemId
        self.processingConfirmation = processingConfirmation
    }
}

/// `processingStatusCode` of a payment confirmation.
public enum FISProcessingStatusCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Completely paid.
    case completelyPaid = "CP"
    /// Partially paid (a `CP` is expected later).
    case partiallyPaid = "PP"
    /// Reversal.
    case reversal = "RE"
    /// Obsolete.
    case obsolete = "OB"
}

/// One payment confirmation request item.
public struct FISPaymentConfirmation: Codable, Sendable, Hashable {
    public var docId: String
    public var processingStatusCode: FISProcessingStatusCode
    /// The reversal or obsolescence text.
    public var additionalMessage: String?
    public var clearingDetails: [FISClearingDetail]?

    public init(
        docId: String,
        processingStatusCode: FISProcessingStatusCode,
        additionalMessage: String? = nil,
        clearingDetails: [FISClearingDetail]? = []
    ) {
        self.docId = docId
        self.processingStatusCode = processingStatusCode
        self.additionalMessage = additionalMessage
        self.clearingDetails = clearingDetails
    }
}

/// One `clearingDetails[]` element. `receiver` and `clearingReference` are objects (typed "array" in the
/// table): an object or a one-element array decodes; an object is encoded.
public struct FISClearingDetail: Codable, Sendable, Hashable {
    /// `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` or `yyyyMMdd`, kept as sent.
    public var clearingDate: String?
    public var clearingAmount: Decimal?
    public var clearingCurrency: String?
    public var receiver: FISReceiver?
    public var clearingReference: FISClearingReference?

    public init(
        clearingDate: String?,
        clearingAmount: Decimal?,
        clearingCurrency: String?,
        receiver: FISReceiver? = nil,
        clearingReference: FISClearingReference? = nil
    ) {
        self.clearingDate = clearingDate
        self.clearingAmount = clearingAmount
        self.clearingCurrency = clearingCurrency
        self.receiver = receiver
        self.clearingReference = clearingReference
    }

    enum CodingKeys: String, CodingKey {
        case clearingDate, clearingAmount, clearingCurrency, receiver, clearingReference
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        clearingDate = try container.decodeIfPresent(String.self, forKey: .clearingDate)
        clearingAmount = try container.decodeIfPresent(Decimal.self, forKey: .clearingAmount)
        clearingCurrency = try container.decodeIfPresent(String.self, forKey: .clearingCurrency)
        receiver = try Self.objectOrSingleElement(FISReceiver.self, container, .receiver)
        clearingReference = try Self.objectOrSingleElement(FISClearingReference.self, container, .clearingReference)
    }

    private static func objectOrSingleElement<T: Decodable>(
        _ type: T.Type,
        _ container: KeyedDecodingContainer<CodingKeys>,
        _ key: CodingKeys
    ) throws -> T? {
        if let list = try? container.decodeIfPresent([T].self, forKey: key) {
            guard list.count <= 1 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: container,
                    debugDescription: "expected one object, got an array of \(list.count)"
                )
            }
            return list.first
        }
        return try container.decodeIfPresent(T.self, forKey: key)
    }
}

/// `receiver` of a clearing detail.
public struct FISReceiver: Codable, Sendable, Hashable {
    public var receiverId: String?
    /// Typed "double" in the table; it is a name (a string in the example).
    public var receiverName: FISNumberOrString?
    /// For example `EMPLOYEE`.
    public var receiverType: String?

    public init(receiverId: String?, receiverName: FISNumberOrString?, receiverType: String?) {
        self.receiverId = receiverId
        self.receiverName = receiverName
        self.receiverType = receiverType
    }
}

/// `clearingReference` of a clearing detail; `paymentRef` is unique per confirmation.
public struct FISClearingReference: Codable, Sendable, Hashable {
    public var companyCode: String?
    /// The ERP document.
    public var financialDocumentId: String?
    public var fiscalYear: FISNumberOrString?
    public var paymentRef: String?
    /// `E` EFT, `C` check.
    public var paymentMethod: String?

    public init(
        companyCode: String?,
        financialDocumentId: String?,
        fiscalYear: FISNumberOrString?,
        paymentRef: String?,
        paymentMethod: String?
    ) {
        self.companyCode = companyCode
        self.financialDocumentId = financialDocumentId
        self.fiscalYear = fiscalYear
        self.paymentRef = paymentRef
        self.paymentMethod = paymentMethod
    }
}

/// `paymentConfirmationResult` of a response item.
public enum FISPaymentConfirmationResult: String, Sendable, Hashable, Codable, CaseIterable {
    case success = "SUCCESS"
    case systemErrorOccurred = "SYSTEM_ERROR_OCCURRED"
    case notPostingConfirmed = "NOT_POSTING_CONFIRMED"
    case documentNotFound = "DOCUMENT_NOT_FOUND"
    case failure = "FAILURE"
    case noop = "NOOP"

    /// The result the emulator pairs with `code` (§7 #12): 0 `SUCCESS`, 111 `NOT_POSTING_CONFIRMED` (the
    /// refusal of ``FISDocumentStatus/transition(_:)`` before a posting success), 298 `NOOP` (duplicate
    /// `paymentRef`, as in the example), 199 `SYSTEM_ERROR_OCCURRED`, everything else `FAILURE` (116 and 213).
    public init(code: FISServiceCode) {
        switch code {
        case .success: self = .success
        case .notAcknowledged: self = .notPostingConfirmed
        case .invalidPaymentRequest: self = .noop
        case .unknownError: self = .systemErrorOccurred
        default: self = .failure
        }
    }
}

/// One item of the payment confirmation response array (§3.4).
public struct FISPaymentConfirmationResponseItem: Codable, Sendable, Hashable {
    public var code: FISServiceCode
    public var docId: String
    public var systemId: String?
    public var paymentConfirmationResult: FISPaymentConfirmationResult
    public var errorMessage: String?
    public var paymentRef: String?
    public var detailMessage: String?

    public init(
        code: FISServiceCode,
        docId: String,
        systemId: String?,
        paymentConfirmationResult: FISPaymentConfirmationResult? = nil,
        errorMessage: String? = nil,
        paymentRef: String?,
        detailMessage: String? = ""
    ) {
        self.code = code
        self.docId = docId
        self.systemId = systemId
        self.paymentConfirmationResult = paymentConfirmationResult ?? FISPaymentConfirmationResult(code: code)
        self.errorMessage = errorMessage
        self.paymentRef = paymentRef
        self.detailMessage = detailMessage
    }

    enum CodingKeys: String, CodingKey {
        case code, docId, systemId, paymentConfirmationResult, errorMessage, paymentRef, detailMessage
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(docId, forKey: .docId)
        try container.encode(systemId, forKey: .systemId)
        try container.encode(paymentConfirmationResult, forKey: .paymentConfirmationResult)
        try container.encode(errorMessage, forKey: .errorMessage)
        try container.encode(paymentRef, forKey: .paymentRef)
        try container.encode(detailMessage, forKey: .detailMessage)
    }
}

/// The payment confirmation response: a JSON array of ``FISPaymentConfirmationResponseItem``.
public typealias FISPaymentConfirmationResponse = FISResponseItems<FISPaymentConfirmationResponseItem>
