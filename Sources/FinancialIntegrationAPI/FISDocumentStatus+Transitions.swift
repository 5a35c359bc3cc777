extension FISDocumentStatus {
    /// The lifecycle of §1.3 as a pure function: the new status, or the per-document service code (§4) that
    /// refuses the event in this status.
    ///
    /// Choices where the sources are silent (§7 #8, #9, #12; listed under Decisions in the DocC catalogue):
    /// - acknowledge: `READY` → `ACKNOWLEDGED`; once acknowledged (any later status) 101; `RECALLED` 102; a
    ///   status that never was ready (`DELAYED`, `VOID`, `CANCEL`, `PENDING_SYSTEM_REFRESH`, `FLAG_DUPLICATE`) 103.
    /// - posting confirmation: `ACKNOWLEDGED` → `POSTING_CONFIRMED_SUCCESS`/`_FAILURE`; `READY` 111;
    ///   `RECALLED` 112; already confirmed (posting or payment statuses, `PAID`) 113; the rest 114.
    /// - payment confirmation: from `POSTING_CONFIRMED_SUCCESS`, `CP` → `PAYMENT_CONFIRMED_SUCCESS`,
    ///   `RE` → `PAYMENT_CONFIRMED_REVERSED`, `OB` → `PAYMENT_CONFIRMED_OBSOLETE`, `PP` keeps the status;
    ///   after a final payment status or `PAID` 213; `RECALLED` 112; not posted successfully 111 (answered with
    ///   `NOT_POSTING_CONFIRMED`).
    /// - recall: `READY` or `ACKNOWLEDGED` → `RECALLED`; `RECALLED` 102; confirmed or paid 113; the rest 114.
    ///
    /// ```swift
    /// FISDocumentStatus.acknowledged.transition(.confirmPosting(.error))   // .success(.postingConfirmedFailure)
    /// FISDocumentStatus.postingConfirmedFailure.transition(.confirmPosting(.success))   // .failure(.alreadyConfirmed)
    /// ```
    public func transition(_ event: FISDocumentEvent) -> Result<FISDocumentStatus, FISServiceCode> {
        switch event {
        case .acknowledge:
            switch self {
            case .ready: return .success(.acknowledged)
            case .recalled: return .failure(.acknowledgeRecalled)
            case .acknowledged, .postingConfirmedSuccess, .postingConfirmedFailure, .paid, .paymentConfirmedSuccess,
                .paymentConfirmedReversed, .paymentConfirmedObsolete:
                return .failure(.previouslyAcknowledged)
            case .delayed, .void, .cancel, .pendingSystemRefresh, .flagDuplicate:
                return .failure(.notReady)
            }
        case .confirmPosting(let outcome):
            switch self {
            case .acknowledged:
                return .success(outcome == .success ? .postingConfirmedSuccess : .postingConfirmedFailure)
            case .ready: return .failure(.notAcknowledged)
            case .recalled: return .failure(.postingRecalled)
            case .postingConfirmedSuccess, .postingConfirmedFailure, .paid, .paymentConfirmedSuccess,
                .paymentConfirmedReversed, .paymentConfirmedObsolete:
                return .failure(.alreadyConfirmed)
            case .delayed, .void, .cancel, .pendingSystemRefresh, .flagDuplicate:
                return .failure(.unknownState)
            }
        case .confirmPayment(let status):
            switch self {
            case .postingConfirmedSuccess:
                switch status {
                case .completelyPaid: return .success(.paymentConfirmedSuccess)
                case .partiallyPaid: return .success(.postingConfirmedSuccess)
                case .reversal: return .success(.paymentConfirmedReversed)
                case .obsolete: return .success(.paymentConfirmedObsolete)
                }
            case .paid, .paymentConfirmedSuccess, .paymentConfirmedReversed, .paymentConfirmedObsolete:
                return .failure(.paymentAlreadyConfirmed)
            case .recalled: return .failure(.postingRecalled)
            case .ready, .acknowledged, .postingConfirmedFailure, .delayed, .void, .cancel, .pendingSystemRefresh,
                .flagDuplicate:
                return .failure(.notAcknowledged)
            }
        case .recall:
            switch self {
            case .ready, .acknowledged: return .success(.recalled)
            case .recalled: return .failure(.acknowledgeRecalled)
            case .postingConfirmedSuccess, .postingConfirmedFailure, .paid, .paymentConfirmedSuccess,
                .paymentConfirmedReversed, .paymentConfirmedObsolete:
                return .failure(.alreadyConfirmed)
            case .delayed, .void, .cancel, .pendingSystemRefresh, .flagDuplicate:
                return .failure(.unknownState)
            }
        }
    }
}
