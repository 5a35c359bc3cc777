public import Foundation

/// The FIS payment confirmation of one document as this ledger records it **before** sending (issue 12, item 5):
/// a crash after sending re-sends exactly the recorded content, and a rerun with the same file sends nothing new.
///
/// The key is (company, document id, payment reference): the payment reference (`paymentRef`) is unique per
/// payment confirmation, and Concur answers a repeated one with 298 `NOOP`.
///
/// ```swift
/// let record = FISPaymentRecord(company: "acme", docId: id, paymentRef: "PAY-1", status: "CP",
///                               clearingJSON: #"{"clearingAmount":10}"#, recordedAt: now)
/// let stored = try await store.recordFISPayment(record)   // the same content on every call
/// try await store.answerFISPayment(company: "acme", docId: id, paymentRef: "PAY-1", code: 0)
/// ```
public struct FISPaymentRecord: Sendable, Hashable, Codable {
    public var company: String
    public var docId: String
    public var paymentRef: String
    /// `CP`, `PP`, `RE` or `OB` (`processingStatusCode`).
    public var status: String
    /// What is sent besides the status: the clearing details and message, as canonical JSON.
    public var clearingJSON: String
    public var recordedAt: Date
    /// When Concur's answer was recorded; `nil` while unanswered (never sent, or the answer was lost).
    public var answeredAt: Date?
    /// Concur's service code (0 accepted, 298 already recorded, 111 not posting-confirmed, …).
    public var answerCode: Int?

    public init(
        company: String,
        docId: String,
        paymentRef: String,
        status: String,
        clearingJSON: String,
        recordedAt: Date,
        answeredAt: Date? = nil,
        answerCode: Int? = nil
    ) {
        self.company = company
        self.docId = docId
        self.paymentRef = paymentRef
        self.status = status
        self.clearingJSON = clearingJSON
        self.recordedAt = recordedAt
        self.answeredAt = answeredAt
        self.answerCode = answerCode
    }

    /// Whether `other` would send the same confirmation (times and answer aside).
    public func hasSameContent(as other: FISPaymentRecord) -> Bool {
        company == other.company && docId == other.docId && paymentRef == other.paymentRef && status == other.status
            && clearingJSON == other.clearingJSON
    }

    /// Whether a document may carry several confirmations of this status with different references: only partial
    /// payments (`PP`) may; a second `CP`, `RE` or `OB` under another reference is a conflict.
    public var allowsSeveral: Bool { status == "PP" }
}
