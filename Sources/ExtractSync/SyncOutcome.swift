public import Ledger

/// One company's part of a scheduled pass (`sync --all`, each pass of `serve`): its report, or why there is none.
public struct SyncOutcome: Sendable, Codable {
    public var company: String
    public var report: SyncReport?
    /// What failed, when the run failed (or quarantined a file, or could not reach a recorded job).
    public var error: String?
    /// `true` when another worker held the company's lease (or ran it since the schedule was read).
    public var skipped: Bool

    public init(company: String, report: SyncReport? = nil, error: String? = nil, skipped: Bool = false) {
        self.company = company
        self.report = report
        self.error = error
        self.skipped = skipped
    }

    /// The outcome of a finished run: an error when it did not succeed.
    public init(company: String, report: SyncReport) {
        let error =
            report.succeeded
            ? nil
            : (report.unreachableJobs.isEmpty ? "a file was quarantined" : "a recorded job could not be reached")
        self.init(company: company, report: report, error: error)
    }

    /// One line for the end of `sync --all` and each pass of `serve`: `ok`, `FAILED: …`, `skipped (…)`.
    public var summary: String {
        if skipped { return "skipped (held by another worker)" }
        if let error { return "FAILED: \(error)" }
        let foreign = report?.foreignJobs ?? []
        guard !foreign.isEmpty else { return "ok" }
        return "ok, but \(foreign.count) foreign job(s) not posted: \(foreign.map(\.jobID).joined(separator: ", "))"
    }
}

/// What one pass over several companies did: each company's outcome (sorted by company) and how many files
/// wait in quarantine for each.
///
/// ```swift
/// let pass = await scheduler.runAll()
/// print(pass.text(), terminator: "")  // "c0: ok\nc1: FAILED: …\nquarantine: c0: 0 files wait in quarantine\n…"
/// ```
public struct SyncPassReport: Sendable, Codable {
    public var outcomes: [SyncOutcome]
    public var quarantine: [QuarantineCount]

    public init(outcomes: [SyncOutcome], quarantine: [QuarantineCount]) {
        self.outcomes = outcomes
        self.quarantine = quarantine
    }

    /// 1 when a company failed, 4 when every run succeeded but foreign jobs wait, else 0 (as `sync`'s).
    public var exitCode: Int32 {
        if outcomes.contains(where: { $0.error != nil }) { return ExitStatus.failed.rawValue }
        if outcomes.contains(where: { !($0.report?.foreignJobs.isEmpty ?? true) }) {
            return ExitStatus.foreignJobs.rawValue
        }
        return ExitStatus.success.rawValue
    }

    /// One line a company (`PREFIX company: summary`), then one a quarantine count (`PREFIXquarantine: …`).
    public func text(prefix: String = "", includingSkipped: Bool = true) -> String {
        var text = ""
        for outcome in outcomes where includingSkipped || !outcome.skipped {
            text += "\(prefix)\(outcome.company): \(outcome.summary)\n"
        }
        for count in quarantine { text += "\(prefix)quarantine: \(count)\n" }
        return text
    }
}
