public import ExtractAPI
public import Foundation
public import Ledger

/// What a sync run reports as it goes, for progress displays and logs.
public enum SyncEvent: Sendable {
    case definitionsFound([String])
    case resuming(jobID: String, status: String)
    case adopted(jobID: String)
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
    /// How many of the company's files wait in quarantine after the run (open entries), when counted.
    public var quarantineWaiting: Int? = nil

    /// `true` when every job of the run was posted (or there was nothing to do).
    public var succeeded: Bool { jobs.allSatisfy(\.posted) }
}
