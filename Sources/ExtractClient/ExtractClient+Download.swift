public import AccountingExtract
import AsyncHTTPClient
import Crypto
public import ExtractAPI
public import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

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
    /// file (whose own name is made unique and safe, see ``ExtractArchive/Entry/localName``).
    public var originalNames: [URL: String] = [:]
    /// What the caller should know (an unexpected content type).
    public var warnings: [String]
}

/// Progress of a download: bytes so far and the expected total when the server said it.
public typealias DownloadProgress = @Sendable (_ received: Int64, _ expected: Int64?) -> Void

extension ExtractClient {
    /// Downloads a completed job's file into `directory`: streamed to a temporary file, fsynced, its SHA-256
    /// computed on the way, then renamed into place. A dropped or truncated transfer is retried from the start
    /// and never leaves a partial file behind. A zip is checked and extracted (no absolute paths, no `..`, a
    /// cap on the unpacked size).
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
        try FileManager.default.createDirectory(
            at: directory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        let baseName =
            "extract-"
            + (job.route?.jobID ?? UUID().uuidString).filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        var attempt = 0
        var reauthorized = false
        while true {
            attempt += 1
            let token = try await tokens.validToken()
            let temporary = directory.appendingPathComponent(".\(baseName).\(UUID().uuidString).part")
            defer { try? FileManager.default.removeItem(at: temporary) }
            var outcome: RetryOutcome
            do {
                var request = HTTPClientRequest(url: fileLink.absoluteString)
                request.headers.add(name: "Authorization", value: "Bearer \(token.value)")
                request.headers.add(
                    name: "concur-correlationid",
                    value: "\(configuration.correlationPrefix)-\(UUID().uuidString)"
                )
                let response = try await http.execute(
                    request,
                    timeout: .seconds(Int64(configuration.requestTimeout.components.seconds) * 10)
                )
                let status = Int(response.status.code)
                let headers = response.headers.map { ($0.name, $0.value) }
                if status == 401 && !reauthorized {
                    reauthorized = true
                    await tokens.invalidate(token)
                    attempt -= 1
                    continue
                }
                if !(200..<300).contains(status) {
                    var body = Data()
                    for try await chunk in response.body {
                        body.append(contentsOf: chunk.readableBytesView)
                        if body.count > 65_536 { break }
                    }
                    let answer = ExtractHTTPResponse(status: status, headers: headers, body: body)
                    let decision = configuration.retryPolicy.decide(
                        attempt: attempt,
                        outcome: answer.outcome,
                        isIdempotent: true,
                        now: Date(),
                        using: &random
                    )
                    guard case .retry(let delay) = decision else {
                        throw Self.failure("download", outcome: answer.outcome, answer: answer, attempts: attempt)
                    }
                    try await sleep(delay)
                    continue
                }
                let contentType = response.headers.first(name: "Content-Type") ?? ""
                let expected = response.headers.first(name: "Content-Length").flatMap(Int64.init)
                let (size, digest) = try await Self.stream(
                    response.body,
                    to: temporary,
                    expected: expected,
                    progress: progress
                )
                return try finish(
                    temporary: temporary,
                    directory: directory,
                    baseName: baseName,
                    contentType: contentType,
                    size: size,
                    sha256: digest,
                    job: job
                )
            } catch let error as ExtractClientError {
                throw error
            } catch let error as TruncatedTransfer {
                logger.warning(
                    "download truncated: \(error.received) of \(error.expected) bytes; retrying",
                    metadata: ["attempt": "\(attempt)"]
                )
                outcome = .transport(.connectionReset)
            } catch {
                guard let failure = ExtractHTTP.transportFailure(error) else { throw error }
                logger.warning("download: \(failure); retrying", metadata: ["attempt": "\(attempt)"])
                outcome = .transport(failure)
            }
            guard attempt < configuration.downloadAttempts else {
                throw ExtractClientError(
                    .download,
                    "the download failed \(attempt) times (\(outcome)); nothing was kept; run fetch again",
                    operation: "download",
                    jobURL: job.id
                )
            }
            let decision = configuration.retryPolicy.decide(
                attempt: attempt,
                outcome: outcome,
                isIdempotent: true,
                now: Date(),
                using: &random
            )
            guard case .retry(let delay) = decision else {
                throw ExtractClientError(
                    .download,
                    "the download failed (\(outcome)); nothing was kept; run fetch again",
                    operation: "download",
                    jobURL: job.id
                )
            }
            try await sleep(delay)
        }
    }

    struct TruncatedTransfer: Error {
        var received: Int64
        var expected: Int64
    }

    /// Writes the body to `path` (mode 0600), hashing as it goes; fsyncs. Throws ``TruncatedTransfer`` when the
    /// body is shorter than its `Content-Length`.
    static func stream(
        _ body: HTTPClientResponse.Body,
        to path: URL,
        expected: Int64?,
        progress: DownloadProgress?
    ) async throws -> (Int64, String) {
        let descriptor = open(path.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ExtractClientError(
                .download,
                "cannot create \(path.path): \(String(cString: strerror(errno)))",
                operation: "download"
            )
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        var received: Int64 = 0
        for try await chunk in body {
            try chunk.withUnsafeReadableBytes { bytes in
                hasher.update(bufferPointer: bytes)
                var offset = 0
                while offset < bytes.count {
                    guard let base = bytes.baseAddress else { break }
                    let written = write(descriptor, base + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw ExtractClientError(
                            .download,
                            "cannot write \(path.path): \(String(cString: strerror(errno)))",
                            operation: "download"
                        )
                    }
                    offset += written
                }
            }
            received += Int64(chunk.readableBytes)
            progress?(received, expected)
        }
        if let expected, received != expected { throw TruncatedTransfer(received: received, expected: expected) }
        guard fsync(descriptor) == 0 else {
            throw ExtractClientError(.download, "fsync failed for \(path.path)", operation: "download")
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return (received, digest)
    }

    /// Moves the verified download into place and, for a zip, extracts it safely.
    func finish(
        temporary: URL,
        directory: URL,
        baseName: String,
        contentType: String,
        size: Int64,
        sha256: String,
        job: ExtractJob
    ) throws -> DownloadedExtract {
        let head: Data = (try? FileHandle(forReadingFrom: temporary).read(upToCount: 4)) ?? Data()
        var warnings: [String] = []
        let isZip = ExtractAPI.FileKind.detect(contentType: contentType, leadingBytes: head) == .zip
        let isCSV = !isZip && (ExtractAPI.MediaType.csv.matches(contentType) || contentType.isEmpty)
        let finalName = baseName + (isZip ? ".zip" : (isCSV ? ".txt" : ".bin"))
        let final = directory.appendingPathComponent(finalName)
        if FileManager.default.fileExists(atPath: final.path) { try FileManager.default.removeItem(at: final) }
        guard rename(temporary.path, final.path) == 0 else {
            throw ExtractClientError(
                .download,
                "cannot move the download into place at \(final.path)",
                operation: "download",
                jobURL: job.id
            )
        }
        if isZip {
            let archive: ExtractArchive
            do {
                archive = try ExtractArchive(path: final.path, maximumUnpackedSize: configuration.maximumUnpackedSize)
            } catch {
                throw ExtractClientError(
                    .unsafeArchive,
                    "the zip was refused: \(error); it is kept at \(final.path)",
                    operation: "download",
                    jobURL: job.id
                )
            }
            let target = directory.appendingPathComponent(baseName)
            try FileManager.default.createDirectory(
                at: target,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            var sae: [URL] = []
            var others: [URL] = []
            var names: [URL: String] = [:]
            for entry in archive.entries {
                let url = URL(fileURLWithPath: try archive.extract(entry, into: target.path))
                names[url] = "\(finalName)!\(entry.path)"
                if entry.isSAE {
                    sae.append(url)
                } else {
                    others.append(url)
                }
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
