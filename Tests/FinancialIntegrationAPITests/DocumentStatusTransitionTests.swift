import FinancialIntegrationAPI
import Testing

/// The §1.3 lifecycle: every status × every event, against a table written out by hand.
@Suite("FIS docStatus transitions")
struct DocumentStatusTransitionTests {
    typealias Row = (status: FISDocumentStatus, expected: [FISDocumentEvent: Result<FISDocumentStatus, FISServiceCode>])

    static let events: [FISDocumentEvent] = [
        .acknowledge, .confirmPosting(.success), .confirmPosting(.error), .confirmPayment(.completelyPaid),
        .confirmPayment(.partiallyPaid), .confirmPayment(.reversal), .confirmPayment(.obsolete), .recall,
    ]

    /// Columns in the order of ``events``.
    static let table: [FISDocumentStatus: [Result<FISDocumentStatus, FISServiceCode>]] = [
        .ready: [
            .success(.acknowledged), .failure(.notAcknowledged), .failure(.notAcknowledged),
            .failure(.notAcknowledged), .failure(.notAcknowledged), .failure(.notAcknowledged),
            .failure(.notAcknowledged), .success(.recalled),
        ],
        .acknowledged: [
            .failure(.previouslyAcknowledged), .success(.postingConfirmedSuccess), .success(.postingConfirmedFailure),
            .failure(.notAcknowledged), .failure(.notAcknowledged), .failure(.notAcknowledged),
            .failure(.notAcknowledged), .success(.recalled),
        ],
        .postingConfirmedSuccess: [
            .failure(.previouslyAcknowledged), .failure(.alreadyConfirmed), .failure(.alreadyConfirmed),
            .success(.paymentConfirmedSuccess), .success(.postingConfirmedSuccess),
            .success(.paymentConfirmedReversed), .success(.paymentConfirmedObsolete), .failure(.alreadyConfirmed),
        ],
        .postingConfirmedFailure: [
            .failure(.previouslyAcknowledged), .failure(.alreadyConfirmed), .failure(.alreadyConfirmed),
            .failure(.notAcknowledged), .failure(.notAcknowledged), .failure(.notAcknowledged),
            .failure(.notAcknowledged), .failure(.alreadyConfirmed),
        ],
        .recalled: [
            .failure(.acknowledgeRecalled), .failure(.postingRecalled), .failure(.postingRecalled),
            .failure(.postingRecalled), .failure(.postingRecalled), .failure(.postingRecalled),
            .failure(.postingRecalled), .failure(.acknowledgeRecalled),
        ],
        .paymentConfirmedSuccess: paidRow,
        .paymentConfirmedReversed: paidRow,
        .paymentConfirmedObsolete: paidRow,
        .paid: paidRow,
        .delayed: neverReadyRow,
        .void: neverReadyRow,
        .cancel: neverReadyRow,
        .pendingSystemRefresh: neverReadyRow,
        .flagDuplicate: neverReadyRow,
    ]

    static let paidRow: [Result<FISDocumentStatus, FISServiceCode>] = [
        .failure(.previouslyAcknowledged), .failure(.alreadyConfirmed), .failure(.alreadyConfirmed),
        .failure(.paymentAlreadyConfirmed), .failure(.paymentAlreadyConfirmed), .failure(.paymentAlreadyConfirmed),
        .failure(.paymentAlreadyConfirmed), .failure(.alreadyConfirmed),
    ]

    static let neverReadyRow: [Result<FISDocumentStatus, FISServiceCode>] = [
        .failure(.notReady), .failure(.unknownState), .failure(.unknownState), .failure(.notAcknowledged),
        .failure(.notAcknowledged), .failure(.notAcknowledged), .failure(.notAcknowledged), .failure(.unknownState),
    ]

    @Test("The table covers every status", arguments: FISDocumentStatus.allCases)
    func row(_ status: FISDocumentStatus) throws {
        let expected = try #require(Self.table[status], "no row for \(status)")
        #expect(expected.count == Self.events.count)
        for (event, outcome) in zip(Self.events, expected) {
            #expect(status.transition(event) == outcome, "\(status.rawValue) × \(event)")
        }
    }

    @Test("Invariants: only code 0 moves; every refusal is a documented code of its call's category")
    func invariants() {
        let acknowledgeCodes: Set<FISServiceCode> = [
            .previouslyAcknowledged, .acknowledgeRecalled, .notReady, .acknowledgeUnknownDocument,
            .acknowledgeWrongType,
        ]
        for status in FISDocumentStatus.allCases {
            for event in Self.events {
                switch status.transition(event) {
                case .success:
                    continue
                case .failure(let code):
                    #expect(!code.isSuccess && FISServiceCode.documented.contains(code))
                    if event == .acknowledge { #expect(acknowledgeCodes.contains(code)) }
                    if case .confirmPosting = event { #expect(!acknowledgeCodes.contains(code)) }
                }
            }
        }
    }

    @Test("The happy path READY → ACKNOWLEDGED → POSTING_CONFIRMED_SUCCESS → PAYMENT_CONFIRMED_SUCCESS")
    func happyPath() throws {
        var status = FISDocumentStatus.ready
        for event: FISDocumentEvent in [
            .acknowledge, .confirmPosting(.success), .confirmPayment(.partiallyPaid), .confirmPayment(.completelyPaid),
        ] {
            status = try status.transition(event).get()
        }
        #expect(status == .paymentConfirmedSuccess)
    }

    @Test("Service codes: stable integers and results")
    func serviceCodes() {
        #expect(
            FISServiceCode.documented.map(\.code) == [
                0, 99, 101, 102, 103, 104, 105, 111, 112, 113, 114, 115, 116, 198, 199, 213, 298,
            ]
        )
        for code in FISServiceCode.documented { #expect(FISServiceCode(code: code.code) == code) }
        #expect(FISServiceCode(code: 150) == .unrecognized(150))
        #expect(FISPostingConfirmationResult(code: .postingUnknownDocument) == .failure)
        #expect(FISPostingConfirmationResult(code: .notAcknowledged) == .notYetAcknowledged)
        #expect(FISPaymentConfirmationResult(code: .invalidPaymentRequest) == .noop)
        #expect(FISPaymentConfirmationResult(code: .notAcknowledged) == .notPostingConfirmed)
        #expect(FISAcknowledgeResponseItem(code: .notReady, docId: "x", systemId: nil).acknowledgeResult == .failure)
    }
}
