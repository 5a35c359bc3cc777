public import ExtractSync
import Foundation
public import Logging

/// One event as a log record: its level, its dotted name and its fields.
///
/// ```swift
/// let record = LogRecord(SyncEvent.posted(jobID: "j-1"), company: "acme")
/// // info sync.posted company=acme job=j-1
/// ```
public struct LogRecord: Sendable {
    public var level: Logger.Level
    public var event: String
    public var metadata: Logger.Metadata

    public init(level: Logger.Level, event: String, metadata: Logger.Metadata = [:]) {
        self.level = level
        self.event = event
        self.metadata = metadata
    }

    /// Writes the record to `logger` (which drops it below its level).
    public func log(to logger: Logger) {
        logger.log(level: level, "\(event)", metadata: metadata)
    }

    /// A pipeline's event, with its company when known.
    public init(_ event: SyncEvent, company: String? = nil) {
        var fields: Logger.Metadata = [:]
        if let company { fields["company"] = .string(company) }
        func job(_ id: String) -> Logger.MetadataValue { .string(URL(string: id)?.lastPathComponent ?? id) }
        let level: Logger.Level
        let name: String
        switch event {
        case .definitionsFound(let names):
            (level, name) = (.debug, "sync.definitions")
            fields["definitions"] = .string(names.joined(separator: ", "))
        case .resuming(let id, let status):
            (level, name) = (.info, "sync.resuming")
            fields["job"] = job(id)
            fields["status"] = .string(status)
        case .adopted(let id):
            (level, name) = (.info, "sync.adopted")
            fields["job"] = job(id)
        case .foreignJob(let foreign):
            (level, name) = (.warning, "sync.foreign_job")
            fields["job"] = job(foreign.jobID)
            fields["status"] = .string(foreign.status)
            fields["started"] = .string(LogLine.timestamp(foreign.startedAt))
            fields["url"] = .string(foreign.url)
            fields["action"] = .string("sync --adopt JOB, or sync --dismiss JOB --note TEXT")
        case .unreachable(let unreachable):
            (level, name) = (.error, "sync.unreachable")
            fields["job"] = job(unreachable.jobID)
            fields["url"] = .string(unreachable.url)
            fields["reason"] = .string(unreachable.reason)
        case .intentAbandoned(let intent):
            (level, name) = (.info, "sync.intent_abandoned")
            fields["intent"] = .string(intent)
        case .intentAmbiguous(let intent, let jobs):
            (level, name) = (.warning, "sync.intent_ambiguous")
            fields["intent"] = .string(intent)
            fields["jobs"] = .string(jobs.joined(separator: ","))
        case .startInFlight(let until):
            (level, name) = (.info, "sync.start_in_flight")
            fields["until"] = .string(LogLine.timestamp(until))
        case .jobStarted(let id, let status):
            (level, name) = (.info, "sync.job_started")
            fields["job"] = job(id)
            fields["status"] = .string("\(status)")
        case .jobStatus(let id, let status, let elapsed):
            (level, name) = (.info, "sync.job_status")
            fields["job"] = job(id)
            fields["status"] = .string("\(status)")
            fields["elapsed_s"] = .string(String(elapsed.components.seconds))
        case .downloaded(let path, let size, let sha256):
            (level, name) = (.info, "sync.downloaded")
            fields["file"] = .string(URL(fileURLWithPath: path).lastPathComponent)
            fields["bytes"] = .string(String(size))
            fields["sha256"] = .string(sha256)
        case .loaded(let batch, let lines, let records):
            (level, name) = (.info, "sync.loaded")
            fields["batch"] = .string(batch)
            fields["lines"] = .string(String(lines))
            fields["records"] = .string(String(records))
        case .alreadyLoaded(let batch):
            (level, name) = (.info, "sync.already_loaded")
            fields["batch"] = .string(batch)
        case .quarantined(let record):
            (level, name) = (.error, "sync.quarantined")
            fields["file"] = .string(record.fileName)
            if let id = record.id { fields["quarantine_id"] = .string(String(id)) }
            if let batch = record.batchID { fields["batch"] = .string(batch) }
            if let id = record.jobID { fields["job"] = job(id) }
            if let line = record.line { fields["line"] = .string(String(line)) }
            if let field = record.fieldName { fields["field"] = .string(field) }
            fields["code"] = .string(record.code)
            fields["reason"] = .string(record.reason)
        case .posted(let id):
            (level, name) = (.info, "sync.posted")
            fields["job"] = job(id)
        case .nothingNew(let reason):
            (level, name) = (.info, "sync.nothing_new")
            fields["reason"] = .string(reason)
        }
        self.init(level: level, event: name, metadata: fields)
    }

    /// A scheduler's event (`serve`, `sync --all`): a pass ends as one `run.finished` record a company that ran
    /// (warning when it failed or left foreign jobs), one `quarantine.waiting` a company with files waiting, and
    /// one `pass.finished`.
    public static func records(_ event: SyncScheduler.Event) -> [LogRecord] {
        switch event {
        case .sync(let company, let event): return [LogRecord(event, company: company)]
        case .skipped(let company):
            return [
                LogRecord(
                    level: .info,
                    event: "run.skipped",
                    metadata: ["company": .string(company), "reason": "another worker holds the company's lease"]
                )
            ]
        case .failed(let company, let error):
            return [
                LogRecord(
                    level: .error,
                    event: "run.failed",
                    metadata: ["company": .string(company), "error": .string(error)]
                )
            ]
        case .passFinished(let report):
            var records = report.outcomes.filter { !$0.skipped }.map { outcome in
                let warns = outcome.error != nil || !(outcome.report?.foreignJobs.isEmpty ?? true)
                return LogRecord(
                    level: warns ? .warning : .info,
                    event: "run.finished",
                    metadata: ["company": .string(outcome.company), "outcome": .string(outcome.summary)]
                )
            }
            records += report.quarantine.filter { $0.waiting > 0 }.map { count in
                LogRecord(
                    level: .warning,
                    event: "quarantine.waiting",
                    metadata: ["company": .string(count.company), "files": .string(String(count.waiting))]
                )
            }
            let ran = report.outcomes.filter { !$0.skipped }
            records.append(
                LogRecord(
                    level: .info,
                    event: "pass.finished",
                    metadata: [
                        "companies": .string(String(ran.count)),
                        "failed": .string(String(ran.filter { $0.error != nil }.count)),
                        "exit_code": .string(String(report.exitCode)),
                    ]
                )
            )
            return records
        case .stopping:
            return [
                LogRecord(
                    level: .notice,
                    event: "serve.stopping",
                    metadata: ["reason": "signal received: finishing the runs in hand, starting nothing new"]
                )
            ]
        case .stopped: return [LogRecord(level: .notice, event: "serve.stopped")]
        }
    }
}
