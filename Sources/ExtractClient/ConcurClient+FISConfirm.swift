import AccountingExtract
public import ExtractAPI
public import FinancialIntegrationAPI
public import Foundation

/// What became of one document's posting or payment confirmation (§1.2 steps 4–5).
///
/// ```swift
/// for result in try await client.confirmPostings(confirmations, .expense, settings: settings) {
///     switch result.outcome {
///     case .accepted, .alreadyRecorded: ledger.markConfirmed(result.docID)
///     case .refused(let code, let message): ledger.note(result.docID, code, message)
///     case .unknown, .notSent: break                 // send it again on the next run
///     }
/// }
/// ```
public enum FISConfirmationOutcome: Sendable, Hashable {
    /// Recorded by FIS (code 0; an `error` confirmation too). `replayed` when the request was sent more than once.
    case accepted(replayed: Bool)
    /// FIS already holds a confirmation for it: 113 (posting), 213 or 298 `NOOP` (payment, the same `paymentRef`).
    /// When `replayed`, our own lost attempt is the likely author; otherwise another sender's may be, and the
    /// caller compares with what it sent (``ConcurClient/fisDocuments(_:docID:ignoreDocumentStatus:systemID:settings:)``
    /// shows the document's status).
    case alreadyRecorded(FISServiceCode, message: String, replayed: Bool)
    /// Refused with a per-document code (99 systemId mismatch, 111 not acknowledged, 112 recalled, 116 unknown,
    /// 198 invalid, 199 try later, …); nothing was recorded.
    case refused(FISServiceCode, message: String)
    /// Sent, but the answer was lost: neither failure nor success; send it again on the next run.
    case unknown(reason: String)
    /// Certainly not carried out (the request was refused as a whole, or never sent): send it again.
    case notSent(reason: String)

    /// Whether FIS holds a confirmation for the document (``accepted(replayed:)`` or ``alreadyRecorded(_:message:replayed:)``).
    public var isRecorded: Bool {
        switch self {
        case .accepted, .alreadyRecorded: return true
        case .refused, .unknown, .notSent: return false
        }
    }

    /// Whether the caller should send it again later (no answer, or code 199 "try again later").
    public var shouldResend: Bool {
        switch self {
        case .unknown, .notSent: return true
        case .refused(let code, _): return code.isRetryable
        case .accepted, .alreadyRecorded: return false
        }
    }
}

/// One document's confirmation result.
public struct FISConfirmationResult: Sendable, Hashable {
    /// The FIS document id (`docId`).
    public var docID: String
    /// The payment reference (payment confirmations: the first clearing detail's `paymentRef`).
    public var paymentRef: String?
    public var outcome: FISConfirmationOutcome

    public init(docID: String, paymentRef: String? = nil, outcome: FISConfirmationOutcome) {
        self.docID = docID
        self.paymentRef = paymentRef
        self.outcome = outcome
    }
}

extension ConcurClient {
    /// Sends posting confirmations (`success` or `error` per document) as `settings.systemID`, in requests of
    /// ``FISClientSettings/batchSize`` items, and returns each document's result in order.
    ///
    /// Retry safety: a request is retried after a lost answer, a timeout or a 5xx, because a replay cannot confirm
    /// twice: FIS answers 113 "a confirmation has already been posted" for a document the lost attempt confirmed,
    /// reported as ``FISConfirmationOutcome/alreadyRecorded(_:message:replayed:)``. When the retries give up
    /// without an answer, the batch's documents are ``FISConfirmationOutcome/unknown(reason:)`` and the later
    /// batches are not sent (``FISConfirmationOutcome/notSent(reason:)``): the service is not answering.
    ///
    /// ```swift
    /// let results = try await client.confirmPostings(
    ///     [FISPostingConfirmation(docId: id, overallPostingStatusCode: .success, postingDocs: [doc])],
    ///     .expense, settings: settings)
    /// ```
    /// - Throws: only before anything is sent: invalid settings, a token that may not call FIS.
    public func confirmPostings(
        _ confirmations: [FISPostingConfirmation],
        _ type: FISDocumentType,
        settings: FISClientSettings
    ) async throws -> [FISConfirmationResult] {
        let systemID = settings.systemID
        return try await fisConfirm(
            confirmations,
            route: .postingConfirmations(type),
            what: "posting",
            settings: settings,
            key: { ($0.docId, nil) },
            body: { try FISPostingConfirmationRequest(systemId: systemID, postingConfirmations: $0).jsonData() },
            items: { (response: FISPostingConfirmationResponse) in response.items },
            itemDocID: \.docId,
            outcome: { item, replayed in
                let message = (item.errorMessage ?? "").debugEscaped
                switch item.code {
                case .success: return .accepted(replayed: replayed)
                case .alreadyConfirmed: return .alreadyRecorded(item.code, message: message, replayed: replayed)
                default: return .refused(item.code, message: message.isEmpty ? item.code.message : message)
                }
            }
        )
    }

    /// Sends payment confirmations (expense only today, §3.4) as `settings.systemID`, in requests of
    /// ``FISClientSettings/batchSize`` items, and returns each document's result in order.
    ///
    /// Retry safety: a request is retried after a lost answer, a timeout or a 5xx, because a replay cannot pay
    /// twice: each clearing's `paymentRef` is unique, and FIS answers a repeated one with 298 `NOOP` ("payment
    /// confirmation already exist"), or 213 after a complete payment; both are reported as
    /// ``FISConfirmationOutcome/alreadyRecorded(_:message:replayed:)``. Without an answer: as
    /// ``confirmPostings(_:_:settings:)``.
    ///
    /// ```swift
    /// let results = try await client.confirmPayments(
    ///     [FISPaymentConfirmation(docId: id, processingStatusCode: .completelyPaid, clearingDetails: [clearing])],
    ///     .expense, settings: settings)
    /// ```
    public func confirmPayments(
        _ confirmations: [FISPaymentConfirmation],
        _ type: FISDocumentType = .expense,
        settings: FISClientSettings
    ) async throws -> [FISConfirmationResult] {
        let systemID = settings.systemID
        return try await fisConfirm(
            confirmations,
            route: .paymentConfirmations(type),
            what: "payment",
            settings: settings,
            key: { ($0.docId, $0.clearingDetails?.first?.clearingReference?.paymentRef) },
            body: { try FISPaymentConfirmationRequest(systemId: systemID, processingConfirmation: $0).jsonData() },
            items: { (response: FISPaymentConfirmationResponse) in response.items },
            itemDocID: \.docId,
            outcome: { item, replayed in
                let message = (item.errorMessage ?? "").debugEscaped
                switch (item.code, item.paymentConfirmationResult) {
                case (.success, _): return .accepted(replayed: replayed)
                case (.paymentAlreadyConfirmed, _), (.invalidPaymentRequest, .noop):
                    return .alreadyRecorded(item.code, message: message, replayed: replayed)
                default: return .refused(item.code, message: message.isEmpty ? item.code.message : message)
                }
            }
        )
    }

    /// The batching, sending and matching both confirmation calls share.
    private func fisConfirm<Confirmation: Sendable, Response: JSONWireBody, Item: Sendable>(
        _ confirmations: [Confirmation],
        route: FinancialIntegrationAPI.Route,
        what: String,
        settings: FISClientSettings,
        key: (Confirmation) -> (docID: String, paymentRef: String?),
        body: ([Confirmation]) throws -> Data,
        items: @escaping @Sendable (Response) -> [Item],
        itemDocID: (Item) -> String,
        outcome: (Item, _ replayed: Bool) -> FISConfirmationOutcome
    ) async throws -> [FISConfirmationResult] {
        let operation = "confirm FIS \(route.documentType.rawValue) \(what)"
        if let error = settings.validationError(operation: operation) { throw error }
        let base = try await fisBaseURL(operation: operation)
        var results: [FISConfirmationResult] = []
        var silence: String?
        for start in stride(from: 0, to: confirmations.count, by: settings.batchSize) {
            let batch = Array(confirmations[start..<min(confirmations.count, start + settings.batchSize)])
            let keys = batch.map(key)
            func all(_ outcome: FISConfirmationOutcome) -> [FISConfirmationResult] {
                keys.map { FISConfirmationResult(docID: $0.docID, paymentRef: $0.paymentRef, outcome: outcome) }
            }
            if let silence {
                results += all(.notSent(reason: "not sent: an earlier request's answer was lost (\(silence))"))
                continue
            }
            let answer: FISPostAnswer<Item> = await fisPost(
                route,
                base: base,
                body: try body(batch),
                operation: operation,
                items: items
            )
            switch answer {
            case .notSent(let reason):
                results += all(.notSent(reason: reason))
            case .unknown(let reason):
                silence = reason
                results += all(.unknown(reason: reason))
            case .answered(let answered, let replayed):
                let matched = Self.fisMatch(keys.map(\.docID), answered, docID: itemDocID)
                for (key, item) in zip(keys, matched) {
                    let result =
                        item.map { outcome($0, replayed) }
                        ?? .unknown(reason: "the \(what) confirmation answer has no item for this document")
                    results.append(FISConfirmationResult(docID: key.docID, paymentRef: key.paymentRef, outcome: result))
                }
            }
        }
        return results
    }
}
