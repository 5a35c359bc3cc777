public import Ledger

/// The sync pipeline as a state machine: a unit of work's `PipelineState` and an ``Event`` (what just happened)
/// give the next state and the ``Action`` to perform next. Pure: the ledger writes and the calls to the source are
/// ``PostingPipeline``'s, which performs each action, turns its outcome into an event and stores the new state.
///
/// ```swift
/// let step = SyncMachine.transition(from: .started, on: .polled(.ready))
/// // Transition(next: .completed, action: .fetch)
/// SyncMachine.transition(from: .posted, on: .polled(.ready))   // nil: a posted job is never fetched again
/// ```
public enum SyncMachine {
    /// Whether a unit of work can be fetched (an extract job's status).
    public enum Readiness: Sendable, Hashable, CaseIterable {
        /// Not yet (queued or running): poll again.
        case waiting
        /// Ready to fetch (completed).
        case ready
        /// The source gave up on it (the job failed): nothing to post.
        case failed
    }

    /// What a fetch brought.
    public enum Fetched: Sendable, Hashable, CaseIterable {
        /// The files to archive and load.
        case files
        /// A download refused by the archive limits (a hostile zip): archived as it came and quarantined.
        case refused
    }

    /// What just happened to a unit of work.
    public enum Event: Sendable, Hashable {
        // An intent to start a job.
        /// A `POST` of the intent is about to leave.
        case aboutToSend
        /// The job the intent led to is recorded.
        case jobRecorded
        /// No job came of the start: nothing was sent, every attempt was refused, or another's job is running.
        case startRefused
        /// The intent's window has passed and its job is judged (``JobOwnership``).
        case judged(Judgement)

        // A job.
        /// The source's answer on the unit's readiness.
        case polled(Readiness)
        /// The fetch is done.
        case fetched(Fetched)
        /// The download is archived as it came; `extracts`: whether it holds a file to load.
        case archived(extracts: Bool)
        /// Every file is loaded; `clean`: none of them was quarantined.
        case loaded(clean: Bool)
        /// The download (a refused zip, or one with no extract in it) is quarantined with its reason.
        case setAside
        /// The job is marked posted in the ledger.
        case posted
        /// The source was told how the posting went.
        case confirmed
        /// A foreign (or dismissed) job is taken into this ledger (`sync --adopt`).
        case adopted
        /// The job is marked as handled elsewhere (`sync --dismiss`).
        case dismissed
    }

    /// How an interrupted start is judged once its window has passed.
    public enum Judgement: Sendable, Hashable, CaseIterable {
        /// No job of the window is the intent's: nothing was sent, or nothing started.
        case noJob
        /// Exactly one job, and no other writer: adopted.
        case ownJob
        /// A job that cannot be told from another writer's: the candidates are foreign.
        case cannotTell
    }

    /// What to do next.
    public enum Action: Sendable, Hashable, CaseIterable {
        /// Send the start's `POST`.
        case send
        /// Ask the source whether the unit is ready (poll an extract job until it completes).
        case poll
        /// Download the unit's files.
        case fetch
        /// Keep the download as it came in the raw-file archive.
        case archive
        /// Check and load each file.
        case load
        /// Quarantine the download with its reason.
        case quarantine
        /// Mark the job posted.
        case post
        /// Tell the source how the posting went (success, quarantine or failure).
        case confirm
        /// Nothing: the unit is at rest.
        case none
    }

    public struct Transition: Sendable, Hashable {
        public var next: PipelineState
        public var action: Action

        public init(_ next: PipelineState, _ action: Action) {
            self.next = next
            self.action = action
        }
    }

    /// The state after `event` in `state`, and what to do next; `nil` when the event cannot happen in that state
    /// (the pipeline stops with ``SyncError/Code/invalidTransition``).
    public static func transition(from state: PipelineState, on event: Event) -> Transition? {
        switch (state, event) {
        // Intents.
        case (.intentRecorded, .aboutToSend), (.intentSending, .aboutToSend):
            return Transition(.intentSending, .send)
        case (.intentRecorded, .jobRecorded), (.intentSending, .jobRecorded):
            return Transition(.superseded, .none)
        case (.intentRecorded, .startRefused), (.intentSending, .startRefused):
            return Transition(.abandoned, .none)
        case (.intentRecorded, .judged):
            // Never marked sending: nothing was sent, whatever others started meanwhile.
            return Transition(.abandoned, .none)
        case (.intentSending, .judged(.noJob)):
            return Transition(.abandoned, .none)
        case (.intentSending, .judged(.ownJob)):
            return Transition(.superseded, .none)
        case (.intentSending, .judged(.cannotTell)):
            return Transition(.ambiguous, .none)

        // A job: polled until ready; a resumed job (any unfinished state) is fetched again from the start.
        case (.started, .polled(.waiting)):
            return Transition(.started, .poll)
        case (let from, .polled(.ready)) where from.isResumable:
            return Transition(.completed, .fetch)
        case (let from, .polled(.failed)) where from.isResumable:
            return Transition(.failed, .confirm)
        case (.completed, .fetched(.files)):
            return Transition(.downloaded, .archive)
        case (.completed, .fetched(.refused)):
            return Transition(.downloaded, .quarantine)
        case (.downloaded, .archived(extracts: true)):
            return Transition(.archived, .load)
        case (.downloaded, .archived(extracts: false)):
            return Transition(.archived, .quarantine)
        case (.downloaded, .setAside), (.archived, .setAside):
            return Transition(.quarantined, .confirm)
        case (.archived, .loaded(clean: true)):
            return Transition(.loaded, .post)
        case (.archived, .loaded(clean: false)):
            return Transition(.quarantined, .confirm)
        case (.loaded, .posted):
            return Transition(.posted, .confirm)
        case (.posted, .confirmed), (.quarantined, .confirmed), (.failed, .confirmed):
            return Transition(state, .none)

        // Whose job it is.
        case (.foreign, .adopted), (.dismissed, .adopted):
            return Transition(.started, .poll)
        case (let from, .dismissed) where !from.isIntent && from != .posted:
            return Transition(.dismissed, .none)

        default:
            return nil
        }
    }

    /// The first action for a job a run resumes: ask the source where it stands (a job's progress before a crash
    /// is redone from its download, which the ledger's keys make idempotent). `nil` for a state not to resume.
    public static func resumeAction(for state: PipelineState) -> Action? {
        state.isResumable ? .poll : nil
    }
}
