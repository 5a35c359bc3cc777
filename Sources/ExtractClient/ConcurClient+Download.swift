public import AccountingExtract
import AsyncHTTPClient
public import ExtractAPI
public import Foundation
import NIOCore
import Synchronization

/// A downloaded extract file, kept on disk.
public struct DownloadedExtract: Sendable, Hashable {
    /// What the server sent.
    public enum Kind: String, Sendable, Hashable {
        /// One SAE file (`text/csv`).
        case sae
        /// A zip of several files, checked and extracted.
        case zip
        /// Another content type, kept as it came (with a warning).
        case other
    }

    public var kind: Kind
    /// The file as downloaded (the SAE, the zip, or the raw answer).
    public var path: URL
    /// The SHA-256 of the downloaded bytes, in lowercase hex.
    public var sha256: String
    public var size: Int64
    public var contentType: String
    /// The SAE files: the download itself, or the SAE entries extracted from the zip.
    public var saeFiles: [URL]
    /// The other files extracted from a zip (attendee detail and the like).
    public var otherFiles: [URL]
    /// The name each file extracted from a zip had there, as `download.zip!folder/name.txt`, by the extracted
    /// file (whose own name is made unique and safe, see `ExtractZip.Entry.localName`).
    public var originalNames: [URL: String] = [:]
    /// The folder a zip's entries were extracted into (`nil` for a download that is no zip): temporary copies,
    /// to remove once their content is archived (``removeExtractedCopies()``).
    public var extractedTo: URL?
    /// What the caller should know (an unexpected content type).
    public var warnings: [String]

    /// Removes the files extracted from a zip (the zip itself stays where it is).
    public func removeExtractedCopies() {
        if let extractedTo { try? FileManager.default.removeItem(at: extractedTo) }
    }
}

/// A downloaded zip that `ExtractZip` (AccountingExtract) refused (a limit, an unsafe or corrupt entry): the
/// ``ExtractClientError/underlying`` of an `unsafe-archive` error. The zip is kept as it came at `path`; nothing
/// extracted from it is left.
public struct RefusedArchive: Error, Sendable {
    /// The zip as downloaded.
    public var path: URL
    /// The SHA-256 of the downloaded bytes, in lowercase hex.
    public var sha256: String
    public var size: Int64
    public var contentType: String
    /// Why: an `SAEError` (AccountingExtract) with its code (`archive`, `archive-too-many-entries`,
    /// `archive-too-large`, `archive-ratio`, `io-error`).
    public var reason: SAEError
}

/// Progress of a download: bytes so far and the expected total when the server said it.
public typealias DownloadProgress = @Sendable (_ received: Int64, _ expected: Int64?) -> Void

extension ConcurClient {
    /// Downloads a completed job's file into `directory`: streamed to a temporary file, fsynced, its SHA-256
    /// computed on the way, then renamed into place. A dropped or truncated transfer is retried from the start
    /// and never leaves a partial file behind. A zip is checked and extracted (no absolute paths, no `..`, the
    /// ``ExtractClientConfiguration/zipLimits``); a zip refused, even halfway through, leaves nothing
    /// extracted and throws `unsafe-archive` with a ``RefusedArchive`` (the zip is kept).
    public func download(
        _ job: ExtractJob,
        into directory: URL,
        progress: DownloadProgress? = nil
    ) async throws -> DownloadedExtract {
        guard let fileLink = job.fileLink else {
            throw ExtractClientError(
                .download,
                "the job has no file link yet; wait for it to complete first",
                operation: "download",
                jobURL: job.id
            )
        }
        try PrivateFiles.createDirectory(directory.path)
        let baseName =
            "extract-"
            + (job.route?.jobID ?? UUID().uuidString).filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let received: ReceivedFile
        do {
            received = try await fetchFile(fileLink, into: directory, baseName: baseName, progress: progress)
        } catch var error as ExtractClientError {
            error.jobURL = error.jobURL ?? job.id
            throw error
        }
        defer { received.file.discard() }  // nothing once published
        return try finish(
            received.file,
            directory: directory,
            baseName: baseName,
            contentType: received.contentType,
            job: job
        )
    }

    /// A body streamed to a temporary file of `directory`.
    struct ReceivedFile: Sendable {
        var file: DurableFile.Staged
        var contentType: String
    }

    /// Gets `fileLink` through the client's pipeline (token, origin policy, retries, redirects, the download
    /// limits) into a temporary file; every attempt writes a fresh one and a failed attempt leaves none.
    func fetchFile(
        _ fileLink: URL,
        into directory: URL,
        baseName: String,
        progress: DownloadProgress?
    ) async throws -> ReceivedFile {
        let result = ReceivedFileBox()
        var request = ExtractHTTPRequest(
            method: .GET,
            url: fileLink,
            operation: "download",
            limits: configuration.limits.download
        )
        request.maximumAttempts = configuration.downloadAttempts
        request.sink = BodySink { response, body in
            let staged = try await Self.stream(
                body,
                beside: directory.appendingPathComponent(baseName).path,
                progress: progress
            )
            result.set(ReceivedFile(file: staged, contentType: response.header("Content-Type") ?? ""))
        }
        do {
            _ = try await pipeline.send(request)
        } catch var error as ExtractClientError {
            if error.code == .transport { error.code = .download }
            error.message += "; nothing was kept; run fetch again"
            throw error
        }
        guard let received = result.value else {
            throw ExtractClientError(.download, "the download produced no file; run fetch again", operation: "download")
        }
        return received
    }

    /// The file of the attempt that succeeded.
    final class ReceivedFileBox: Sendable {
        private let file = Mutex<ReceivedFile?>(nil)

        var value: ReceivedFile? { file.withLock { $0 } }
        func set(_ value: ReceivedFile) { file.withLock { $0 = value } }
    }

    /// Writes the body to a ``DurableFile`` beside `path` (`.<name>.<random>.part`, mode 0600), hashing as it goes,
    /// and flushes it; a failure removes it. Throws ``TruncatedTransfer`` when the body is shorter than its
    /// `Content-Length`; the body's limits (deadline, idle, rate, size) apply as it is read.
    static func stream(
        _ body: LimitedBody,
        beside path: String,
        progress: DownloadProgress?
    ) async throws -> DurableFile.Staged {
        let expected = body.expected
        let file: DurableFile
        do {
            let name = (path as NSString).lastPathComponent
            file = try DurableFile(replacing: path, temporaryName: ".\(name).\(UUID().uuidString).part")
        } catch {
            throw ExtractClientError(.download, "\(error)", operation: "download")
        }
        var received: Int64 = 0
        for try await chunk in body {
            do {
                try chunk.withUnsafeReadableBytes { try file.write($0) }
            } catch {
                throw ExtractClientError(.download, "\(error)", operation: "download")
            }
            received += Int64(chunk.readableBytes)
            progress?(received, expected)
        }
        if let expected, received != expected { throw TruncatedTransfer(received: received, expected: expected) }
        do {
            return try file.stage()
        } catch {
            throw ExtractClientError(.download, "\(error)", operation: "download")
        }
    }

    /// Moves the verified download into place and, for a zip, extracts it safely.
    func finish(
        _ received: DurableFile.Staged,
        directory: URL,
        baseName: String,
        contentType: String,
        job: ExtractJob
    ) throws -> DownloadedExtract {
        let (size, sha256) = (received.content.size, received.content.sha256)
        let temporary = URL(fileURLWithPath: received.temporaryPath)
        let head: Data = (try? FileHandle(forReadingFrom: temporary).read(upToCount: 4)) ?? Data()
        var warnings: [String] = []
        let isZip = ExtractWire.FileKind.detect(contentType: contentType, leadingBytes: head) == .zip
        let isCSV = !isZip && (ExtractWire.MediaType.csv.matches(contentType) || contentType.isEmpty)
        let finalName = baseName + (isZip ? ".zip" : (isCSV ? ".txt" : ".bin"))
        let final = directory.appendingPathComponent(finalName)
        do {
            try received.publish(as: final.path)
        } catch {
            throw ExtractClientError(
                .download,
                "cannot move the download into place at \(final.path)",
                operation: "download",
                jobURL: job.id,
                underlying: error
            )
        }
        if isZip {
            let target = directory.appendingPathComponent(baseName)
            var sae: [URL] = []
            var others: [URL] = []
            var names: [URL: String] = [:]
            do throws(SAEError) {
                let archive = try ExtractZip(path: final.path, limits: configuration.zipLimits)
                if FileManager.default.fileExists(atPath: target.path) {
                    try? FileManager.default.removeItem(at: target)
                }
                do {
                    try PrivateFiles.createDirectory(target.path)
                } catch {
                    throw SAEError(.ioError, "cannot create the folder to extract into: \(error)", file: target.path)
                }
                for entry in archive.entries {
                    let url = URL(fileURLWithPath: try archive.extract(entry, into: target.path))
                    names[url] = "\(finalName)!\(entry.path)"
                    if entry.isSAE {
                        sae.append(url)
                    } else {
                        others.append(url)
                    }
                }
            } catch {
                // Refused halfway: nothing extracted stays; the zip itself is kept as it came.
                try? FileManager.default.removeItem(at: target)
                throw ExtractClientError(
                    .unsafeArchive,
                    "the zip was refused: \(error); it is kept at \(final.path)",
                    operation: "download",
                    jobURL: job.id,
                    underlying: RefusedArchive(
                        path: final,
                        sha256: sha256,
                        size: size,
                        contentType: contentType,
                        reason: error
                    )
                )
            }
            return DownloadedExtract(
                kind: .zip,
                path: final,
                sha256: sha256,
                size: size,
                contentType: contentType,
                saeFiles: sae,
                otherFiles: others,
                originalNames: names,
                extractedTo: target,
                warnings: warnings
            )
        }
        if isCSV {
            return DownloadedExtract(
                kind: .sae,
                path: final,
                sha256: sha256,
                size: size,
                contentType: contentType,
                saeFiles: [final],
                otherFiles: [],
                warnings: warnings
            )
        }
        warnings.append("unexpected content type '\(contentType)': the file is kept as it came at \(final.path)")
        logger.warning("\(warnings[0])")
        return DownloadedExtract(
            kind: .other,
            path: final,
            sha256: sha256,
            size: size,
            contentType: contentType,
            saeFiles: [],
            otherFiles: [final],
            warnings: warnings
        )
    }
}
