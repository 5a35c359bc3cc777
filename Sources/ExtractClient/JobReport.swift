public import ExtractAPI
import Foundation

/// What `run`, `status` and `fetch` print of a job, and of its downloaded file when there is one; `Codable` in the
/// shape their `--json` prints (the file's keys and `stopTime`/`fileLink` only when known).
///
/// ```swift
/// let report = JobReport(try await client.status(at: url))
/// print(report.text)  // "job https://…/job/J1: Completed (started 2026-01-15T06:00:00, stopped …)"
/// ```
public struct JobReport: Sendable, Hashable, Codable {
    public var id: String
    public var status: String
    public var statusLink: String
    public var startTime: String
    public var stopTime: String?
    public var fileLink: String?
    /// The downloaded file (the zip, or the SAE file).
    public var file: String?
    public var sha256: String?
    public var size: Int64?
    /// ``DownloadedExtract/Kind``'s raw value.
    public var kind: String?
    public var saeFiles: [String]?
    public var otherFiles: [String]?

    public init(_ job: ExtractJob, file download: DownloadedExtract? = nil) {
        id = job.id.absoluteString
        status = job.status.word
        statusLink = job.statusLink.absoluteString
        startTime = job.startTime.formatted()
        stopTime = job.stopTime?.formatted()
        fileLink = job.fileLink?.absoluteString
        if let download {
            file = download.path.path
            sha256 = download.sha256
            size = download.size
            kind = download.kind.rawValue
            saeFiles = download.saeFiles.map(\.path)
            otherFiles = download.otherFiles.map(\.path)
        }
    }

    /// The job's line, then the file's (with its SAE and other entries when it is a zip).
    public var text: String {
        var text = "job \(id): \(status) (started \(startTime)"
        if let stopTime { text += ", stopped \(stopTime)" }
        text += ")\n"
        guard let file, let size, let sha256 else { return text }
        text += "file: \(file) (\(size) bytes, sha256 \(sha256))\n"
        for sae in saeFiles ?? [] where sae != file { text += "  SAE: \(sae)\n" }
        for other in otherFiles ?? [] where other != file { text += "  other: \(other)\n" }
        return text
    }
}
