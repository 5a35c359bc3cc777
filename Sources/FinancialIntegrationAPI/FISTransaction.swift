public import ExtractAPI
public import Foundation

/// One element of a GET response's `content` (the OpenAPI `FIDocument`, §3.1): identity, status and the
/// financial document.
///
/// `document` arrives as an object or as a JSON string (§5.1 Conflict); both are kept as they came (see
/// ``FISDocumentPayload``) and ``financialDocument(limits:)`` returns the typed document either way.
///
/// ```swift
/// let page = try FISTransactionPage(json: body)
/// for transaction in page.documents where transaction.docStatus == .ready {
///     let document = try transaction.financialDocument()
///     print(transaction.id, document)
/// }
/// ```
public struct FISTransaction: Codable, Sendable, Hashable {
    /// The FIS document id (32 lower-case hex): the key of acknowledgements and confirmations.
    public var id: String
    public var docType: FISDocumentType
    public var companyId: String?
    public var entityId: String?
    public var companyUuid: String?
    /// The system that acknowledged it; `""` or `null` while ready.
    public var erpSystemId: String?
    public var document: FISDocumentPayload
    public var docStatus: FISDocumentStatus
    public var links: [FISLink]?
    /// OpenAPI only: an undocumented summary.
    public var documentBlob: FISDocumentBlob?

    public init(
        id: String,
        docType: FISDocumentType,
        companyId: String? = nil,
        entityId: String? = nil,
        companyUuid: String? = nil,
        erpSystemId: String? = nil,
        document: FISDocumentPayload,
        docStatus: FISDocumentStatus,
        links: [FISLink]? = [],
        documentBlob: FISDocumentBlob? = nil
    ) {
        self.id = id
        self.docType = docType
        self.companyId = companyId
        self.entityId = entityId
        self.companyUuid = companyUuid
        self.erpSystemId = erpSystemId
        self.document = document
        self.docStatus = docStatus
        self.links = links
        self.documentBlob = documentBlob
    }

    enum CodingKeys: String, CodingKey {
        case id, docType, companyId, entityId, companyUuid, erpSystemId, document, docStatus, links, documentBlob
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        docType = try container.decode(FISDocumentType.self, forKey: .docType)
        companyId = try container.decodeIfPresent(String.self, forKey: .companyId)
        entityId = try container.decodeIfPresent(String.self, forKey: .entityId)
        companyUuid = try container.decodeIfPresent(String.self, forKey: .companyUuid)
        erpSystemId = try container.decodeIfPresent(String.self, forKey: .erpSystemId)
        if !container.contains(.document) {
            throw DecodingError.keyNotFound(
                CodingKeys.document,
                DecodingError.Context(codingPath: container.codingPath, debugDescription: "no document")
            )
        } else if let text = try? container.decode(String.self, forKey: .document) {
            document = .text(text)
        } else {
            let nested = try container.superDecoder(forKey: .document)
            document = .object(try FISFinancialDocument(from: nested, type: docType))
        }
        docStatus = try container.decode(FISDocumentStatus.self, forKey: .docStatus)
        links = try container.decodeIfPresent([FISLink].self, forKey: .links)
        documentBlob = try container.decodeIfPresent(FISDocumentBlob.self, forKey: .documentBlob)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(docType, forKey: .docType)
        try container.encode(companyId, forKey: .companyId)
        try container.encode(entityId, forKey: .entityId)
        try container.encode(companyUuid, forKey: .companyUuid)
        try container.encode(erpSystemId, forKey: .erpSystemId)
        switch document {
        case .object(let value): try value.encode(to: container.superEncoder(forKey: .document))
        case .text(let text): try container.encode(text, forKey: .document)
        }
        try container.encode(docStatus, forKey: .docStatus)
        try container.encodeIfPresent(links, forKey: .links)
        try container.encodeIfPresent(documentBlob, forKey: .documentBlob)
    }

    /// The typed financial document: the object as decoded, or the string parsed as JSON (its errors name the
    /// key path under `document`).
    public func financialDocument(
        limits: ExtractWire.DecodingLimits = .standard
    ) throws(ExtractAPIDecodingError) -> FISFinancialDocument {
        switch document {
        case .object(let value):
            return value
        case .text(let text):
            do {
                return try JSONWire.decode(
                    FISDocumentDecoding.self,
                    from: Data(text.utf8),
                    limits: limits,
                    userInfo: [FISDocumentDecoding.typeKey: docType]
                ).document
            } catch {
                var located = error
                located.path = "document" + (error.path.map { $0.hasPrefix("[") ? $0 : "." + $0 } ?? "")
                if error.code == .malformedJSON || error.code == .unexpectedRoot {
                    located.message =
                        "the text of 'document' is not a JSON \(docType.rawValue) document: "
                        + error.message
                }
                throw located
            }
        }
    }
}

/// How `document` arrived (§5.1): a JSON object (`DocumentFormatAs: json`, every example file) or a string
/// (`DocumentFormatAs: text`, the GET example's `"{THE_FINANCIAL_DOCUMENT}"`). Each encodes back in its form.
///
/// The text is kept verbatim: what `text` carries is Open (§7 #4), and the GET example's placeholder is not
/// JSON. ``FISTransaction/financialDocument(limits:)`` parses it.
///
/// ```swift
/// let payload = FISDocumentPayload.text(try document.jsonText())
/// ```
public enum FISDocumentPayload: Sendable, Hashable {
    case object(FISFinancialDocument)
    case text(String)
}

/// The OpenAPI-only `documentBlob` summary of a transaction (§3.1).
public struct FISDocumentBlob: Codable, Sendable, Hashable {
    public struct Employee: Codable, Sendable, Hashable {
        public var id: String?
        public var firstName: String?
        public var lastName: String?
    }

    public struct Report: Codable, Sendable, Hashable {
        public var id: String?
        public var name: String?
        public var submitDate: String?
        public var totalApprovedAmount: Decimal?
        public var employeeCurrencyAlphaCode: String?
    }

    public var employee: Employee?
    public var report: Report?
}
