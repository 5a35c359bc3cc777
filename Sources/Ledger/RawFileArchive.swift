import AccountingExtract
import Crypto
public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw file kept in the archive, as listed in the store's manifest.
public struct ArchivedFile: Sendable, Hashable, Codable {
    /// Lower-case hex SHA-256 of the bytes; also the file's name in the archive.
    public var sha256: String
    public var size: Int64
    /// Where the bytes are: `<archive directory>/<sha256>`.
    public var archivePath: String
    /// The name the file arrived with.
    public var originalName: String
    public var receivedAt: Date
    public var company: String?
    public var jobID: String?

    public init(
        sha256: String,
        size: Int64,
        archivePath: String,
        originalName: String,
        receivedAt: Date,
        company: String? = nil,
        jobID: String? = nil
    ) {
        self.sha256 = sha256
        self.size = size
        self.archivePath = archivePath
        self.originalName = originalName
        self.receivedAt = receivedAt
        self.company = company
        self.jobID = jobID
    }
}

/// A content-addressed directory of raw extract files: each file is stored once, under its SHA-256, and never
/// deleted or changed. The directory is created `0700` and each file `0600`, whatever the umask
/// (`PrivateFiles`): the files hold employee names, amounts and bank details.
///
/// Storing copies the bytes to a temporary file in the archive while hashing them, flushes it to disk (`fsync`),
/// renames it to `<sha256>` and flushes the directory, so a crash leaves either no file or the whole file.
///
/// ```swift
/// let archive = try RawFileArchive(directory: "/var/lib/concur-extract/raw")
/// let file = try archive.store(fileAt: "/tmp/download.txt", originalName: "extract_CES_SAE_v3.txt")
/// try await store.recordRawFile(file)
/// ```
public struct RawFileArchive: Sendable {
    public let directory: String

    /// Opens (creating when needed) the archive directory.
    public init(directory: String) throws(LedgerError) {
        self.directory = directory
        do {
            try PrivateFiles.createDirectory(directory)
        } catch {
            throw LedgerError(.archiveFailed, "cannot create the archive directory: \(error)")
        }
    }

    /// The path a file with this SHA-256 has in the archive.
    public func path(sha256: String) -> String { (directory as NSString).appendingPathComponent(sha256) }

    /// Copies the file into the archive (once; a second copy of the same bytes is not written).
    public func store(
        fileAt source: String,
        originalName: String? = nil,
        receivedAt: Date = Date(),
        company: String? = nil,
        jobID: String? = nil
    ) throws(LedgerError) -> ArchivedFile {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw Self.failure("cannot open \(source)") }
        defer { close(input) }
        let temporaryName = ".incoming-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let temporary = (directory as NSString).appendingPathComponent(temporaryName)
        let output: Int32
        do { output = try PrivateFiles.createFile(temporary) } catch { throw LedgerError(.archiveFailed, "\(error)") }
        var keep = false
        defer { if !keep { unlink(temporary) } }
        var hasher = SHA256()
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        do {
            defer { close(output) }
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw Self.failure("cannot read \(source)")
                }
                if count == 0 { break }
                let complete = buffer.withUnsafeBytes { raw -> Bool in
                    let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<count])
                    hasher.update(bufferPointer: chunk)
                    guard let base = chunk.baseAddress else { return false }
                    var offset = 0
                    while offset < count {
                        let written = write(output, base + offset, count - offset)
                        if written < 0 {
                            if errno == EINTR { continue }
                            return false
                        }
                        offset += written
                    }
                    return true
                }
                guard complete else { throw Self.failure("cannot write \(temporary)") }
                size += Int64(count)
            }
            guard fsync(output) == 0 else { throw Self.failure("cannot flush \(temporary)") }
        }
        let sha256 = hasher.finalize().map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        let target = path(sha256: sha256)
        if access(target, F_OK) != 0 {
            guard rename(temporary, target) == 0 else { throw Self.failure("cannot rename \(temporary) to \(target)") }
            keep = true
            try syncDirectory()
        }
        return ArchivedFile(
            sha256: sha256,
            size: size,
            archivePath: target,
            originalName: originalName ?? (source as NSString).lastPathComponent,
            receivedAt: receivedAt,
            company: company,
            jobID: jobID
        )
    }

    /// `true` when the archive holds a file with this SHA-256.
    public func contains(sha256: String) -> Bool { access(path(sha256: sha256), F_OK) == 0 }

    /// The SHA-256 of a file's bytes, lower-case hex.
    public static func sha256(ofFileAt path: String) throws(LedgerError) -> String {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure("cannot open \(path)") }
        defer { close(input) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read \(path)")
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return hasher.finalize().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    private func syncDirectory() throws(LedgerError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure("cannot open the archive directory \(directory)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Self.failure("cannot flush the archive directory \(directory)") }
    }

    private static func failure(_ what: String) -> LedgerError {
        LedgerError(.archiveFailed, "\(what): \(String(cString: strerror(errno)))")
    }
}
