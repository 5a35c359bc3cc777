public import AccountingExtract
public import ExtractAPI
public import ExtractClient
public import Foundation
public import Ledger

/// Extracts v1 as a ``PostingSource``: a definition's jobs, each started, polled until it completes, and its file
/// (an SAE file, or a zip of several) downloaded. Which jobs are this ledger's is ``JobOwnership``'s decision.
///
/// ```swift
/// let source = ExtractFileSource(client: client, settings: .init(definition: "Standard Accounting Extract"))
/// let report = try await PostingPipeline(source: source, store: store, archive: archive,
///                                        settings: .init(company: "acme", downloads: downloads)).run()
/// ```
public struct ExtractFileSource: PostingSource {
    public typealias Scope = ExtractDefinition
    public typealias Handle = ExtractJob

    /// The Extract-only choices of a sync: which definition, which foreign job to adopt, how ownership is judged.
    ///
    /// ```swift
    /// let settings = ExtractFileSource.Settings(definition: "Standard Accounting Extract", soleWriter: true)
    /// ```
    public struct Settings: Sendable {
        /// The definition's name or id.
        public var definition: String
        /// A foreign job to take into this ledger and post (`sync --adopt`): its URL or id.
        public var adopt: String?
        /// How long a job's start may take (see ``JobOwnership/StartWindow``).
        public var startWindow: JobOwnership.StartWindow
        /// Whether this ledger is declared the only one starting the definition's jobs: only then does an
        /// interrupted start adopt its job without `sync --adopt` (see ``JobOwnership``).
        public var soleWriter: Bool
        /// Where the time of ownership decisions and start intents is read (the ledger store has its own).
        public var clock: any WallClock
        /// Told of each downloaded chunk (bytes so far, the expected size if known), for a progress display.
        public var downloadProgress: DownloadProgress?

        public init(
            definition: String = "Standard Accounting Extract",
            adopt: String? = nil,
            startWindow: JobOwnership.StartWindow = .default,
            soleWriter: Bool = false,
            clock: any WallClock = SystemClock(),
            downloadProgress: DownloadProgress? = nil
        ) {
            self.downloadProgress = downloadProgress
            self.definition = definition
            self.adopt = adopt
            self.startWindow = startWindow
            self.soleWriter = soleWriter
            self.clock = clock
        }
    }

    public let client: ConcurClient
    public var settings: Settings

    public init(client: ConcurClient, settings: Settings = Settings()) {
        self.client = client
        self.settings = settings
    }

    /// The recorded job as Concur shows it now, asked under the *current* definition's job link (so a new host,
    /// port or geolocation finds the same job).
    public func check(_ unit: ExtractJobRecord, in definition: ExtractDefinition) async -> UnitCheck<ExtractJob> {
        guard let job = definition.jobURL(jobID: unit.jobID), let url = URL(string: job.absoluteString + "/status")
        else {
            return .unreachable(
                UnreachableJob(jobID: unit.jobID, url: unit.url ?? "", reason: "the job id makes no URL")
            )
        }
        do {
            return .reachable(try await client.status(at: url))
        } catch let error as ExtractClientError {
            let answer = error.statusCode.map { "HTTP \($0): " } ?? ""
            return .unreachable(
                UnreachableJob(jobID: unit.jobID, url: url.absoluteString, reason: answer + error.message)
            )
        } catch {
            return .unreachable(UnreachableJob(jobID: unit.jobID, url: url.absoluteString, reason: "\(error)"))
        }
    }

    public func awaitReady(
        _ job: ExtractJob,
        of unit: ExtractJobRecord,
        context: PostingContext,
        progress: @escaping @Sendable (String, Duration) -> Void
    ) async throws -> Readied<ExtractJob> {
        do {
            let done = try await client.waitForCompletion(job) { job, elapsed in
                progress(job.status.word, elapsed)
                context.events(.jobStatus(jobID: unit.jobID, status: job.status, elapsed: elapsed))
            }
            return .ready(done, status: done.status.word, url: done.id.absoluteString)
        } catch let error as ExtractClientError where error.code == .jobFailed {
            return .failed(error)
        }
    }

    public func fetch(_ job: ExtractJob, of unit: ExtractJobRecord, into directory: URL) async throws -> FetchedWork {
        do {
            return .files(try await client.download(job, into: directory, progress: settings.downloadProgress))
        } catch let error as ExtractClientError where error.code == .unsafeArchive {
            guard let refused = error.underlying as? RefusedArchive else { throw error }
            return .refused(refused)
        }
    }

    /// Nothing to acknowledge: a completed job has already taken its reports out of the extract queue.
    public func acknowledge(_ unit: ExtractJobRecord) async throws {}

    /// Nothing to confirm: Extracts v1 has no posting confirmation (quarantined files wait in the ledger).
    public func confirm(_ unit: ExtractJobRecord, outcome: PostingOutcome) async throws {}
}
