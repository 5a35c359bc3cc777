public import ExtractAPI
public import Foundation
public import Ledger

/// Which of a definition's jobs this ledger resumes, adopts, or leaves alone as foreign: a pure function of what
/// the ledger recorded and what Concur lists.
///
/// A job belongs to a ledger only when that ledger recorded its id, or recorded the intent to start it. The intent
/// is written before the `POST` and closed once the job it led to is recorded, so a crash between the two leaves
/// it open: the rerun adopts the earliest unknown job that started at or after the intent (less `margin` for clock
/// skew) and before now (plus `margin`), and closes the intent. An open intent with no such job is abandoned.
/// Every other job Concur lists that the ledger never recorded is **foreign**: another ledger's, a colleague's
/// `run`, a staging worker's. It is recorded as such and never downloaded or posted unless adopted explicitly.
///
/// ```swift
/// let decision = JobOwnership.decide(recorded: records, concurJobs: try await client.jobs(of: definition),
///                                    now: Date(), margin: 300)
/// decision.resume    // this ledger's unfinished jobs, oldest first
/// decision.adopt     // jobs this ledger started but never recorded (a crash right after the POST)
/// decision.foreign   // jobs seen for the first time that this ledger did not start
/// ```
public enum JobOwnership {
    public struct Adoption: Sendable, Hashable {
        /// The job Concur lists.
        public var job: ExtractJob
        /// The open intent that led to it (closed by the adoption).
        public var intent: ExtractJobRecord
    }

    public struct Decision: Sendable, Hashable {
        /// Recorded jobs of this ledger still to finish, oldest first.
        public var resume: [ExtractJobRecord] = []
        /// Unknown jobs this ledger started, each with the intent it closes.
        public var adopt: [Adoption] = []
        /// Open intents that led to no job Concur lists (the `POST` never reached it): to close.
        public var abandon: [ExtractJobRecord] = []
        /// Jobs never recorded that this ledger did not start, oldest first: to record as foreign.
        public var foreign: [ExtractJob] = []

        public init(
            resume: [ExtractJobRecord] = [],
            adopt: [Adoption] = [],
            abandon: [ExtractJobRecord] = [],
            foreign: [ExtractJob] = []
        ) {
            self.resume = resume
            self.adopt = adopt
            self.abandon = abandon
            self.foreign = foreign
        }
    }

    /// The status of an intent to start a job, until the job is recorded.
    public static let openIntentStatus = "Starting"

    /// - Parameters:
    ///   - recorded: the ledger's records (jobs and intents) of this company and definition.
    ///   - concurJobs: the definition's jobs as Concur lists them.
    ///   - now: the time of the decision.
    ///   - margin: how far Concur's clock may be off ours (seconds).
    public static func decide(
        recorded: [ExtractJobRecord],
        concurJobs: [ExtractJob],
        now: Date,
        margin: TimeInterval
    ) -> Decision {
        var decision = Decision()
        decision.resume = recorded.filter(SyncPipeline.isUnfinished).sorted { $0.startedAt < $1.startedAt }
        let known = Set(recorded.filter(SyncPipeline.isJob).map(\.jobID))
        var seen = Set<String>()
        // Oldest first; on a tie the later in Concur's newest-first list started first.
        var unknown = concurJobs.reversed().filter { job in
            !known.contains(job.jobID) && seen.insert(job.jobID).inserted
        }
        unknown.sort { $0.startTime.date < $1.startTime.date }
        let intents = recorded.filter { !SyncPipeline.isJob($0) && $0.status == openIntentStatus }
            .sorted { $0.startedAt < $1.startedAt }
        for intent in intents {
            let earliest = intent.startedAt.addingTimeInterval(-margin)
            let latest = now.addingTimeInterval(margin)
            if let index = unknown.firstIndex(where: { $0.startTime.date >= earliest && $0.startTime.date <= latest }) {
                decision.adopt.append(Adoption(job: unknown.remove(at: index), intent: intent))
            } else {
                decision.abandon.append(intent)
            }
        }
        decision.foreign = unknown
        return decision
    }
}
