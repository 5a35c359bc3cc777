/// A document's `docStatus` (§1.3): the four documented values and the OpenAPI enum's extra ones.
///
/// The lifecycle is ``transition(_:)``; see ``FISDocumentEvent``.
///
/// ```swift
/// FISDocumentStatus.ready.transition(.acknowledge)   // .success(.acknowledged)
/// FISDocumentStatus.ready.transition(.confirmPosting(.success))   // .failure(.notAcknowledged)
/// ```
public enum FISDocumentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case ready = "READY"
    case acknowledged = "ACKNOWLEDGED"
    case postingConfirmedSuccess = "POSTING_CONFIRMED_SUCCESS"
    case postingConfirmedFailure = "POSTING_CONFIRMED_FAILURE"
    case delayed = "DELAYED"
    case paid = "PAID"
    case recalled = "RECALLED"
    case void = "VOID"
    case cancel = "CANCEL"
    case paymentConfirmedSuccess = "PAYMENT_CONFIRMED_SUCCESS"
    case paymentConfirmedReversed = "PAYMENT_CONFIRMED_REVERSED"
    case paymentConfirmedObsolete = "PAYMENT_CONFIRMED_OBSOLETE"
    case pendingSystemRefresh = "PENDING_SYSTEM_REFRESH"
    case flagDuplicate = "FLAG_DUPLICATE"
}

/// What can happen to a document: the three API calls and the processor's recall (§1.3, §7 #8).
public enum FISDocumentEvent: Sendable, Hashable {
    /// `POST …/acknowledgements` lists the document.
    case acknowledge
    /// `POST …/postingconfirmations` with `overallPostingStatusCode`.
    case confirmPosting(FISPostingStatusCode)
    /// `POST …/paymentconfirmations` with `processingStatusCode`.
    case confirmPayment(FISProcessingStatusCode)
    /// A processor recalls the report in Concur.
    case recall
}
