public import ExtractAPI
public import Foundation
public import Ledger

/// What a sync run reports as it goes, for progress displays and logs.
public enum SyncEvent: Sendable {
    case definitionsFound([String])
    case resuming(jobID: String, status: String)
    case adopted(jobID: String)
    /// A job of the definition this ledger did not start, not yet adopted or dismissed: listed on every run.
    case foreignJob(ForeignJob)
    /// A recorded job that Concur no longer answers for (404, or another error): kept, reported, not replaced.
    case unreachable(UnreachableJob)
    /// An intent to start a job that led to no job Concur lists (the `POST` never reached it): closed.
    case intentAbandoned(intentID: String)
    /// An interrupted start whose job cannot be told from another writer's: closed; its candidates are foreign.
    case intentAmbiguous(intentID: String, jobIDs: [String])
    /// An earlier start of this ledger may still be under way until this time: nothing new is started; the first
    /// run after it decides.
    case startInFlight(until: Date)
    case jobStarted(jobID: String, status: JobStatus)
    case jobStatus(jobID: String, status: JobStatus, elapsed: Duration)
    case downloaded(path: String, size: Int64, sha256: String)
    case loaded(batchID: String, lines: Int, records: Int)
    case alreadyLoaded(batchID: String)
    case quarantined(QuarantineRecord)
    case posted(jobID: String)
    case nothingNew(reason: String)
}

/// The durable steps of a sync, in order. A crash after any of them, followed by a rerun, finishes the work
/// with no line lost and none doubled.
public enum SyncStep: String, Sendable, CaseIterable {
    /// The intent to start a job is recorded; the `POST` is not sent yet.
    case intentRecorded
    /// Concur has started the job; the ledger does not know it yet.
    case jobStarted
    /// The job is recorded in the ledger (before the first poll).
    case jobRecorded
    /// The job completed and its status is recorded.
    case jobCompleted
    /// The file is downloaded (fsynced, its SHA-256 known).
    case downloaded
    /// The batch's lines are loaded (one transaction).
    case loaded
    /// The job is marked posted.
    case posted
}

/// A job of the definition that this ledger did not start (another ledger's, a colleague's `run`): recorded as
/// foreign, never downloaded or posted unless adopted (`sync --adopt`), until then listed on every run.
public struct ForeignJob: Sendable, Hashable {
    /// Concur's job id.
    public var jobID: String
    /// The job's URL when last seen.
    public var url: String
    public var startedAt: Date
    /// Concur's status when last seen (`Queued`, `Running`, `Completed`, `Failed`).
    public var status: String
    /// Why the job is listed, when there is more to say: one that may be this ledger's own (an interrupted start
    /// it cannot tell from another writer's).
    public var note: String?

    public init(jobID: String, url: String, startedAt: Date, status: String, note: String? = nil) {
        self.jobID = jobID
        self.url = url
        self.startedAt = startedAt
        self.status = status
        self.note = note
    }
}

/// A recorded job that could not be resumed: Concur answered 404 for it (or another error) under the current base
/// URL. It stays recorded and is reported on every run until it is reachable again or dismissed.
public struct UnreachableJob: Sendable, Hashable {
    public var jobID: String
    /// The URL that was asked.
    public var url: String
    /// What Concur answered.
    public var reason: String

    public init(jobID: String, url: String, reason: String) {
        self.jobID = jobID
        self.url = url
        self.reason = reason
    }
}

/// The outcome of one sync run for one company.
public struct SyncReport: Sendable {
    public struct Job: Sendable {
        public var jobID: String
        public var statuses: [(status: String, elapsed: Duration)]
        public var file: String?
        public var size: Int64?
        public var sha256: String?
        public var batches: [String]
        public var linesLoaded: Int
        public var recordsLoaded: Int
        public var quarantined: [QuarantineRecord]
        public var posted: Bool
    }

    public var company: String
    public var definition: String
    public var jobs: [Job]
    /// Why nothing was posted, when nothing was.
    public var nothingNew: String?
    /// The definition's foreign jobs not yet adopted or dismissed, newly seen or recorded earlier, oldest first.
    public var foreignJobs: [ForeignJob] = []
    /// Recorded jobs that could not be resumed this run.
    public var unreachableJobs: [UnreachableJob] = []
    /// How many of the company's files wait in quarantine after the run (open entries), when counted.
    public var quarantineWaiting: Int? = nil
    /// When an earlier, interrupted start of this ledger may still be under way: until this time (nothing new was
    /// started; the first run after it decides whether a job came of it).
    public var startInFlight: Date? = nil

    /// `true` when every job of the run was posted (or there was nothing to do) and every recorded job answered.
    public var succeeded: Bool { jobs.allSatisfy(\.posted) && unreachableJobs.isEmpty }

    /// The process exit code for this outcome.
    ///
    /// | code | meaning |
    /// |------|---------|
    /// | 0 | everything posted (or nothing new) |
    /// | 1 | a file was quarantined, or a recorded job could not be reached |
    /// | 4 | everything of this ledger posted, but foreign jobs wait to be adopted or dismissed |
    public var exitCode: Int32 {
        if !succeeded { return 1 }
        return foreignJobs.isEmpty ? 0 : 4
    }
}
