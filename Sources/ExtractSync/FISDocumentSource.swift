public import AccountingExtract
public import ExtractClient
public import FinancialIntegrationAPI
public import Foundation
public import Ledger
import Synchronization

/// The Financial Integration Service (FIS v4) as a ``PostingSource``: each ready document of a type is a unit,
/// recorded in the ledger (state `received`) before its page is acknowledged, acknowledged right after the page is
/// read, and — only when acknowledged by this ledger's `systemId` — archived, loaded and confirmed by
/// ``PostingPipeline``. A document another system acknowledged is foreign (listed like foreign Extract jobs, never
/// posted); one whose acknowledgement Concur refused (recalled, …) is `failed` and never posted.
///
/// ```swift
/// let source = FISDocumentSource(client: client, settings: .init(systemID: "LEDGER01"))
/// let report = try await PostingPipeline(source: source, store: store, archive: archive,
///                                        settings: .init(company: "acme", downloads: downloads)).run()
/// ```
public struct FISDocumentSource: PostingSource {
    public typealias Scope = FISDocumentType
    public typealias Handle = FISDocumentHandle

    /// The FIS choices of a sync: who we are (`systemId`), the document type, page and batch sizes.
    ///
    /// ```swift
    /// let settings = FISDocumentSource.Settings(systemID: "LEDGER01")
    /// ```
    public struct Settings: Sendable, Hashable {
        public var client: FISClientSettings
        /// The document type read (only expense reports are posted today).
        public var type: FISDocumentType

        /// Decision: `document` is asked for as JSON text (`DocumentFormatAs: text`), so that the raw document
        /// archived is the bytes as received.
        public init(systemID: String, type: FISDocumentType = .expense, pageLimit: Int = 25, batchSize: Int = 25) {
            client = FISClientSettings(
                systemID: systemID,
                pageLimit: pageLimit,
                batchSize: batchSize,
                documentFormat: .text
            )
            self.type = type
        }
    }

    public let client: ConcurClient
    public let settings: Settings
    /// The documents of this run's pages, by FIS id (a resumed document is fetched by its business id instead).
    let seen = SeenTransactions()

    public init(client: ConcurClient, settings: Settings) {
        self.client = client
        self.settings = settings
    }

    public var unitKind: UnitKind { .documents }

    /// The ledger key of the documents' scope: `"fis:" + type` (foreign documents are listed by it).
    public var scopeID: String { "fis:" + settings.type.rawValue }

    public func findWork(_ context: PostingContext) async throws -> WorkPlan<FISDocumentType> {
        let store = context.store
        let company = context.company
        let scopeID = scopeID
        let seen = seen
        try await client.acknowledgeReadyDocuments(
            settings.type,
            settings: settings.client,
            record: { transactions in
                // The intent: every document is in the ledger before its acknowledgement leaves.
                for transaction in transactions {
                    try await store.recordJob(
                        ExtractJobRecord(
                            company: company,
                            definitionID: scopeID,
                            jobID: transaction.id,
                            status: transaction.docStatus.rawValue,
                            startedAt: store.clock.now,
                            url: Self.businessID(of: transaction),
                            state: .received
                        )
                    )
                }
                context.afterStep(.documentsRecorded)
            },
            process: { page in
                for (transaction, outcome) in page.documents {
                    seen.add(transaction)
                    try await Self.record(outcome, of: transaction.id, company: company, in: store)
                }
                context.afterStep(.documentsAcknowledged)
            }
        )
        let units = try await store.jobs(company: company, includePosted: true)
            .filter { $0.definitionID == scopeID && SyncMachine.resumeAction(forDocument: $0.state) != nil }
        return WorkPlan(scope: settings.type, scopeID: scopeID, title: "FIS \(settings.type.rawValue) documents", units: units)
    }

    /// Records an acknowledgement's outcome for a document still `received` (compare and set).
    static func record(
        _ outcome: FISAcknowledgementOutcome,
        of docId: String,
        company: String,
        in store: any LedgerStore
    ) async throws {
        guard let step = SyncMachine.transition(from: .received, on: event(outcome)), step.next != .received else {
            return
        }
        let note: String?
        switch outcome {
        case .foreign(let system, _): note = "acknowledged by system \(system ?? "(none named)")"
        case .failed(let code, let message): note = "acknowledgement refused (\(code.code)): \(message)"
        default: note = nil
        }
        _ = try await store.transitionJob(company: company, jobID: docId, from: [.received], to: step.next, note: note)
    }

    /// The document event of an acknowledgement's outcome.
    static func event(_ outcome: FISAcknowledgementOutcome) -> SyncMachine.DocumentEvent {
        switch outcome {
        case .acknowledged: .acknowledged
        case .failed(let code, _): code.isRetryable ? .ackFailed : .ackRefused
        case .foreign: .ackForeign
        case .unknown, .notSent: .ackFailed
        }
    }

    /// The business id of a document (`docId` of GET: report, invoice or cash advance id), kept with its record
    /// so that a resumed document can be fetched again.
    static func businessID(of transaction: FISTransaction) -> String? {
        switch try? transaction.financialDocument() {
        case .expense(let expense)?: expense.report.reportId
        case .invoice(let invoice)?: invoice.requestHeader.requestId
        default: nil
        }
    }

    /// Always reachable: a document's progress is in the ledger; the fetch asks Concur when it must.
    public func check(_ unit: ExtractJobRecord, in scope: FISDocumentType) async -> UnitCheck<FISDocumentHandle> {
        .reachable(FISDocumentHandle(docId: unit.jobID, businessID: unit.url, transaction: seen[unit.jobID]))
    }

    /// Documents are ready when listed: nothing to wait for.
    public func awaitReady(
        _ handle: FISDocumentHandle,
        of unit: ExtractJobRecord,
        context: PostingContext,
        progress: @escaping @Sendable (String, Duration) -> Void
    ) async throws -> Readied<FISDocumentHandle> {
        .ready(handle, status: handle.transaction?.docStatus.rawValue ?? unit.status, url: unit.url)
    }

    /// Stages the document's raw JSON durably: the page's document, or (resuming) the document fetched again by its
    /// business id with `ignoreDocumentStatus=yes`.
    public func fetch(_ handle: FISDocumentHandle, of unit: ExtractJobRecord, into directory: URL) async throws
        -> FetchedWork
    {
        let bytes = try Self.rawJSON(of: try await transaction(handle))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(FISDocumentLoader.fileName(docId: handle.docId))
        let file = try DurableFile(replacing: path.path)
        try file.write(bytes)
        let content = try file.commit()
        return .document(FetchedDocument(docId: handle.docId, path: path, size: content.size, sha256: content.sha256))
    }

    /// The raw JSON archived for a document: the transaction as received (its `document` the JSON text Concur sent,
    /// with `DocumentFormatAs: text`), its status fields (`docStatus`, `erpSystemId`, `links`) set to the
    /// acknowledged values, so that the same document fetched again is the same bytes (the batch's SHA-256).
    public static func rawJSON(of transaction: FISTransaction) throws -> Data {
        var normalized = transaction
        normalized.docStatus = .acknowledged
        normalized.erpSystemId = nil
        normalized.links = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(normalized)
    }

    /// The document as Concur has it: from this run's page, else fetched by its business id.
    func transaction(_ handle: FISDocumentHandle) async throws -> FISTransaction {
        if let transaction = handle.transaction ?? seen[handle.docId] { return transaction }
        guard let businessID = handle.businessID else {
            throw SyncError(
                .unknownJob,
                "document \(handle.docId) has no business id recorded: it cannot be fetched again; "
                    + "dismiss it (sync --dismiss \(handle.docId) --note …) after posting it by hand"
            )
        }
        let documents = try await client.fisDocuments(
            settings.type,
            docID: businessID,
            ignoreDocumentStatus: true,
            settings: settings.client
        )
        guard let transaction = documents.first(where: { $0.id == handle.docId }) else {
            throw SyncError(.unknownJob, "Concur no longer lists document \(handle.docId) (business id \(businessID))")
        }
        seen.add(transaction)
        return transaction
    }

    /// Acknowledgements are sent page by page in ``findWork(_:)``; see ``acknowledgeDocument(_:)``.
    public func acknowledge(_ unit: ExtractJobRecord) async throws {}

    /// Posting confirmations are sent by ``sendConfirmations(_:)``.
    public func confirm(_ unit: ExtractJobRecord, outcome: PostingOutcome) async throws {}

    public func acknowledgeDocument(_ unit: ExtractJobRecord) async throws -> SyncMachine.DocumentEvent {
        let results = try await client.acknowledge([unit.jobID], settings.type, settings: settings.client)
        return Self.event(results.first?.outcome ?? .unknown(reason: "no outcome"))
    }
}

/// A FIS document as the pipeline carries it: its FIS id, business id and, when this run read it, the document.
public struct FISDocumentHandle: Sendable, Hashable {
    public var docId: String
    public var businessID: String?
    public var transaction: FISTransaction?
}

/// The documents of the run's pages, by FIS id.
final class SeenTransactions: Sendable {
    private let byID = Mutex<[String: FISTransaction]>([:])
    func add(_ transaction: FISTransaction) { byID.withLock { $0[transaction.id] = transaction } }
    subscript(id: String) -> FISTransaction? { byID.withLock { $0[id] } }
}
