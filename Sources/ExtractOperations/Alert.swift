public import ExtractSync
public import Foundation

/// One alert as posted to a webhook: a Slack-compatible one-line `text`, its kind, the company and details.
///
/// ```swift
/// Alert.alerts(for: .failed(company: "acme", error: "no answer"))
/// // [Alert(kind: .runFailed, company: "acme", text: "concur-extract: acme: run failed: no answer", …)]
/// ```
///
/// The JSON body: `{"text": "…", "kind": "run_failed", "company": "acme", "details": {"error": "…"}}`. Text and
/// details pass through ``LogRedaction`` (an error message may quote a URL or a header).
public struct Alert: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A company's run failed (or ended with a file quarantined or a job unreachable).
        case runFailed = "run_failed"
        /// A file went to quarantine.
        case quarantined
        /// A job of the definition this ledger did not start (alerted once per job and process).
        case foreignJob = "foreign_job"
        /// No successful run within twice the company's interval.
        case overdue
    }

    public var kind: Kind
    public var company: String
    public var text: String
    public var details: [String: String]

    public init(kind: Kind, company: String, text: String, details: [String: String] = [:]) {
        self.kind = kind
        self.company = company
        self.text = LogRedaction.value(text)
        self.details = details.reduce(into: [:]) { result, field in
            result[field.key] =
                LogRedaction.isSecret(key: field.key) ? LogRedaction.mark : LogRedaction.value(field.value)
        }
    }

    /// The request body (keys sorted: stable).
    public var body: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("{\"text\":\"concur-extract alert\"}".utf8)
    }

    /// The alerts an event of the scheduler raises (before deduplication of foreign jobs).
    public static func alerts(for event: SyncScheduler.Event) -> [Alert] {
        switch event {
        case .failed(let company, let error):
            return [
                Alert(
                    kind: .runFailed,
                    company: company,
                    text: "concur-extract: \(company): run failed: \(oneLine(error))",
                    details: ["error": error]
                )
            ]
        case .sync(let company, .quarantined(let record)):
            var details = ["file": record.fileName, "code": record.code, "reason": record.reason]
            if let id = record.id { details["quarantine_id"] = String(id) }
            if let batch = record.batchID { details["batch"] = batch }
            return [
                Alert(
                    kind: .quarantined,
                    company: company,
                    text:
                        "concur-extract: \(company): \(record.fileName) quarantined [\(record.code)]: \(oneLine(record.reason)) (concur-extract quarantine list --company \(company))",
                    details: details
                )
            ]
        case .sync(let company, .foreignJob(let job)):
            return [
                Alert(
                    kind: .foreignJob,
                    company: company,
                    text:
                        "concur-extract: \(company): foreign job \(job.jobID) (\(job.status)) is not posted: sync --adopt \(job.jobID) or sync --dismiss \(job.jobID) --note TEXT",
                    details: ["job": job.jobID, "status": job.status, "url": job.url]
                )
            ]
        case .passFinished(let report):
            // A run that ended with a recorded job unreachable (no error event) failed too; one that quarantined a
            // file was alerted as such.
            return report.outcomes.compactMap { outcome in
                guard let error = outcome.error, let report = outcome.report, !report.unreachableJobs.isEmpty else {
                    return nil
                }
                return Alert(
                    kind: .runFailed,
                    company: outcome.company,
                    text: "concur-extract: \(outcome.company): run failed: \(oneLine(error))",
                    details: ["error": error]
                )
            }
        default:
            return []
        }
    }

    /// The text on one line, at most 300 characters.
    static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 300 ? String(flat.prefix(299)) + "…" : flat
    }
}
