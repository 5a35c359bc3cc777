/// The `{docType}` of the path and of each document (§2.1): the union of every value the sources list.
///
/// ```swift
/// FISDocumentType(rawValue: "cashadvance")   // .cashAdvance
/// FISDocumentType.expense.acceptsPaymentConfirmations   // true
/// ```
public enum FISDocumentType: String, Sendable, Hashable, Codable, CaseIterable {
    case expense
    case invoice
    case cashAdvance = "cashadvance"
    case payroll
    /// The older revision's and the Postman collection's name for obligations.
    case obligation
    case requestObligation = "requestobligation"
    case reportObligation = "reportobligation"

    /// Whether this project models the document's content (expense, invoice, cash advance); the others decode
    /// as generic JSON (§5.14: outside the posting scope).
    public var isModelled: Bool {
        switch self {
        case .expense, .invoice, .cashAdvance: return true
        case .payroll, .obligation, .requestObligation, .reportObligation: return false
        }
    }

    /// Payment confirmations exist for expense documents only (§3.4).
    public var acceptsPaymentConfirmations: Bool { self == .expense }
}
