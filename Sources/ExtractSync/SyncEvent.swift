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

    // FIS documents (``FISDocumentSource``).
    /// A page's new documents are recorded (state `received`), before their acknowledgement is sent.
    case documentsRecorded
    /// The page's acknowledgements are sent and their outcomes recorded.
    case documentsAcknowledged
    /// A document's raw JSON is archived (state `archived`).
    case documentArchived
    /// A document's journal is loaded in one transaction (before its state says so).
    case documentLoaded
    /// A document is marked posted or quarantined.
    case documentPosted
    /// A document's posting confirmation is recorded with its exact content (state `confirming`), not sent yet.
    case confirmationRecorded
    /// The posting confirmations are sent; Concur's answers are not recorded yet.
    case confirmationsSent
    /// Concur's answer to a document's posting confirmation is recorded (state `confirmed`).
    case confirmed

    /// The steps of an Extract job's run (the kill points of the Extract crash tests).
    public static let extractSteps: [SyncStep] = [
        .intentRecorded, .jobStarted, .jobRecorded, .jobCompleted, .downloaded, .loaded, .posted,
    ]
    /// The steps of a FIS document's run, in order.
    public static let documentSteps: [SyncStep] = [
        .documentsRecorded, .documentsAcknowledged, .documentArchived, .documentLoaded, .documentPosted,
        .confirmationRecorded, .confirmationsSent, .confirmed,
    ]
}
