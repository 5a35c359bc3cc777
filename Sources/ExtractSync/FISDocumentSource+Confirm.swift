public import ExtractClient
public import FinancialIntegrationAPI
public import Foundation
public import Ledger

extension FISDocumentSource {
    /// Sends the recorded posting confirmations, exactly as recorded, in batches; each document's answer in order.
    ///
    /// Concur's "a confirmation was already posted" (113) counts as done only when it was ours with the same
    /// result: the document is read again (`ignoreDocumentStatus=yes`) and must be confirmed (success or failure,
    /// as recorded) under our `systemId`; otherwise the answer is recorded as a refusal for a person to follow up.
    ///
    /// ```swift
    /// let replies = try await source.sendConfirmations(pending)
    /// for reply in replies where reply.answer != .retryLater { try await store.answerFISConfirmation(…) }
    /// ```
    public func sendConfirmations(_ confirmations: [PendingConfirmation]) async throws -> [ConfirmationReply] {
        guard !confirmations.isEmpty else { return [] }
        let results = try await client.confirmPostings(
            confirmations.map { Self.wire($0.confirmation) },
            settings.type,
            settings: settings.client
        )
        let outcomes = Dictionary(results.map { ($0.docID, $0.outcome) }) { first, _ in first }
        var replies: [ConfirmationReply] = []
        for pending in confirmations {
            let docId = pending.confirmation.docId
            switch outcomes[docId] ?? .unknown(reason: "no answer for this document") {
            case .accepted:
                replies.append(ConfirmationReply(docId: docId, answer: .accepted, code: 0, message: "accepted"))
            case .alreadyRecorded(let code, let message, _):
                replies.append(await verifyEarlier(pending, code: code.code, message: message))
            case .refused(let code, let message) where code.isRetryable:
                replies.append(ConfirmationReply(docId: docId, answer: .retryLater, code: nil, message: message))
            case .refused(let code, let message):
                replies.append(ConfirmationReply(docId: docId, answer: .rejected, code: code.code, message: message))
            case .unknown(let reason), .notSent(let reason):
                replies.append(ConfirmationReply(docId: docId, answer: .retryLater, code: nil, message: reason))
            }
        }
        return replies
    }

    /// A 113 answer: ours with the same result (done), another's or a different result (refused), or unknown yet.
    func verifyEarlier(_ pending: PendingConfirmation, code: Int, message: String) async -> ConfirmationReply {
        let docId = pending.confirmation.docId
        let expected: FISDocumentStatus =
            pending.confirmation.result == .success ? .postingConfirmedSuccess : .postingConfirmedFailure
        let handle = FISDocumentHandle(docId: docId, businessID: pending.unit.url, transaction: nil)
        guard let current = try? await fetchCurrent(handle) else {
            return ConfirmationReply(
                docId: docId,
                answer: .retryLater,
                code: nil,
                message: "Concur says the document is confirmed already; it could not be read to check whose"
            )
        }
        let status = Self.confirmedStatus(current.docStatus)
        if status == expected && current.erpSystemId == settings.client.systemID {
            return ConfirmationReply(docId: docId, answer: .alreadyConfirmed, code: code, message: message)
        }
        return ConfirmationReply(
            docId: docId,
            answer: .rejected,
            code: code,
            message:
                "Concur holds another confirmation (\(current.docStatus.rawValue), system \(current.erpSystemId ?? "none")) "
                + "than this ledger's \(pending.confirmation.result.rawValue): follow it up in Concur"
        )
    }

    /// The document as Concur has it now (never this run's cached page).
    func fetchCurrent(_ handle: FISDocumentHandle) async throws -> FISTransaction {
        guard let businessID = handle.businessID else {
            throw SyncError(.unknownJob, "document \(handle.docId) has no business id recorded")
        }
        let documents = try await client.fisDocuments(
            settings.type,
            docID: businessID,
            ignoreDocumentStatus: true,
            settings: settings.client
        )
        guard let transaction = documents.first(where: { $0.id == handle.docId }) else {
            throw SyncError(.unknownJob, "Concur no longer lists document \(handle.docId)")
        }
        return transaction
    }

    /// A paid document was confirmed successfully first.
    static func confirmedStatus(_ status: FISDocumentStatus) -> FISDocumentStatus {
        switch status {
        case .paid, .paymentConfirmedSuccess, .paymentConfirmedReversed, .paymentConfirmedObsolete:
            .postingConfirmedSuccess
        default: status
        }
    }

    /// The wire confirmation of a recorded one: every field from the record, nothing rebuilt. `companyId` of the
    /// posting document is the ledger's company key (decision: the ledger names the ERP company by it).
    public static func wire(_ record: FISConfirmationRecord) -> FISPostingConfirmation {
        let messages =
            (try? JSONDecoder().decode([FISSystemMessage].self, from: Data(record.messagesJSON.utf8))) ?? []
        switch record.result {
        case .success:
            return FISPostingConfirmation(
                docId: record.docId,
                overallPostingStatusCode: .success,
                postingDocs: [
                    FISPostingDocument(
                        companyId: record.company,
                        documentNumber: record.documentNumber,
                        fiscalYear: record.fiscalYear.map { .string(String($0)) },
                        postingDate: record.postingDate?.description
                    )
                ],
                systemMessages: messages
            )
        case .error:
            return FISPostingConfirmation(
                docId: record.docId,
                overallPostingStatusCode: .error,
                postingDocs: [],
                systemMessages: messages
            )
        }
    }
}
