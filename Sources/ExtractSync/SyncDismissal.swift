public import Ledger

/// What `sync --dismiss` did: the jobs marked handled elsewhere, with the note kept beside them.
///
/// ```swift
/// let dismissal = try await SyncDismissal.dismiss("all", company: "acme", note: "history before go-live", in: store)
/// print(dismissal.text, terminator: "")
/// ```
public struct SyncDismissal: Sendable, Codable, Hashable {
    public var company: String
    public var note: String
    /// The dismissed jobs' ids (none when `all` found no foreign job).
    public var jobIDs: [String]

    public init(company: String, note: String, jobIDs: [String]) {
        self.company = company
        self.note = note
        self.jobIDs = jobIDs
    }

    /// Dismisses one job (its URL or id), or with `all` every foreign job of the company.
    public static func dismiss(
        _ target: String,
        company: String,
        note: String,
        in store: any LedgerStore
    ) async throws -> SyncDismissal {
        let records =
            target == "all"
            ? try await SyncPipeline.dismissAllForeign(company: company, note: note, in: store)
            : [try await SyncPipeline.dismiss(jobID: target, company: company, note: note, in: store)]
        return SyncDismissal(company: company, note: note, jobIDs: records.map(\.jobID))
    }

    /// One line a dismissed job, or one saying there was none.
    public var text: String {
        if jobIDs.isEmpty { return "no foreign job of \(company) to dismiss\n" }
        return jobIDs.map { "job \($0) of \(company) dismissed (kept in the ledger): \(note)\n" }.joined()
    }
}
