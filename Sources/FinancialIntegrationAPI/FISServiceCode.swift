/// A per-document service code, the `code` of every acknowledgement and confirmation response item (§4).
///
/// Codes are stable integers; an unknown code from a newer FIS decodes as ``unrecognized(_:)`` (the
/// response reports work already done, so refusing the whole body would lose it).
///
/// ```swift
/// let code = FISServiceCode(code: 101)   // .previouslyAcknowledged
/// print(code.message)                    // Document was previously acknowledged
/// print(code.isSuccess)                  // false
/// ```
public enum FISServiceCode: Sendable, Hashable, Error, CustomStringConvertible {
    /// 0: successfully processed.
    case success
    /// 99: the request's `systemId` does not match the one stored in FIS.
    case systemIDMismatch
    /// 101: acknowledge — previously acknowledged.
    case previouslyAcknowledged
    /// 102: acknowledge — recalled.
    case acknowledgeRecalled
    /// 103: acknowledge — not ready.
    case notReady
    /// 104: acknowledge — the document does not exist.
    case acknowledgeUnknownDocument
    /// 105: acknowledge — the document is not of the path's type.
    case acknowledgeWrongType
    /// 111: posting — not acknowledged.
    case notAcknowledged
    /// 112: posting — recalled.
    case postingRecalled
    /// 113: posting — a confirmation was already posted.
    case alreadyConfirmed
    /// 114: posting — the document is not in a known state.
    case unknownState
    /// 115: posting — the document is not of the path's type.
    case postingWrongType
    /// 116: posting (and payment) — the document does not exist.
    case postingUnknownDocument
    /// 198: invalid request; the same request will fail again.
    case invalidRequest
    /// 199: unknown error; try again later.
    case unknownError
    /// 213: a payment confirmation was already posted.
    case paymentAlreadyConfirmed
    /// 298: invalid payment request; the same request will fail again.
    case invalidPaymentRequest
    /// A code this contract does not know.
    case unrecognized(Int)

    /// Every code of §4, in order.
    public static let documented: [FISServiceCode] = [
        .success, .systemIDMismatch, .previouslyAcknowledged, .acknowledgeRecalled, .notReady,
        .acknowledgeUnknownDocument, .acknowledgeWrongType, .notAcknowledged, .postingRecalled, .alreadyConfirmed,
        .unknownState, .postingWrongType, .postingUnknownDocument, .invalidRequest, .unknownError,
        .paymentAlreadyConfirmed, .invalidPaymentRequest,
    ]

    public init(code: Int) {
        self = Self.documented.first { $0.code == code } ?? .unrecognized(code)
    }

    /// The integer on the wire.
    public var code: Int {
        switch self {
        case .success: return 0
        case .systemIDMismatch: return 99
        case .previouslyAcknowledged: return 101
        case .acknowledgeRecalled: return 102
        case .notReady: return 103
        case .acknowledgeUnknownDocument: return 104
        case .acknowledgeWrongType: return 105
        case .notAcknowledged: return 111
        case .postingRecalled: return 112
        case .alreadyConfirmed: return 113
        case .unknownState: return 114
        case .postingWrongType: return 115
        case .postingUnknownDocument: return 116
        case .invalidRequest: return 198
        case .unknownError: return 199
        case .paymentAlreadyConfirmed: return 213
        case .invalidPaymentRequest: return 298
        case .unrecognized(let code): return code
        }
    }

    /// The meaning §4 gives the code.
    public var message: String {
        switch self {
        case .success: return "Successfully processed"
        case .systemIDMismatch: return "The systemId in the request does not match the system id stored in FIS"
        case .previouslyAcknowledged: return "Document was previously acknowledged"
        case .acknowledgeRecalled, .postingRecalled: return "Document has been recalled"
        case .notReady: return "Document is not ready"
        case .acknowledgeUnknownDocument, .postingUnknownDocument: return "Document does not exist in the FI database"
        case .acknowledgeWrongType, .postingWrongType: return "Document is not of the type in the path"
        case .notAcknowledged: return "Document has not been acknowledged"
        case .alreadyConfirmed: return "A confirmation has already been posted for this document"
        case .unknownState: return "Document is not in a known state"
        case .invalidRequest: return "Invalid request - the same request will fail again"
        case .unknownError: return "Unknown error - try again later"
        case .paymentAlreadyConfirmed: return "Payment confirmation has already been posted for this document"
        case .invalidPaymentRequest: return "Invalid payment request - the same request will fail again"
        case .unrecognized(let code): return "Unrecognized service code \(code)"
        }
    }

    /// Only code 0 is a success.
    public var isSuccess: Bool { self == .success }

    /// Whether sending the same item again can succeed (199 only: "try again later").
    public var isRetryable: Bool { self == .unknownError }

    public var description: String { "\(code) \(message)" }
}

extension FISServiceCode: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(code: try decoder.singleValueContainer().decode(Int.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
