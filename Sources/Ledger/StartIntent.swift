public import Foundation

/// This ledger's record that it is about to start a job of a definition, written before the `POST` (table
/// `ledger_start_intents`), so that a run killed between Concur starting the job and the ledger recording it can
/// recognise the job as its own (`JobOwnership` in ExtractSync).
///
/// ```swift
/// let intent = StartIntent(company: "acme", definitionID: "nYo$P", intentID: UUID().uuidString, recordedAt: Date())
/// try await store.recordIntent(intent)
/// // right before each POST: the fence against another run closing it
/// let open = try await store.transitionIntent(company: "acme", intentID: intent.intentID,
///                                             from: [.intentRecorded, .intentSending], to: .intentSending)
/// ```
public struct StartIntent: Sendable, Hashable, Codable {
    public var company: String
    /// The definition's id (the last path segment of its URL).
    public var definitionID: String
    /// A random id of the intent (never one of Concur's job ids).
    public var intentID: String
    /// ``PipelineState/intentRecorded`` … ``PipelineState/ambiguous``.
    public var state: PipelineState
    /// When the intent was recorded (before any `POST`): the start of its window.
    public var recordedAt: Date
    /// When its last `POST` was about to leave (``PipelineState/intentSending``); `nil` while nothing was sent.
    public var lastSentAt: Date?
    /// The job it led to, once known (superseded).
    public var jobID: String?

    public init(
        company: String,
        definitionID: String,
        intentID: String,
        state: PipelineState = .intentRecorded,
        recordedAt: Date,
        lastSentAt: Date? = nil,
        jobID: String? = nil
    ) {
        self.company = company
        self.definitionID = definitionID
        self.intentID = intentID
        self.state = state
        self.recordedAt = recordedAt
        self.lastSentAt = lastSentAt
        self.jobID = jobID
    }

    /// `true` while a run may still record its job (see ``PipelineState/isOpenIntent``).
    public var isOpen: Bool { state.isOpenIntent }
}
