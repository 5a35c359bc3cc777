public import AccountingExtract
public import Foundation

/// Loads one FIS financial document into the ledger, next to ``LedgerLoader`` (which loads SAE files): its raw
/// JSON is archived as received, and its journal (built by `FISJournalBuilder`) is loaded in one transaction as a
/// one-document ``LedgerBatch`` keyed by company and `"FIS-" + docId` — or the document is quarantined with the
/// reason it cannot be posted, its raw JSON kept.
///
/// Loading the same document again (a rerun after a crash) changes nothing: the same bytes give the same batch.
///
/// ```swift
/// let loader = FISDocumentLoader(store: store, archive: archive)
/// let raw = try await loader.archive(stagedAt: staged, docId: id, company: "acme")
/// let outcome = try await loader.load(docId: id, company: "acme", raw: raw, postingDate: date,
///                                     journal: .success(lines))
/// ```
public struct FISDocumentLoader: Sendable {
    /// Why a document's journal could not be built: the quarantine's code, reason, field and value.
    public struct Refusal: Error, Sendable, Hashable {
        public var code: String
        public var reason: String
        public var fieldName: String?
        public var value: String?

        public init(code: String, reason: String, fieldName: String? = nil, value: String? = nil) {
            self.code = code
            self.reason = reason
            self.fieldName = fieldName
            self.value = value
        }
    }

    public let store: any LedgerStore
    public let archive: RawFileStore

    public init(store: any LedgerStore, archive: RawFileStore) {
        self.store = store
        self.archive = archive
    }

    /// The file name a document's raw JSON is archived and loaded under: `"<docId>.json"`.
    public static func fileName(docId: String) -> String { docId + ".json" }

    /// Keeps the staged raw JSON in the archive (once per content) and records its receipt for the document.
    public func archive(stagedAt path: URL, docId: String, company: String) async throws -> ArchivedFile {
        let archived = try archive.store(
            fileAt: path.path,
            originalName: Self.fileName(docId: docId),
            receivedAt: store.clock.now,
            company: company,
            jobID: docId
        )
        try await store.recordRawFile(archived)
        return archived
    }

    /// Loads the document's journal in one transaction, or quarantines it with the refusal's reason.
    /// - Parameters:
    ///   - raw: the archived raw JSON (its SHA-256 is the batch's).
    ///   - postingDate: the batch date.
    ///   - journal: the balanced lines, or why there are none.
    public func load(
        docId: String,
        company: String,
        raw: ArchivedFile,
        postingDate: CalendarDate,
        journal: Result<[JournalLine], Refusal>,
        options: LoadOptions = .default
    ) async throws -> LedgerLoader.Outcome {
        let batchID = FISJournalBuilder.batchID(docId: docId)
        switch journal {
        case .success(let lines):
            let extracted = lines.filter { $0.origin == .extract }
            let batch = LedgerBatch(
                batchID: batchID,
                batchDate: postingDate,
                sha256: raw.sha256,
                fileName: Self.fileName(docId: docId),
                headerRecordCount: extracted.count,
                headerTotal: extracted.reduce(Amount.zero) { $0 + $1.signedAmount },
                company: company,
                jobID: docId
            )
            let result = try await store.load(batch, lines: lines, options: options)
            if result.status == .alreadyLoaded { return .alreadyLoaded(batchID: batchID) }
            return .loaded(result, batch: batch)
        case .failure(let refusal):
            let record = try await store.quarantine(
                QuarantineRecord(
                    sha256: raw.sha256,
                    fileName: Self.fileName(docId: docId),
                    code: refusal.code,
                    reason: refusal.reason,
                    batchID: batchID,
                    quarantinedAt: store.clock.now,
                    company: company,
                    jobID: docId,
                    fieldName: refusal.fieldName,
                    value: refusal.value
                )
            )
            return .quarantined(record)
        }
    }
}
