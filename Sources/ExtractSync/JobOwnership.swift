public import ExtractAPI
public import Foundation
public import Ledger

/// Which of a definition's jobs this ledger resumes, adopts, or leaves alone as foreign: a pure function of what
/// the ledger recorded and what Concur lists.
///
/// A job belongs to a ledger only when that ledger recorded its id, or recorded the intent to start it. The intent
/// (`StartIntent`) is written before the `POST` (after every job then listed was recorded, as this ledger's or as
/// foreign) in the state `PipelineState/intentRecorded`, moved to `PipelineState/intentSending` (compare and set,
/// at that instant) right before each `POST` leaves, and closed once the job it led to is recorded, so a crash in
/// between leaves it open. An open intent is judged only
/// once its ``StartWindow`` has passed (the start call never sends after it); until then it is *in flight*: a
/// worker paused mid-start may still record its job, so the unknown jobs of its window are left undecided and no
/// other job is started. Once the window has passed:
///
/// - an intent never marked sending sent nothing: it is abandoned, whatever jobs others started meanwhile;
/// - no unknown job started between the intent and its last send (plus ``StartWindow/receiptBound``): the intent is
///   abandoned (the `POST` never reached Concur);
/// - exactly one did, the ledger is declared the definition's **sole writer** (`sole_writer`, `sync --sole-writer`),
///   and no other writer (another ledger, a colleague) was ever seen on the definition since this ledger began: it
///   is adopted, and the intent closed;
/// - otherwise the intent is **ambiguous**: its jobs are foreign (reported with the hint that one may be this
///   ledger's own), since guessing could post another ledger's reports a second time. `sync --adopt` takes the
///   right one.
///
/// Why a declared sole writer: Concur's job carries no owner and its start no idempotency key, so the job of a
/// `POST` killed in flight cannot be told from another writer's job started within seconds of it (the chaos
/// harness found one: seed 9199, another ledger's first job 0.6 s after the interrupted `POST`, posted in both
/// ledgers). Only the operator knows that no one else starts this definition's jobs; until they say so, an
/// interrupted start costs a `sync --adopt`, never a second posting.
///
/// Every other job Concur lists that the ledger never recorded is **foreign**: recorded as such and never
/// downloaded or posted unless adopted explicitly.
///
/// ```swift
/// let decision = JobOwnership.decide(recorded: records, intents: openIntents,
///                                    concurJobs: try await client.jobs(of: definition), now: Date(), window: .default,
///                                    soleWriter: false)
/// decision.resume     // this ledger's unfinished jobs, oldest first
/// decision.adopt      // jobs this ledger started but never recorded (a crash right after the POST)
/// decision.foreign    // jobs seen for the first time that this ledger did not start (or cannot tell)
/// decision.inFlight   // starts that may still be under way: nothing new is started this run
/// ```
public enum JobOwnership {
    /// How long a start may take: the start call sends its `POST` only within `duration` of its intent, and a job
    /// counts as the intent's when Concur says it started within the window, widened by ``clockSkew`` each side.
    public struct StartWindow: Sendable, Hashable {
        public var duration: TimeInterval
        /// How far Concur's clock (or another worker's) may be off ours: a quarter of the window, at most 30 s.
        public var clockSkew: TimeInterval { min(30, duration / 4) }

        /// Two minutes: a `POST …/job` answers in seconds, and a start that retries longer gives up.
        public static let `default` = StartWindow(duration: 120)

        public init(duration: TimeInterval) { self.duration = max(0, duration) }

        /// The last instant the intent's start may send its `POST`.
        public func sendBefore(_ intent: StartIntent) -> Date { intent.recordedAt.addingTimeInterval(duration) }

        /// When an open intent can be judged: its window and the skew allowance have passed.
        public func closes(_ intent: StartIntent) -> Date {
            intent.recordedAt.addingTimeInterval(duration + clockSkew)
        }

        /// How long after its last `POST` left a job it started may show in Concur's list: a quarter of the window,
        /// at most 5 s. A job of our own that Concur was slower to start is listed as foreign, never guessed.
        public var receiptBound: TimeInterval { min(5, duration / 4) }

        /// `true` when Concur's start time of `job` falls within the intent's window (skew allowed): from the
        /// intent to the window's end, and for a sending intent to no later than its last `POST`
        /// (`StartIntent/lastSentAt`) plus ``receiptBound``, since a process killed with its `POST` in flight sent
        /// nothing after that.
        public func contains(_ job: ExtractJob, of intent: StartIntent) -> Bool {
            let start = job.startTime.date
            var latest = closes(intent)
            if intent.state == .intentSending {
                let lastSent = max(intent.recordedAt, intent.lastSentAt ?? intent.recordedAt)
                latest = min(latest, lastSent.addingTimeInterval(receiptBound + clockSkew))
            }
            return start >= intent.recordedAt.addingTimeInterval(-clockSkew) && start <= latest
        }
    }

    public struct Adoption: Sendable, Hashable {
        /// The job Concur lists.
        public var job: ExtractJob
        /// The open intent that led to it (closed by the adoption).
        public var intent: StartIntent
    }

    /// An interrupted start whose job cannot be told apart: its candidates are listed as foreign.
    public struct Ambiguity: Sendable, Hashable {
        public var intent: StartIntent
        /// The unknown jobs that started within the intent's window (none of them adopted).
        public var candidates: [ExtractJob]
        /// Why no candidate was adopted.
        public var reason: String
    }

    public struct Decision: Sendable, Hashable {
        /// Recorded jobs of this ledger still to finish, oldest first.
        public var resume: [ExtractJobRecord] = []
        /// Unknown jobs this ledger started, each with the intent it closes.
        public var adopt: [Adoption] = []
        /// Open intents that led to no job Concur lists (the `POST` never reached it): to close.
        public var abandon: [StartIntent] = []
        /// Open intents whose jobs cannot be told from another writer's: to close; their candidates are foreign.
        public var ambiguous: [Ambiguity] = []
        /// Open intents still within their window: left open, and no job is started this run.
        public var inFlight: [StartIntent] = []
        /// Unknown jobs within an in-flight intent's window: neither adopted nor foreign yet.
        public var undecided: [ExtractJob] = []
        /// Jobs never recorded that this ledger did not start (or cannot tell), oldest first: to record as foreign.
        public var foreign: [ExtractJob] = []
        /// Another writer (a job recorded as foreign, dismissed or adopted explicitly, or an unknown job outside every
        /// open intent's window) was seen on the definition since this ledger began: an ambiguous start takes no job.
        public var otherWriterSeen = false

        public init(
            resume: [ExtractJobRecord] = [],
            adopt: [Adoption] = [],
            abandon: [StartIntent] = [],
            ambiguous: [Ambiguity] = [],
            inFlight: [StartIntent] = [],
            undecided: [ExtractJob] = [],
            foreign: [ExtractJob] = []
        ) {
            self.resume = resume
            self.adopt = adopt
            self.abandon = abandon
            self.ambiguous = ambiguous
            self.inFlight = inFlight
            self.undecided = undecided
            self.foreign = foreign
        }
    }

    /// The note of a job adopted with `sync --adopt` (evidence that another writer uses the definition).
    public static let adoptedNote = "adopted explicitly (sync --adopt)"

    /// - Parameters:
    ///   - recorded: the ledger's jobs of this company and definition.
    ///   - intents: the ledger's intents of this company and definition (closed ones are ignored).
    ///   - concurJobs: the definition's jobs as Concur lists them.
    ///   - now: the time of the decision (this machine's clock).
    ///   - window: how long a start may take (see ``StartWindow``).
    ///   - soleWriter: whether the operator declared this ledger the only one starting the definition's jobs: an
    ///     interrupted start adopts its one job only then.
    public static func decide(
        recorded: [ExtractJobRecord],
        intents: [StartIntent],
        concurJobs: [ExtractJob],
        now: Date,
        window: StartWindow,
        soleWriter: Bool
    ) -> Decision {
        var decision = Decision()
        decision.resume = recorded.filter(\.state.isResumable).sorted { $0.startedAt < $1.startedAt }
        let known = Set(recorded.map(\.jobID))
        var seen = Set<String>()
        // Oldest first; on a tie the later in Concur's newest-first list started first.
        var unknown = concurJobs.reversed().filter { job in
            !known.contains(job.jobID) && seen.insert(job.jobID).inserted
        }
        unknown.sort { $0.startTime.date < $1.startTime.date }
        let allIntents = intents
        let intents = intents.filter(\.isOpen).sorted { $0.recordedAt < $1.recordedAt }
        // Another writer seen since this ledger began: a job recorded as foreign, dismissed or adopted explicitly,
        // or one listed now outside every open intent's window.
        let firstOwn = (recorded.filter { $0.ownership == .owned }.map(\.startedAt) + allIntents.map(\.recordedAt))
            .min()
        let since = (firstOwn ?? now).addingTimeInterval(-window.clockSkew)
        let outside = unknown.filter { job in !intents.contains { window.contains(job, of: $0) } }
        let otherWriter =
            recorded.contains { record in
                record.startedAt >= since
                    && (record.ownership != .owned || record.note == adoptedNote)
            } || outside.contains { $0.startTime.date >= since }
        decision.otherWriterSeen = otherWriter

        for intent in intents {
            let candidates = unknown.filter { window.contains($0, of: intent) }
            if now < window.closes(intent) {
                unknown.removeAll { job in candidates.contains { $0.jobID == job.jobID } }
                decision.inFlight.append(intent)
                decision.undecided += candidates
                continue
            }
            guard intent.state == .intentSending else {
                // Nothing was sent: whatever started meanwhile is someone else's.
                decision.abandon.append(intent)
                continue
            }
            unknown.removeAll { job in candidates.contains { $0.jobID == job.jobID } }
            if candidates.isEmpty {
                decision.abandon.append(intent)
            } else if candidates.count == 1, soleWriter, !otherWriter, let job = candidates.first {
                decision.adopt.append(Adoption(job: job, intent: intent))
            } else {
                let reason =
                    candidates.count > 1
                    ? "\(candidates.count) jobs started within the window of an interrupted start of this ledger"
                    : soleWriter
                        ? "a job started within the window of an interrupted start of this ledger, and other writers use this definition"
                        : "a job started within the window of an interrupted start of this ledger, which is not declared the definition's sole writer (sole_writer)"
                decision.ambiguous.append(Ambiguity(intent: intent, candidates: candidates, reason: reason))
                decision.foreign += candidates
            }
        }
        decision.foreign += unknown
        decision.foreign.sort { $0.startTime.date < $1.startTime.date }
        return decision
    }
}
