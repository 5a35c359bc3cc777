public import AccountingExtract
import Foundation

/// What to do with quarantined files, without SQL: list them, show one, reload it after the configuration was
/// fixed, or release it as handled outside the ledger. Every change is recorded in the entry's audit trail.
///
/// When a file is quarantined, Concur has already marked its reports extracted: its money waits in the archive
/// and nowhere else, so an open entry is work to do.
///
/// ```swift
/// let workflow = QuarantineWorkflow(store: store)
/// for entry in try await workflow.list(company: "acme") { print(entry.id ?? 0, entry.code, entry.reason) }
/// var fixed = JournalConfiguration()
/// fixed.employeePaymentTypeNames.insert("Staff")
/// let report = try await workflow.reload(id: 3, by: "jane", configuration: fixed)
/// print(report.result)   // .reloaded, then .alreadyReloaded on a second call
/// try await workflow.release(id: 4, by: "jane", note: "posted by hand in the ERP, JE 2026-0113")
/// ```
public struct QuarantineWorkflow: Sendable {
    public let store: any LedgerStore

    public init(store: any LedgerStore) {
        self.store = store
    }

    /// Entries oldest first: open ones only, or every state with `includeClosed`.
    public func list(company: String? = nil, includeClosed: Bool = false) async throws -> [QuarantineRecord] {
        try await store.quarantinedFiles(company: company).filter { includeClosed || $0.state == .open }
    }

    /// One entry with its archived file and audit trail.
    public func show(id: Int64) async throws -> QuarantineDetail {
        guard let entry = try await store.quarantineEntry(id: id) else { throw Self.unknown(id) }
        let file = try await store.rawFile(sha256: entry.sha256)
        return QuarantineDetail(
            entry: entry,
            archivePath: file?.archivePath,
            archived: file.map { FileManager.default.fileExists(atPath: $0.archivePath) } ?? false,
            events: try await store.quarantineEvents(id: id)
        )
    }

    /// Checks the archived file again with `configuration` and the policy, and loads it exactly once, through the
    /// same transaction and keys as `sync`; the entry is marked reloaded in that transaction. A second reload, or one
    /// racing a sync, loads nothing twice. A reload that still fails keeps the entry open with the new reason.
    public func reload(
        id: Int64,
        by actor: String,
        configuration: JournalConfiguration = JournalConfiguration(),
        options: SAEReader.Options = .strict,
        loadOptions: LoadOptions = .default,
        unbalancedReports: LedgerLoader.UnbalancedReportPolicy = .holdBatch
    ) async throws -> QuarantineReloadReport {
        guard let entry = try await store.quarantineEntry(id: id) else { throw Self.unknown(id) }
        switch entry.state {
        case .reloaded:
            return QuarantineReloadReport(result: .alreadyReloaded, entry: entry, batchID: entry.resolvedBatchID)
        case .released:
            throw LedgerError(
                .quarantineClosed,
                "quarantine entry \(id) was released (handled outside the ledger): it is never loaded; nothing was changed"
            )
        case .open: break
        }
        guard entry.code != LedgerLoader.heldReportsCode else {
            throw LedgerError(
                .quarantineClosed,
                "quarantine entry \(id) lists reports held back from batch \(entry.batchID ?? "?"), which is posted: a reload would post nothing new; post the held reports in the ERP, then `quarantine release \(id) --note …`"
            )
        }
        guard let stored = try await store.rawFile(sha256: entry.sha256) else {
            throw LedgerError(
                .archiveFailed,
                "the manifest lists no archived file \(entry.sha256) for quarantine entry \(id): restore it into the archive"
            )
        }
        guard FileManager.default.fileExists(atPath: stored.archivePath),
            try RawFileStore.sha256(ofFileAt: stored.archivePath) == entry.sha256
        else {
            throw LedgerError(
                .archiveFailed,
                "the archived file \(stored.archivePath) is missing or no longer has SHA-256 \(entry.sha256): restore it from a backup; nothing was loaded"
            )
        }
        var file = stored
        file.originalName = entry.fileName
        var keyed = loadOptions
        keyed.resolvesQuarantine = QuarantineResolution(quarantineID: id, actor: actor)
        let loader = LedgerLoader(
            store: store,
            archive: try RawFileStore(directory: (stored.archivePath as NSString).deletingLastPathComponent),
            options: options,
            configuration: configuration,
            loadOptions: keyed,
            unbalancedReports: unbalancedReports
        )
        switch try await loader.attempt(file, company: entry.company, jobID: entry.jobID) {
        case .refused(let failure):
            let updated = try await store.recordFailedReload(id: id, failure: failure, by: actor)
            return QuarantineReloadReport(result: .stillQuarantined, entry: updated, batchID: failure.batchID)
        case .done(let outcome):
            let updated = try await store.quarantineEntry(id: id) ?? entry
            let held = try await store.quarantinedFiles(company: entry.company).first {
                $0.sha256 == entry.sha256 && $0.code == LedgerLoader.heldReportsCode && $0.state == .open
            }
            switch outcome {
            case .loaded(let result, let batch):
                return QuarantineReloadReport(
                    result: .reloaded,
                    entry: updated,
                    batchID: batch.batchID,
                    linesLoaded: result.linesWritten,
                    recordsLoaded: batch.headerRecordCount,
                    heldReports: held
                )
            case .alreadyLoaded(let batchID):
                // Loaded meanwhile (a racing reload or sync): the entry was closed in the load's transaction.
                return QuarantineReloadReport(result: .reloaded, entry: updated, batchID: batchID, heldReports: held)
            case .quarantined(let record):
                return QuarantineReloadReport(result: .stillQuarantined, entry: record, batchID: record.batchID)
            }
        }
    }

    /// Marks an open entry handled outside the ledger; the note (required) says how.
    @discardableResult
    public func release(id: Int64, by actor: String, note: String) async throws -> QuarantineRecord {
        try await store.releaseQuarantine(id: id, by: actor, note: note)
    }

    /// How many files wait in quarantine (open entries), for each of `companies` (zero included) and every other
    /// company that has some.
    public func waiting(companies: [String] = []) async throws -> [QuarantineCount] {
        var counts: [String: Int] = Dictionary(uniqueKeysWithValues: Set(companies).map { ($0, 0) })
        for entry in try await list() { counts[entry.company ?? "", default: 0] += 1 }
        return counts.map { QuarantineCount(company: $0.key, waiting: $0.value) }.sorted { $0.company < $1.company }
    }

    static func unknown(_ id: Int64) -> LedgerError {
        LedgerError(.unknownQuarantine, "no quarantine entry \(id): `concur-extract quarantine list` shows the ids")
    }
}

/// How many files of a company wait in quarantine.
public struct QuarantineCount: Sendable, Hashable, Codable, CustomStringConvertible {
    public var company: String
    public var waiting: Int

    public init(company: String, waiting: Int) {
        self.company = company
        self.waiting = waiting
    }

    /// `acme: 2 files wait in quarantine (concur-extract quarantine list --company acme)`
    public var description: String {
        let name = company.isEmpty ? "(no company)" : company
        let files = waiting == 1 ? "1 file waits" : "\(waiting) files wait"
        let hint =
            waiting == 0 ? "" : " (concur-extract quarantine list\(company.isEmpty ? "" : " --company \(company)"))"
        return "\(name): \(files) in quarantine\(hint)"
    }
}

/// A quarantine entry as `quarantine show` prints it.
public struct QuarantineDetail: Sendable, Hashable, Codable {
    public var entry: QuarantineRecord
    /// Where the archived file is (from the manifest).
    public var archivePath: String?
    /// Whether the archived file is there.
    public var archived: Bool
    public var events: [QuarantineEvent]
}

/// What a reload did.
public struct QuarantineReloadReport: Sendable, Hashable, Codable {
    public enum Result: String, Sendable, Hashable, Codable {
        /// Posted by this reload (or found posted by a racing one): the entry is closed.
        case reloaded
        /// Reloaded earlier: nothing was loaded.
        case alreadyReloaded = "already-reloaded"
        /// Still refused: the entry stays open with the new reason.
        case stillQuarantined = "still-quarantined"
    }

    public var result: Result
    /// The entry after the reload.
    public var entry: QuarantineRecord
    public var batchID: String?
    /// Journal lines written by this reload (0 when nothing was loaded).
    public var linesLoaded: Int = 0
    /// DETAIL lines of the batch this reload posted.
    public var recordsLoaded: Int = 0
    /// With the post-balanced policy: the new entry listing the reports held back.
    public var heldReports: QuarantineRecord?
}
