public import Ledger

extension SyncMachine {
    /// What just happened to a FIS document (issue 12, spec §1.2).
    public enum DocumentEvent: Sendable, Hashable {
        /// Concur acknowledged it (code 0), or answered that this system (our `systemId`) had acknowledged it
        /// already (code 101 naming our id): done either way.
        case acknowledged
        /// The acknowledgement did not get through (transport failure, code 199): try again on the next run.
        case ackFailed
        /// Concur refused the acknowledgement (recalled 102, not ready 103, unknown 104, wrong type 105): the
        /// document must not be posted.
        case ackRefused
        /// Another system acknowledged it (code 101 naming another `systemId`): it is that system's to post.
        case ackForeign
        /// The raw document is in the archive as received.
        case archived
        /// The document's journal is loaded (`clean`), or it cannot be balanced or checked and is quarantined with
        /// its reason (not `clean`).
        case loaded(clean: Bool)
        /// The document cannot be read at all (its `document` is not JSON of its type): quarantined.
        case setAside
        /// The posting confirmation to send is recorded with its exact content.
        case confirmationRecorded
        /// Concur's answer to the posting confirmation.
        case confirmationAnswered(ConfirmationAnswer)
    }

    /// Concur's answer to a posting confirmation.
    public enum ConfirmationAnswer: Sendable, Hashable, CaseIterable {
        /// Code 0: recorded.
        case accepted
        /// Code 113: a confirmation was already recorded — ours, sent before a crash (the content is the same
        /// recorded one, so it cannot differ).
        case alreadyConfirmed
        /// A refusal the same request will meet again (111, 112 recalled, 114–116, 198, 99): recorded with its
        /// code for a person to follow up; never re-sent.
        case rejected
        /// No answer, or code 199: send the same recorded content again on the next run.
        case retryLater
    }

    /// What to do next with a FIS document.
    public enum DocumentAction: Sendable, Hashable, CaseIterable {
        /// Acknowledge it at Concur.
        case acknowledge
        /// Keep the raw document in the archive.
        case archive
        /// Build its journal (§5.11) and load it in one transaction keyed by company and document id.
        case load
        /// Record the posting confirmation to send (success with the ledger's document number, or error with the
        /// reason), before sending it.
        case recordConfirmation
        /// Send the recorded posting confirmation, exactly as recorded.
        case sendConfirmation
        /// Nothing now: at rest, or waiting for the next run.
        case none
    }

    /// A FIS document's next state and action.
    public struct DocumentTransition: Sendable, Hashable {
        public var next: PipelineState
        public var action: DocumentAction

        public init(_ next: PipelineState, _ action: DocumentAction) {
            self.next = next
            self.action = action
        }
    }

    /// The state of a FIS document after `event` in `state`, and what to do next; `nil` when the event cannot
    /// happen in that state.
    ///
    /// ```swift
    /// SyncMachine.transition(from: .received, on: .acknowledged)   // (acknowledged, archive)
    /// SyncMachine.transition(from: .posted, on: .confirmationRecorded)   // (confirming, sendConfirmation)
    /// SyncMachine.transition(from: .confirmed, on: .archived)   // nil
    /// ```
    public static func transition(from state: PipelineState, on event: DocumentEvent) -> DocumentTransition? {
        switch (state, event) {
        case (.received, .acknowledged):
            return DocumentTransition(.acknowledged, .archive)
        case (.received, .ackFailed):
            return DocumentTransition(.received, .none)
        case (.received, .ackRefused):
            return DocumentTransition(.failed, .none)
        case (.received, .ackForeign):
            return DocumentTransition(.foreign, .none)
        case (.acknowledged, .archived):
            return DocumentTransition(.archived, .load)
        case (.acknowledged, .setAside), (.archived, .setAside), (.archived, .loaded(clean: false)):
            return DocumentTransition(.quarantined, .recordConfirmation)
        case (.archived, .loaded(clean: true)):
            return DocumentTransition(.posted, .recordConfirmation)
        case (.posted, .confirmationRecorded), (.quarantined, .confirmationRecorded):
            return DocumentTransition(.confirming, .sendConfirmation)
        case (.confirming, .confirmationAnswered(.retryLater)):
            return DocumentTransition(.confirming, .none)
        case (.confirming, .confirmationAnswered):
            return DocumentTransition(.confirmed, .none)
        default:
            return nil
        }
    }

    /// The first action for a FIS document a run resumes after a crash, by the state it was left in: each step is
    /// idempotent (acknowledging again answers 101 with our own id; the load is keyed by company and document id;
    /// a recorded confirmation is re-read, never rebuilt). `nil` for a document at rest.
    ///
    /// ```swift
    /// SyncMachine.resumeAction(forDocument: .confirming)   // .sendConfirmation
    /// ```
    public static func resumeAction(forDocument state: PipelineState) -> DocumentAction? {
        switch state {
        case .received: .acknowledge
        case .acknowledged: .archive
        case .archived: .load
        case .posted, .quarantined: .recordConfirmation
        case .confirming: .sendConfirmation
        default: nil
        }
    }
}
