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
