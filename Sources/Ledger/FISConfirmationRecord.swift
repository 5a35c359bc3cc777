public import AccountingExtract
public import Foundation

/// The FIS posting confirmation of one document as this ledger records it before sending (issue 12): what is
/// sent to Concur can never differ from what the ledger holds.
///
/// ```swift
/// let record = FISConfirmationRecord(company: "acme", docId: id, result: .success, documentNumber: "CE-12",
///                                    fiscalYear: 2019, postingDate: date, messagesJSON: "[]", recordedAt: now)
/// let stored = try await store.recordFISConfirmation(record)   // the same content on every call
/// ```
public struct FISConfirmationRecord: Sendable, Hashable, Codable {
    /// `success` or `error`, as `overallPostingStatusCode`.
    public enum Result: String, Sendable, Hashable, Codable {
        case success
        case error
    }

    public var company: String
    public var docId: String
    public var result: Result
    /// The ledger's document number (success only).
    public var documentNumber: String?
    public var fiscalYear: Int?
    public var postingDate: CalendarDate?
    /// The `systemMessages` sent, as JSON (`[]` for a success).
    public var messagesJSON: String
    public var recordedAt: Date
    /// When Concur's answer was recorded; `nil` while unanswered.
    public var answeredAt: Date?
    /// Concur's service code (0 accepted, 113 already confirmed, …).
    public var answerCode: Int?

    public init(
        company: String,
        docId: String,
        result: Result,
        documentNumber: String? = nil,
        fiscalYear: Int? = nil,
        postingDate: CalendarDate? = nil,
        messagesJSON: String = "[]",
        recordedAt: Date,
        answeredAt: Date? = nil,
        answerCode: Int? = nil
    ) {
        self.company = company
        self.docId = docId
        self.result = result
        self.documentNumber = documentNumber
        self.fiscalYear = fiscalYear
        self.postingDate = postingDate
        self.messagesJSON = messagesJSON
        self.recordedAt = recordedAt
        self.answeredAt = answeredAt
        self.answerCode = answerCode
    }

    /// Whether `other` would send the same confirmation (times and answer aside).
    public func hasSameContent(as other: FISConfirmationRecord) -> Bool {
        company == other.company && docId == other.docId && result == other.result
            && documentNumber == other.documentNumber && fiscalYear == other.fiscalYear
            && postingDate == other.postingDate && messagesJSON == other.messagesJSON
    }
}

/// What the ledger confirms for a posted FIS document: its document number, fiscal year and posting date.
///
/// Decision: the document number is `"CE-"` and the loaded batch's `batch_key` (short, unique in the ledger,
/// never reused); the fiscal year is the calendar year of the batch date (the posting date).
public struct FISPostingReference: Sendable, Hashable, Codable {
    public var documentNumber: String
    public var fiscalYear: Int
    public var postingDate: CalendarDate

    public init(documentNumber: String, fiscalYear: Int, postingDate: CalendarDate) {
        self.documentNumber = documentNumber
        self.fiscalYear = fiscalYear
        self.postingDate = postingDate
    }
}
