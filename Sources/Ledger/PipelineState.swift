/// How far a unit of work has come through the sync pipeline, as the ledger stores it (the `state` column of
/// `ledger_extract_jobs` and `ledger_start_intents`). The pipeline decides by state, never by Concur's status words;
/// the transitions between states are `SyncMachine`'s (module ExtractSync).
///
/// An **intent** (``isIntent``) is this ledger's record that it is about to start a job, written before the `POST`:
/// ``intentRecorded`` → ``intentSending`` (right before each `POST` leaves) → ``superseded`` (the job it led to is
/// recorded), ``abandoned`` (no job came of it) or ``ambiguous`` (its job cannot be told from another writer's).
///
/// A **job** goes ``started`` → ``completed`` → ``downloaded`` → ``archived`` → ``loaded`` → ``posted``, or ends
/// ``failed`` or ``quarantined``. A job of the definition that this ledger did not start is ``foreign`` until it is
/// adopted (back to ``started``) or ``dismissed``.
///
/// ```swift
/// let unfinished = try await store.jobs(company: "acme", includePosted: false).filter { $0.state.isResumable }
/// ```
public enum PipelineState: String, Sendable, Hashable, Codable, CaseIterable {
    /// The intent to start a job is recorded; no `POST` has left yet.
    case intentRecorded = "intent-recorded"
    /// A `POST` of the intent was about to leave at its last send time.
    case intentSending = "intent-sending"
    /// The intent's job is recorded (or adopted): the intent is closed.
    case superseded
    /// No job came of the intent (nothing sent, every attempt refused, or nothing Concur lists): closed.
    case abandoned
    /// The intent's job could not be told from another writer's: closed; its candidates are foreign.
    case ambiguous
    /// Concur has the job (queued or running, or not yet polled this run).
    case started
    /// Concur completed the job: its file can be downloaded.
    case completed
    /// The file is downloaded (fsynced, its SHA-256 known).
    case downloaded
    /// The download is archived as it came (a zip beside its entries; a single SAE file is archived by the load).
    case archived
    /// Every file of the job is loaded (one transaction each), none quarantined.
    case loaded
    /// The job's lines are in the ledger: done.
    case posted
    /// Concur reports the job failed: done, nothing to post.
    case failed
    /// A file of the job (or the download itself) is quarantined with its reason: the quarantine workflow goes on.
    case quarantined
    /// A job of the definition this ledger did not start: never downloaded or posted unless adopted.
    case foreign
    /// A foreign (or unreachable) job marked as handled elsewhere: kept, no longer warned about.
    case dismissed

    // A FIS document (issue 12): the unit is one financial document, keyed by company and FIS document id. It goes
    // ``received`` → ``acknowledged`` → ``archived`` → ``posted`` (or ``quarantined``) → ``confirming`` →
    // ``confirmed``; an acknowledgement Concur refuses ends it ``failed`` (never posted), one another system made
    // ends it ``foreign``. The transitions are `SyncMachine.transition(from:on:)` for a `DocumentEvent`.

    /// FIS: the document is recorded as received, before anything else (the intent to post it).
    case received
    /// FIS: Concur confirmed the acknowledgement (or had it from this system already).
    case acknowledged
    /// FIS: the posting confirmation about to be sent is recorded with its exact content; not yet answered.
    case confirming
    /// FIS: Concur answered the posting confirmation (its code is recorded with the confirmation): done.
    case confirmed

    /// The states a FIS document takes (some shared with jobs: ``archived``, ``posted``, ``quarantined``,
    /// ``failed``, ``foreign``).
    public static let documentStates: Set<PipelineState> = [
        .received, .acknowledged, .archived, .posted, .quarantined, .confirming, .confirmed, .failed, .foreign,
    ]

    /// `true` for a FIS document a run must still finish: neither confirmed, nor refused (``failed``), nor
    /// another system's (``foreign``).
    public var isUnfinishedDocument: Bool {
        switch self {
        case .received, .acknowledged, .archived, .posted, .quarantined, .confirming: true
        default: false
        }
    }

    /// The states of an intent (the others are a job's).
    public static let intentStates: Set<PipelineState> = [
        .intentRecorded, .intentSending, .superseded, .abandoned, .ambiguous,
    ]

    /// `true` for an intent's state.
    public var isIntent: Bool { Self.intentStates.contains(self) }

    /// `true` for an intent not closed yet: a run may still record its job (until its window has passed).
    public var isOpenIntent: Bool { self == .intentRecorded || self == .intentSending }

    /// `true` for a job of this ledger that a run must still finish: started, and neither posted, failed,
    /// quarantined, foreign nor dismissed.
    public var isResumable: Bool {
        switch self {
        case .started, .completed, .downloaded, .archived, .loaded: true
        default: false
        }
    }
}
