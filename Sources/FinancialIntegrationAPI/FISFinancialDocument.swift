import ExtractAPI
public import Foundation

/// The content of a transaction's `document`, typed by the transaction's `docType` (§5).
///
/// ```swift
/// switch try transaction.financialDocument() {
/// case .expense(let report): print(report.report.reportId)
/// case .invoice(let invoice): print(invoice.requestHeader.requestId)
/// case .cashAdvance(let advance): print(advance.cashAdvanceData.cashAdvanceId)
/// case .other(let type, _): print("not posted by this project:", type)
/// }
/// ```
public enum FISFinancialDocument: Sendable, Hashable {
    case expense(FISExpenseDocument)
    case invoice(FISInvoiceDocument)
    case cashAdvance(FISCashAdvanceDocument)
    /// Payroll and obligation documents, kept as generic JSON (outside this project's posting scope).
    case other(FISDocumentType, FISJSONValue)

    /// Decodes the document of a transaction of `type` from `decoder`.
    init(from decoder: any Decoder, type: FISDocumentType) throws {
        switch type {
        case .expense: self = .expense(try FISExpenseDocument(from: decoder))
        case .invoice: self = .invoice(try FISInvoiceDocument(from: decoder))
        case .cashAdvance: self = .cashAdvance(try FISCashAdvanceDocument(from: decoder))
        case .payroll, .obligation, .requestObligation, .reportObligation:
            self = .other(type, try FISJSONValue(from: decoder))
        }
    }

    /// The document's JSON text (the form `DocumentFormatAs: text` sends, §7 #4).
    public func jsonText() throws -> String {
        String(decoding: try JSONWire.encode(FISDocumentEncoding(document: self), options: .canonical), as: UTF8.self)
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .expense(let document): try document.encode(to: encoder)
        case .invoice(let document): try document.encode(to: encoder)
        case .cashAdvance(let document): try document.encode(to: encoder)
        case .other(_, let value): try value.encode(to: encoder)
        }
    }
}

/// Encodes a ``FISFinancialDocument`` on its own.
struct FISDocumentEncoding: Encodable {
    let document: FISFinancialDocument
    func encode(to encoder: any Encoder) throws { try document.encode(to: encoder) }
}

/// Decodes a document of a given type on its own (the text form of `document`).
struct FISDocumentDecoding: Decodable {
    static let typeKey: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "FinancialIntegrationAPI.documentType") else {
            preconditionFailure("CodingUserInfoKey rejected a constant raw value")
        }
        return key
    }()

    let document: FISFinancialDocument

    init(from decoder: any Decoder) throws {
        let type = decoder.userInfo[Self.typeKey] as? FISDocumentType ?? .expense
        document = try FISFinancialDocument(from: decoder, type: type)
    }
}
