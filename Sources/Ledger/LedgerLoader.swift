public import AccountingExtract
import Foundation

/// Takes one downloaded SAE file into the ledger: archive the bytes, list them in the manifest, check the file,
/// then load it or quarantine it — never partly.
///
/// ```swift
/// let loader = LedgerLoader(store: store, archive: try RawFileStore(directory: "/var/lib/concur-extract/raw"))
/// switch try await loader.loadFile(at: download, originalName: "extract_CES_SAE_v3.txt", company: "ACME", jobID: "1234") {
/// case .loaded(let result, let batch): print("loaded \(result.linesWritten) lines of batch \(batch.batchID)")
/// case .alreadyLoaded: print("nothing to do")
/// case .quarantined(let record): print("quarantined: [\(record.code)] \(record.reason)")
/// }
/// ```
public struct LedgerLoader: Sendable {
    /// What happened to the file.
    public enum Outcome: Sendable, Hashable {
        /// The lines were written; `batch` is the batch as recorded (its header's record count and total).
        case loaded(LoadResult, batch: LedgerBatch)
        case alreadyLoaded(batchID: String)
        case quarantined(QuarantineRecord)
    }

    /// What to do with a batch in which some reports cannot be balanced.
    public enum UnbalancedReportPolicy: String, Sendable, Hashable, Codable {
        /// The batch is held back whole and quarantined (the default).
        case holdBatch = "hold"
        /// The balanced reports are posted; the others are held back and listed in the quarantine.
        case postBalancedReports = "post-balanced"
    }

    public let store: any LedgerStore
    public let archive: RawFileStore
    public let options: SAEReader.Options
    public let configuration: JournalConfiguration
    public let loadOptions: LoadOptions
    public let unbalancedReports: UnbalancedReportPolicy

    public init(
        store: any LedgerStore,
        archive: RawFileStore,
        options: SAEReader.Options = .strict,
        configuration: JournalConfiguration = JournalConfiguration(),
        loadOptions: LoadOptions = .default,
        unbalancedReports: UnbalancedReportPolicy = .holdBatch
    ) {
        self.unbalancedReports = unbalancedReports
        self.store = store
        self.archive = archive
        self.options = options
        self.configuration = configuration
        self.loadOptions = loadOptions
    }

    /// Archives, checks and loads (or quarantines) the file at `path`.
    /// - Throws: only when the archive fails or the database is unavailable (a lost connection, a serialization
    ///   failure, a busy database: ``LedgerError/Code/databaseError``, worth retrying); problems of the file end in
    ///   quarantine, and so does a load the database refuses (``LedgerError/Code/databaseRefused``).
    public func loadFile(
        at path: String,
        originalName: String? = nil,
        company: String? = nil,
        jobID: String? = nil
    ) async throws -> Outcome {
        let file = try archive.store(
            fileAt: path,
            originalName: originalName,
            receivedAt: store.clock.now,
            company: company,
            jobID: jobID
        )
        try await store.recordRawFile(file)
        switch try await attempt(file, company: company, jobID: jobID) {
        case .done(let outcome): return outcome
        case .refused(let record): return .quarantined(try await store.quarantine(record))
        }
    }

    /// What checking and loading an archived file came to: done (loaded, or loaded before), or refused with the
    /// entry to record (not recorded yet: a first refusal is quarantined, a reload's is added to its entry).
    enum Attempt: Sendable {
        case done(Outcome)
        case refused(QuarantineRecord)
    }

    /// Checks the archived copy and loads it, in one transaction (with ``loadOptions``).
    func attempt(_ file: ArchivedFile, company: String?, jobID: String?) async throws -> Attempt {
        func refusal(_ code: String, _ reason: String, batchID: String?, _ error: SAEError? = nil) -> Attempt {
            .refused(
                QuarantineRecord(
                    sha256: file.sha256,
                    fileName: file.originalName,
                    code: code,
                    reason: reason,
                    batchID: batchID,
                    quarantinedAt: store.clock.now,
                    company: company,
                    jobID: jobID,
                    line: error?.line,
                    field: error?.field,
                    fieldName: error?.fieldName,
                    value: error?.value
                )
            )
        }
        // Read the archived copy: the bytes whose SHA-256 identifies the file.
        let check: SAECheckResult
        do {
            check = try SAEFile.check(path: file.archivePath, options: options, journal: configuration)
        } catch {
            return refusal(error.code.rawValue, error.description, batchID: nil, error)
        }
        var held: Set<String> = []
        if !check.isValid, unbalancedReports == .postBalancedReports, check.summary.header != nil,
            check.summary.errors.allSatisfy({ [.unbalancedReport, .unknownPaymentType].contains($0.code) }),
            check.summary.errorCount == check.summary.errors.count,
            check.journal.unbalancedReportCount == check.journal.unbalancedReports.count
        {
            // Only some reports fail to balance and the policy says post the rest.
            held = Set(check.journal.unbalancedReports.map(\.reportID))
        }
        guard check.isValid || !held.isEmpty, let header = check.summary.header else {
            let first = check.errors.first
            let code = first?.code.rawValue ?? (check.summary.header == nil ? "missing-header" : "unbalanced-report")
            var reason = first?.description ?? "the journal does not balance"
            if check.summary.errorCount > 1 { reason += " (and \(check.summary.errorCount - 1) more problems)" }
            return refusal(code, reason, batchID: check.summary.header?.batchID, first)
        }
        let batch = LedgerBatch(
            header: header,
            sha256: file.sha256,
            fileName: file.originalName,
            company: company,
            jobID: jobID
        )
        do {
            let lines = SAEJournalLines(
                path: file.archivePath,
                options: options,
                configuration: configuration,
                excludedReports: held
            )
            let result = try await store.load(batch, lines: lines, options: loadOptions)
            if !held.isEmpty, result.status == .loaded {
                let reasons = check.journal.unbalancedReports.prefix(10).map {
                    "\($0.reportID): \($0.problems.joined(separator: "; "))"
                }
                let record = QuarantineRecord(
                    sha256: file.sha256,
                    fileName: file.originalName,
                    code: Self.heldReportsCode,
                    reason: "\(held.count) report(s) held back, the rest posted: " + reasons.joined(separator: " | "),
                    batchID: batch.batchID,
                    quarantinedAt: store.clock.now,
                    company: company,
                    jobID: jobID
                )
                try await store.quarantine(record)
            }
            if result.status == .alreadyLoaded { return .done(.alreadyLoaded(batchID: batch.batchID)) }
            return .done(.loaded(result, batch: batch))
        } catch let error as LedgerError
            where [.batchConflict, .duplicateJournalKey, .duplicateLine, .invalidLine].contains(error.code)
        {
            return refusal(error.code.rawValue, error.message, batchID: batch.batchID)
        } catch let error as LedgerError where error.code == .databaseRefused {
            // The data's fault, not the database's: the same file would be refused on every run.
            return refusal(error.code.rawValue, Self.refusedReason(error), batchID: batch.batchID)
        } catch let error as SAEError {
            return refusal(error.code.rawValue, error.description, batchID: batch.batchID, error)
        }
    }

    /// The quarantine reason of a load the database refused: its message (escaped) and code, and what to do.
    static func refusedReason(_ error: LedgerError) -> String {
        let code = error.databaseCode.map { " (database code \($0))" } ?? ""
        return "the database refused the load\(code): \(LedgerError.printable(error.message)); nothing was loaded: "
            + "fix the value or the database's constraint, then `concur-extract quarantine reload ID`"
    }

    /// The code of the entry listing the reports a post-balanced load held back (its batch is posted).
    public static let heldReportsCode = "held-reports"
}
