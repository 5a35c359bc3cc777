public import Foundation
public import Ledger

/// The outcome of one sync run for one company.
///
/// It is `Codable` in the shape `sync --json` prints (every key, `null` for what is absent; sorted keys):
///
/// ```swift
/// let report = try await pipeline.run()
/// let encoder = JSONEncoder()
/// encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
/// print(String(decoding: try encoder.encode(report), as: UTF8.self))
/// // {"company":"acme","definition":"Standard Accounting Extract","foreignJobs":[],"jobs":[…],…}
/// ```
public struct SyncReport: Sendable {
    public struct Job: Sendable {
        public var jobID: String
        /// The job's statuses as polled (not part of the JSON shape).
        public var statuses: [(status: String, elapsed: Duration)]
        public var file: String?
        public var size: Int64?
        public var sha256: String?
        public var batches: [String]
        public var linesLoaded: Int
        public var recordsLoaded: Int
        /// The files quarantined; the JSON shape keeps their id, code and reason.
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
    /// FIS: Concur's answers to the posting confirmations sent this run (the jobs are the documents, by FIS id).
    public var confirmations: [ConfirmationReply] = []

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
        if !succeeded { return ExitStatus.failed.rawValue }
        return (foreignJobs.isEmpty ? ExitStatus.success : .foreignJobs).rawValue
    }

    /// What `sync` prints in text mode after the run's progress: the company's quarantine count, when counted.
    ///
    /// `quarantine: acme: 1 file waits in quarantine (concur-extract quarantine list --company acme)`
    public var text: String {
        quarantineWaiting.map { "quarantine: \(QuarantineCount(company: company, waiting: $0))\n" } ?? ""
    }
}
