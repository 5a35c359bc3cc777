public import FinancialIntegrationAPI
public import Foundation

/// Where a company's new reports go (spec §1.1): SAE files of the Extract API, or FIS documents.
public enum SandboxReportSource: String, Sendable, Hashable, Codable, CaseIterable {
    case extract
    case fis
}

/// One FIS financial document as the sandbox keeps it: which report it carries, its `docStatus`, and what the
/// integration told the sandbox about it. The document's content is built from the report when it is served
/// (``ExpenseReport/fisDocument(companyID:)``), so it is the same bytes on every read.
public struct SandboxFISDocument: Sendable, Hashable, Codable {
    /// The FIS id: 32 lower-case hex, the key of acknowledgements and confirmations.
    public var id: String
    /// The business id (`reportId`), the `docId` query parameter of GET.
    public var reportID: String
    public var docType: FISDocumentType
    /// Creation order within the company (the order of GET, spec §7 #6).
    public var sequence: Int
    public var status: FISDocumentStatus
    /// The `systemId` that acknowledged it (`nil` while ready or when acknowledged without one).
    public var erpSystemID: String?
    /// The posting confirmation accepted for it, if any.
    public var posting: Posting?
    /// The payment confirmations accepted, in order.
    public var payments: [Payment]
    /// The failed or recalled document this one resubmits (the same report), if any.
    public var resubmissionOf: String?
    /// What is wrong with the document's content, applied each time it is served (admin route
    /// `/_sandbox/fis/defect`); `nil` for a sound document. A resubmission is sound: the customer fixed the report.
    public var defect: Defect? = nil

    /// A defect the sandbox can give a document's content, as a customer's wrong report would have it.
    public enum Defect: String, Sendable, Hashable, Codable, CaseIterable {
        /// The first expense entry with journal lines lost its GL account: no `journalAccountCode` on its lines and
        /// no `clearingAccountCode` on the entry (its expense type is not mapped to an account in Concur). An
        /// integration cannot post it (`FISJournalBuilder` refuses it with `fis-missing-account`).
        case missingAccount = "missing-account"
    }

    /// A posting confirmation as received.
    public struct Posting: Sendable, Hashable, Codable {
        /// `success` or `error`.
        public var result: FISPostingStatusCode
        /// The `systemId` of the confirmation request.
        public var systemID: String
        /// `postingDocs[].documentNumber`, in order (the ledger's document numbers).
        public var documentNumbers: [String]
        public var fiscalYears: [String]
        public var postingDates: [String]
        /// `systemMessages[].messageShortText`, the report's audit trail.
        public var messages: [String]
    }

    /// A payment confirmation as received.
    public struct Payment: Sendable, Hashable, Codable {
        public var status: FISProcessingStatusCode
        /// `clearingDetails[].clearingReference.paymentRef`.
        public var paymentRefs: [String]
        public var systemID: String
    }

    /// Whether GET without `ignoreDocumentStatus=yes` lists it.
    public var isReady: Bool { status == .ready }
}
