import AccountingExtract
public import FinancialIntegrationAPI
import Foundation

/// The FIS lifecycle of one company's documents: pure state changes, every status change through
/// `FISDocumentStatus.transition(_:)` (the one table), each answered with the per-document service code (§4).
extension SandboxCompany {
    /// The index of the document with this FIS id.
    func fisDocumentIndex(id: String) -> Int? { fisDocuments.firstIndex { $0.id == id } }

    /// The content of `document`, built from what it carries: an expense document from its report, an invoice
    /// from its payment request, a cash advance from the advance a report applies (keyed by the advance's key).
    /// `nil` when the source is gone (never for documents the sandbox created).
    func fisContent(of document: SandboxFISDocument) -> FISFinancialDocument? {
        switch document.docType {
        case .expense:
            return reports.first { $0.id == document.reportID }.map {
                .expense($0.fisDocument().applying(document.defect))
            }
        case .invoice:
            return paymentRequests.first { $0.id == document.reportID }.map { .invoice($0.fisDocument()) }
        case .cashAdvance:
            return reports.lazy.compactMap { report in
                report.cashAdvance?.key == document.reportID ? report.fisCashAdvanceDocument() : nil
            }.first.map { .cashAdvance($0) }
        case .payroll, .obligation, .requestObligation, .reportObligation:
            return nil
        }
    }

    /// Adds a `READY` document of `docType` for the business id `reportID` (a report, payment request or cash
    /// advance key) with a new FIS id (32 lower-case hex, never reused).
    @discardableResult
    mutating func addFISDocument(
        reportID: String,
        docType: FISDocumentType = .expense,
        seed: UInt64,
        resubmissionOf: String? = nil
    ) -> SandboxFISDocument {
        let number = nextFISDocumentNumber ?? 1
        nextFISDocumentNumber = number + 1
        var random = SeededRandomNumberGenerator(
            seed: seed ^ id.hashValueStable ^ (UInt64(number) &* 0x9E37_79B9_7F4A_7C15)
        )
        let fisID = (0..<2).map { _ in String(random.next(), radix: 16).leftPadded(to: 16) }.joined()
        let document = SandboxFISDocument(
            id: fisID,
            reportID: reportID,
            docType: docType,
            sequence: number,
            status: .ready,
            erpSystemID: nil,
            posting: nil,
            payments: [],
            resubmissionOf: resubmissionOf
        )
        fisDocuments.append(document)
        return document
    }

    /// `POST …/acknowledgements` for one id.
    mutating func acknowledgeFIS(
        id docID: String,
        type: FISDocumentType,
        systemID: String?
    ) -> FISAcknowledgeResponseItem {
        guard let index = fisDocumentIndex(id: docID) else {
            return FISAcknowledgeResponseItem(
                code: .acknowledgeUnknownDocument,
                docId: docID,
                systemId: systemID,
                errorMessage: "This document does not exist."
            )
        }
        let document = fisDocuments[index]
        guard document.docType == type else {
            return FISAcknowledgeResponseItem(
                code: .acknowledgeWrongType,
                docId: docID,
                systemId: systemID,
                errorMessage: Self.fisMessage(.acknowledgeWrongType)
            )
        }
        switch document.status.transition(.acknowledge) {
        case .success(let status):
            fisDocuments[index].status = status
            fisDocuments[index].erpSystemID = systemID
            return FISAcknowledgeResponseItem(code: .success, docId: docID, systemId: systemID, errorMessage: "")
        case .failure(let code):
            let message =
                code == .previouslyAcknowledged
                ? "This document was previously acknowledged by SystemId: \(document.erpSystemID ?? "null")."
                : Self.fisMessage(code)
            return FISAcknowledgeResponseItem(
                code: code,
                docId: docID,
                systemId: code == .previouslyAcknowledged ? document.erpSystemID : systemID,
                errorMessage: message
            )
        }
    }

    /// `POST …/postingconfirmations` for one item.
    mutating func confirmFISPosting(
        _ item: FISPostingConfirmation,
        type: FISDocumentType,
        systemID: String
    ) -> FISPostingConfirmationResponseItem {
        func refuse(_ code: FISServiceCode, _ message: String? = nil) -> FISPostingConfirmationResponseItem {
            FISPostingConfirmationResponseItem(
                code: code,
                docId: item.docId,
                systemId: systemID,
                errorMessage: message ?? Self.fisMessage(code)
            )
        }
        guard let index = fisDocumentIndex(id: item.docId) else {
            return refuse(.postingUnknownDocument, "This document does not exist.")
        }
        let document = fisDocuments[index]
        guard document.docType == type else { return refuse(.postingWrongType) }
        if Self.fisSystemsDiffer(stored: document.erpSystemID, sent: systemID) {
            return refuse(.systemIDMismatch)
        }
        let postingDocs = item.postingDocs ?? []
        if item.overallPostingStatusCode == .success
            && (postingDocs.isEmpty || postingDocs.contains { $0.companyId.isEmpty })
        {
            return refuse(.invalidRequest, "A success confirmation needs postingDocs, each with a companyId.")
        }
        if item.overallPostingStatusCode == .error && item.systemMessages.isEmpty {
            return refuse(.invalidRequest, "An error confirmation needs systemMessages saying what failed.")
        }
        switch document.status.transition(.confirmPosting(item.overallPostingStatusCode)) {
        case .success(let status):
            fisDocuments[index].status = status
            fisDocuments[index].posting = SandboxFISDocument.Posting(
                result: item.overallPostingStatusCode,
                systemID: systemID,
                documentNumbers: postingDocs.compactMap(\.documentNumber),
                fiscalYears: postingDocs.compactMap { $0.fiscalYear?.text },
                postingDates: postingDocs.compactMap(\.postingDate),
                messages: item.systemMessages.compactMap(\.messageShortText)
            )
            return FISPostingConfirmationResponseItem(code: .success, docId: item.docId, systemId: systemID)
        case .failure(let code):
            return refuse(code)
        }
    }

    /// `POST …/paymentconfirmations` for one item.
    mutating func confirmFISPayment(
        _ item: FISPaymentConfirmation,
        type: FISDocumentType,
        systemID: String
    ) -> FISPaymentConfirmationResponseItem {
        let refs = (item.clearingDetails ?? []).compactMap { $0.clearingReference?.paymentRef }
        func answer(_ code: FISServiceCode, _ message: String? = nil) -> FISPaymentConfirmationResponseItem {
            FISPaymentConfirmationResponseItem(
                code: code,
                docId: item.docId,
                systemId: systemID,
                errorMessage: code == .success ? nil : (message ?? Self.fisMessage(code)),
                paymentRef: refs.first
            )
        }
        guard let index = fisDocumentIndex(id: item.docId) else {
            return answer(.postingUnknownDocument, "This document does not exist.")
        }
        let document = fisDocuments[index]
        guard document.docType == type else { return answer(.postingWrongType) }
        if Self.fisSystemsDiffer(stored: document.erpSystemID, sent: systemID) { return answer(.systemIDMismatch) }
        let known = Set(document.payments.flatMap(\.paymentRefs))
        if let repeated = refs.first(where: known.contains) {
            return answer(.invalidPaymentRequest, "Payment confirmation already exist \(repeated).")
        }
        if Set(refs).count != refs.count {
            return answer(.invalidPaymentRequest, "A paymentRef appears twice in this confirmation.")
        }
        switch document.status.transition(.confirmPayment(item.processingStatusCode)) {
        case .success(let status):
            fisDocuments[index].status = status
            fisDocuments[index].payments.append(
                SandboxFISDocument.Payment(status: item.processingStatusCode, paymentRefs: refs, systemID: systemID)
            )
            return answer(.success)
        case .failure(let code):
            return answer(code)
        }
    }

    /// A processor recalls the report of a document (admin route): `READY` or `ACKNOWLEDGED` → `RECALLED`.
    mutating func recallFIS(id docID: String) -> Result<SandboxFISDocument, FISServiceCode> {
        guard let index = fisDocumentIndex(id: docID) else { return .failure(.acknowledgeUnknownDocument) }
        switch fisDocuments[index].status.transition(.recall) {
        case .success(let status):
            fisDocuments[index].status = status
            return .success(fisDocuments[index])
        case .failure(let code):
            return .failure(code)
        }
    }

    /// Gives a `READY` expense document a defect (admin route): its content is served with it from now on.
    mutating func markFISDefective(
        id docID: String,
        defect: SandboxFISDocument.Defect
    ) -> Result<SandboxFISDocument, FISServiceCode> {
        guard let index = fisDocumentIndex(id: docID) else { return .failure(.acknowledgeUnknownDocument) }
        guard fisDocuments[index].docType == .expense else { return .failure(.acknowledgeWrongType) }
        guard fisDocuments[index].isReady else { return .failure(.notReady) }
        fisDocuments[index].defect = defect
        return .success(fisDocuments[index])
    }

    /// The customer corrects and resubmits the report of a document confirmed with `error` (or recalled): a
    /// new `READY` document with a new id for the same report (§1.4). The old one keeps its status.
    mutating func resubmitFIS(id docID: String, seed: UInt64) -> Result<SandboxFISDocument, FISServiceCode> {
        guard let index = fisDocumentIndex(id: docID) else { return .failure(.acknowledgeUnknownDocument) }
        let old = fisDocuments[index]
        guard old.status == .postingConfirmedFailure || old.status == .recalled else { return .failure(.notReady) }
        guard !fisDocuments.contains(where: { $0.resubmissionOf == docID }) else {
            return .failure(.alreadyConfirmed)
        }
        return .success(addFISDocument(reportID: old.reportID, docType: old.docType, seed: seed, resubmissionOf: docID))
    }

    /// Code 99: both sides name a system and they differ (an empty or missing `systemId` matches any).
    static func fisSystemsDiffer(stored: String?, sent: String) -> Bool {
        guard let stored, !stored.isEmpty, !sent.isEmpty else { return false }
        return stored != sent
    }

    static func fisMessage(_ code: FISServiceCode) -> String { code.message + "." }
}
