import AccountingExtract
public import Foundation

extension SyncEvent {
    /// `true` for the events that warn (foreign and unreachable jobs): the command line writes them on standard
    /// error in every mode, so that `--json` output stays one object.
    public var isWarning: Bool {
        switch self {
        case .foreignJob, .unreachable: return true
        default: return false
        }
    }

    /// The event as one progress line, stamped with the seconds since the run began.
    ///
    /// ```swift
    /// SyncEvent.alreadyLoaded(batchID: "1001").text(since: start, now: clock.now)
    /// // "[  0.4s] batch 1001 was already loaded: nothing changed"
    /// ```
    public func text(since start: Date, now: Date) -> String {
        "\(String(format: "[%5.1fs]", now.timeIntervalSince(start))) \(message)"
    }

    /// The event's words, without the time stamp.
    public var message: String {
        switch self {
        case .definitionsFound(let names): return "definitions: \(names.joined(separator: ", "))"
        case .resuming(let job, let status): return "resuming job \(job) (last seen \(status))"
        case .adopted(let job): return "adopting job \(job)"
        case .foreignJob(let job):
            return
                "WARNING: foreign job \(job.jobID) (started \(job.startedAt.formatted(.iso8601)), \(job.status)) was not started by this ledger\(job.note.map { " (\($0.debugEscaped))" } ?? "") and is not posted: sync --adopt \(job.jobID) to post it here, or sync --dismiss \(job.jobID) --note TEXT if it was handled elsewhere (\(job.url))"
        case .unreachable(let job):
            return
                "ERROR: recorded job \(job.jobID) could not be resumed at \(job.url) (\(job.reason)); it stays recorded and no other job was started in its place: check the base URL, or sync --dismiss \(job.jobID) --note TEXT"
        case .intentAbandoned(let intent):
            return "closed \(intent): no job of it is in Concur's list"
        case .intentAmbiguous(let intent, let jobs):
            return
                "WARNING: closed \(intent): its job cannot be told from another writer's among \(jobs.joined(separator: ", ")); they are listed as foreign"
        case .startInFlight(let until):
            return
                "an earlier start of this ledger may still be under way: nothing new is started; the first run after \(until.formatted(.iso8601)) decides whether a job came of it"
        case .jobStarted(let job, let status): return "started job \(job) (\(status))"
        case .jobStatus(let job, let status, _):
            return "job \(URL(string: job)?.lastPathComponent ?? job): \(status)"
        case .downloaded(let path, let size, let sha):
            return "downloaded \(size) bytes, sha256 \(sha) (\(path))"
        case .loaded(let batch, let lines, let records):
            return "loaded batch \(batch): \(records) DETAIL lines → \(lines) journal lines (with offsets)"
        case .alreadyLoaded(let batch): return "batch \(batch) was already loaded: nothing changed"
        case .quarantined(let record):
            let id = record.id.map { " (quarantine id \($0))" } ?? ""
            return "QUARANTINED \(record.fileName)\(id): [\(record.code)] \(record.reason)"
        case .posted(let job): return "job \(URL(string: job)?.lastPathComponent ?? job) posted"
        case .nothingNew(let reason): return "nothing new to extract: \(reason)"
        }
    }
}
