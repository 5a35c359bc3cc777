public import Foundation

/// An extract job: the answer of starting a job, of `GET …/job/{JobID}` and `…/status`, and each item of
/// a jobs list.
///
/// `stopTime` is set once the job has finished; `fileLink` only once it has completed (absent, empty and
/// JSON `null` all read as `nil`, and `nil` is written by omitting the element).
///
/// ```swift
/// let job = try ExtractJob(xml: body)
/// if job.status == .completed, let file = job.fileLink {
///     // GET file → text/csv or application/zip
/// } else if !job.status.isTerminal {
///     // poll job.statusLink again later
/// }
/// ```
public struct ExtractJob: Sendable, Hashable {
    /// The absolute URI of the job (`id`); also the `Location` of a `201 Created`.
    public var id: URL
    /// The absolute URI to poll (`status-link`), normally `{id}/status`.
    public var statusLink: URL
    /// When the job was scheduled to start (`start-time`, UTC).
    public var startTime: ExtractTimestamp
    /// When the job finished (`stop-time`, UTC); `nil` while it runs.
    public var stopTime: ExtractTimestamp?
    /// The job's state (`status`).
    public var status: JobStatus
    /// The absolute URI of the output (`file-link`), normally `{id}/file`; `nil` until completed.
    public var fileLink: URL?

    public init(
        id: URL,
        statusLink: URL,
        startTime: ExtractTimestamp,
        stopTime: ExtractTimestamp? = nil,
        status: JobStatus,
        fileLink: URL? = nil
    ) {
        self.id = id
        self.statusLink = statusLink
        self.startTime = startTime
        self.stopTime = stopTime
        self.status = status
        self.fileLink = fileLink
    }

    /// The job's route (definition and job IDs), read from ``id`` when it has the documented shape.
    public var route: ExtractWire.Route? { ExtractWire.Route(url: id) }

    /// Concur's job ID: the same whatever host the job was reached under (the last path segment of ``id``).
    ///
    /// ```swift
    /// job.id       // https://us.api.concursolutions.com/api/expense/extract/v1.0/nYoPK$pZ/job/uIo87jk3
    /// job.jobID    // uIo87jk3
    /// ```
    public var jobID: String { route?.jobID ?? id.lastPathComponent }
}
