public import ExtractClient
public import Foundation
public import Ledger

/// Where postings come from: what the sync pipeline needs from Concur, as one protocol. ``ExtractFileSource``
/// (Extracts v1: jobs and their SAE files) is the first implementation; another API (the Financial Integration
/// Service) is another implementation of the same protocol, sharing the ledger, the raw-file archive, the checks,
/// the quarantine and the exactly-once keys of ``PostingPipeline``.
///
/// A unit of work is recorded in the ledger (an `ExtractJobRecord`: company, scope, id, `PipelineState`) before
/// the pipeline touches it, so that a crash at any point resumes it and nothing is posted twice.
///
/// ```swift
/// let source = ExtractFileSource(client: client, settings: .init(definition: "Standard Accounting Extract"))
/// let pipeline = PostingPipeline(source: source, store: store, archive: archive,
///                                settings: .init(company: "acme", downloads: downloads))
/// let report = try await pipeline.run()
/// ```
public protocol PostingSource: Sendable {
    /// What the source needs to reach the units of one run (Extracts v1: the definition, under today's host).
    associatedtype Scope: Sendable
    /// A unit of work as the source last saw it (Extracts v1: the job with its links).
    associatedtype Handle: Sendable

    /// Finds the work of this run and records it in the ledger: units to resume, units this ledger started, new
    /// units. Units it must not post (another writer's) are recorded as `PipelineState/foreign`.
    func findWork(_ context: PostingContext) async throws -> WorkPlan<Scope>

    /// Where a recorded unit stands now, asked just before the pipeline goes on with it.
    func check(_ unit: ExtractJobRecord, in scope: Scope) async -> UnitCheck<Handle>

    /// Waits until the unit can be fetched (an extract job: polled until it completes), reporting each status
    /// seen with the time since the wait began.
    func awaitReady(
        _ handle: Handle,
        of unit: ExtractJobRecord,
        context: PostingContext,
        progress: @escaping @Sendable (String, Duration) -> Void
    ) async throws -> Readied<Handle>

    /// Downloads the unit's files into `directory` (kept durably, with their SHA-256).
    func fetch(_ handle: Handle, of unit: ExtractJobRecord, into directory: URL) async throws -> FetchedWork

    /// Tells the source the unit's files are safely received (archived). Extracts v1 has nothing to acknowledge:
    /// a completed job has already taken its reports out of the extract queue.
    func acknowledge(_ unit: ExtractJobRecord) async throws

    /// Tells the source how the posting went, so that failures return to whoever can fix them. Extracts v1 has no
    /// such call: quarantined files wait in the ledger's quarantine.
    func confirm(_ unit: ExtractJobRecord, outcome: PostingOutcome) async throws

    /// What the source's units are: extract jobs (``SyncMachine/transition(from:on:)-(_,Event)``) or FIS documents
    /// (``SyncMachine/transition(from:on:)-(_,DocumentEvent)``). Default: jobs.
    var unitKind: UnitKind { get }

    /// Acknowledges a recorded document again: one whose acknowledgement's outcome was not recorded (a crash, a
    /// lost answer). Only for ``UnitKind/documents``.
    func acknowledgeDocument(_ unit: ExtractJobRecord) async throws -> SyncMachine.DocumentEvent

    /// Sends recorded posting confirmations exactly as recorded, in batches, and says what became of each (in
    /// order). Only for ``UnitKind/documents``.
    func sendConfirmations(_ confirmations: [PendingConfirmation]) async throws -> [ConfirmationReply]
}

/// What a source's units are, for ``PostingPipeline``.
public enum UnitKind: Sendable, Hashable {
    /// Extract jobs: polled, downloaded, each file loaded.
    case jobs
    /// FIS documents: acknowledged, archived, loaded one by one, and confirmed to the source.
    case documents
}

/// A recorded posting confirmation waiting to be sent, with its document's record.
public struct PendingConfirmation: Sendable, Hashable {
    public var unit: ExtractJobRecord
    public var confirmation: FISConfirmationRecord

    public init(unit: ExtractJobRecord, confirmation: FISConfirmationRecord) {
        self.unit = unit
        self.confirmation = confirmation
    }
}

/// Concur's answer to one posting confirmation, as the pipeline records it.
public struct ConfirmationReply: Sendable, Hashable {
    public var docId: String
    public var answer: SyncMachine.ConfirmationAnswer
    /// The service code to record (0 accepted, 113 already confirmed, …); `nil` when there was no answer.
    public var code: Int?
    /// What happened, for reports (never a secret).
    public var message: String

    public init(docId: String, answer: SyncMachine.ConfirmationAnswer, code: Int?, message: String) {
        self.docId = docId
        self.answer = answer
        self.code = code
        self.message = message
    }
}

extension PostingSource {
    public var unitKind: UnitKind { .jobs }

    public func acknowledgeDocument(_ unit: ExtractJobRecord) async throws -> SyncMachine.DocumentEvent {
        throw SyncError(.invalidTransition, "\(unit.jobID) is not a document: nothing to acknowledge")
    }

    public func sendConfirmations(_ confirmations: [PendingConfirmation]) async throws -> [ConfirmationReply] {
        throw SyncError(.invalidTransition, "this source's units are not documents: no posting confirmations")
    }
}

/// What a source's ``PostingSource/findWork(_:)`` works with: the ledger, the company, and the pipeline's
/// progress and kill-point callbacks.
public struct PostingContext: Sendable {
    public var store: any LedgerStore
    public var company: String
    public var events: @Sendable (SyncEvent) -> Void
    public var afterStep: @Sendable (SyncStep) -> Void

    public init(
        store: any LedgerStore,
        company: String,
        events: @escaping @Sendable (SyncEvent) -> Void = { _ in },
        afterStep: @escaping @Sendable (SyncStep) -> Void = { _ in }
    ) {
        self.store = store
        self.company = company
        self.events = events
        self.afterStep = afterStep
    }
}

/// The work of one run, as a source found it.
public struct WorkPlan<Scope: Sendable>: Sendable {
    /// How the units are reached this run.
    public var scope: Scope
    /// The ledger key of the source's units (an extract definition's id): foreign units are listed by it.
    public var scopeID: String
    /// The name of the work for reports (the definition's name).
    public var title: String
    /// Units of this ledger to finish, oldest first (all recorded already).
    public var units: [ExtractJobRecord]
    /// When an earlier start of this ledger may still be under way: nothing new was started.
    public var startInFlight: Date?

    public init(scope: Scope, scopeID: String, title: String, units: [ExtractJobRecord], startInFlight: Date? = nil) {
        self.scope = scope
        self.scopeID = scopeID
        self.title = title
        self.units = units
        self.startInFlight = startInFlight
    }
}

/// A recorded unit as the source sees it now.
public enum UnitCheck<Handle: Sendable>: Sendable {
    case reachable(Handle)
    /// The source no longer answers for it (404, or another error): kept, reported, not replaced.
    case unreachable(UnreachableJob)
}

/// The end of a wait for a unit.
public enum Readied<Handle: Sendable>: Sendable {
    /// Ready to fetch, with the source's status word and the unit's URL (kept in the ledger for information).
    case ready(Handle, status: String, url: String?)
    /// The source gave up on it (the job failed), with the error to report.
    case failed(any Error)
}

/// What a fetch brought.
public enum FetchedWork: Sendable {
    /// The download: one SAE file, or a zip with its SAE entries extracted.
    case files(DownloadedExtract)
    /// A zip the archive limits refused, kept as it came.
    case refused(RefusedArchive)
    /// One FIS document's raw JSON, staged durably.
    case document(FetchedDocument)
}

/// One document's raw JSON as a source fetched it: staged durably (fsynced), with its SHA-256.
public struct FetchedDocument: Sendable, Hashable {
    public var docId: String
    /// The staged file (the archive keeps the lasting copy).
    public var path: URL
    public var size: Int64
    public var sha256: String

    public init(docId: String, path: URL, size: Int64, sha256: String) {
        self.docId = docId
        self.path = path
        self.size = size
        self.sha256 = sha256
    }
}

/// How a unit's posting went, for ``PostingSource/confirm(_:outcome:)``.
public enum PostingOutcome: Sendable {
    /// Every line is in the ledger.
    case posted
    /// A file (or the download) waits in quarantine with its reason.
    case quarantined([QuarantineRecord])
    /// The source failed the unit.
    case failed(String)
}
