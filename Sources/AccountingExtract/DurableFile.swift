import Crypto
public import Foundation
public import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way a file is written to stay: a temporary file beside the target, created exclusively (`O_CREAT |
/// O_EXCL`, no link followed) with mode `0600` whatever the umask, every byte written (`EINTR` retried) and
/// hashed (SHA-256) on the way; ``commit()`` flushes it (`fsync`), renames it over the target and flushes the
/// folder, so a crash leaves the old file or the new one, never a mix. A failed write, a failed flush or a file
/// given up (``discard()``, or dropped before ``commit()``) removes the temporary file.
///
/// Where the target's name is known only once the bytes are (the raw-file archive names a file by its SHA-256, a
/// download by its content type), ``stage()`` flushes the file and hands it over as a ``Staged`` file to publish
/// under any name of the same folder.
///
/// ```swift
/// let file = try DurableFile(replacing: "/srv/erp/journal.csv")   // .journal.csv.<random>.tmp, 0600
/// try file.write(Array("account,amount\n".utf8))
/// let content = try file.commit()        // fsync, rename over journal.csv, fsync of /srv/erp
/// print(content.size, content.sha256)
/// ```
public final class DurableFile {
    /// What was written: its size and the lower-case hex SHA-256 of its bytes.
    public struct Content: Sendable, Hashable {
        public var size: Int64
        /// The lower-case hex SHA-256 of the bytes; empty for a file made with `digest: false`.
        public var sha256: String
    }

    /// The file written and flushed, not yet in place: ``publish(as:)`` renames it (into the same folder),
    /// ``discard()`` removes it. The caller owns the temporary file from ``DurableFile/stage()`` on.
    public struct Staged: Sendable, Hashable {
        /// Where the bytes are now.
        public var temporaryPath: String
        public var content: Content

        /// Renames the file to `target` (replacing a file there) and flushes the folder.
        public func publish(as target: String) throws(PrivateFiles.Failure) {
            guard rename(temporaryPath, target) == 0 else {
                let failure = PrivateFiles.Failure(operation: "rename \(temporaryPath) to", path: target, errno: errno)
                discard()
                throw failure
            }
            try DurableFile.syncFolder(of: target)
        }

        /// Removes the temporary file.
        public func discard() { unlink(temporaryPath) }
    }

    /// The file the bytes are for.
    public let path: String
    /// The temporary file beside it that receives them.
    public let temporaryPath: String
    /// The bytes written so far.
    public private(set) var size: Int64 = 0
    private var descriptor: FileDescriptor?
    /// `nil` when the caller wants no digest (`digest: false`).
    private var hasher: SHA256?
    /// The temporary file is gone or handed over: nothing to remove on `deinit`. Set last in `init`, so that a
    /// failed creation (an existing file of that name) runs no `deinit` that would remove what is not ours.
    private var settled: Bool

    /// Creates the temporary file beside `path`, named `.<name>.<random>.tmp` unless `temporaryName` is given,
    /// with `permissions` (`0600` by default). Throws when it exists (`EEXIST`: the creation is exclusive).
    /// With `digest: false` the bytes are not hashed and ``Content/sha256`` is empty (for a file nobody names by
    /// its digest, such as a generated one: SHA-256 took a tenth of `generate`).
    public init(
        replacing path: String,
        permissions: FilePermissions = .ownerReadWrite,
        temporaryName: String? = nil,
        digest: Bool = true
    ) throws(PrivateFiles.Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = temporaryName ?? ".\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        self.path = path
        self.temporaryPath = folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
        let raw = try PrivateFiles.openPrivate(
            temporaryPath,
            flags: O_WRONLY | O_CREAT | O_EXCL,
            mode: mode_t(permissions.rawValue)
        )
        descriptor = FileDescriptor(rawValue: raw)
        hasher = digest ? SHA256() : nil
        settled = false
    }

    deinit { if !settled { discard() } }

    /// Appends `bytes` (all of them, or throws and removes the temporary file).
    public func write(_ bytes: some DataProtocol) throws(PrivateFiles.Failure) {
        guard let descriptor else { throw PrivateFiles.Failure(operation: "write", path: temporaryPath, errno: EBADF) }
        do {
            try PrivateFiles.writeAll(descriptor, bytes, path: temporaryPath)
        } catch {
            discard()
            throw error
        }
        hasher?.update(data: bytes)
        size += Int64(bytes.count)
    }

    /// Appends what is left of the file open as `source` (the file at `sourcePath`), from its offset to its end.
    /// Without a digest the bytes are copied inside the kernel (`sendfile`, no trip through user space);
    /// otherwise, or where the kernel cannot, they are read in chunks and written with ``write(_:)``.
    ///
    /// ```swift
    /// let output = try DurableFile(replacing: path, digest: false)
    /// try output.write(header)
    /// try output.append(contentsOf: spool, sourcePath: spoolPath)   // the body, spooled first
    /// try output.commit()
    /// ```
    public func append(contentsOf source: Int32, sourcePath: String) throws(PrivateFiles.Failure) {
        guard let descriptor else { throw PrivateFiles.Failure(operation: "write", path: temporaryPath, errno: EBADF) }
        #if os(Linux)
        while hasher == nil {
            let copied = sendfile(descriptor.rawValue, source, nil, 1 << 30)
            if copied > 0 {
                size += Int64(copied)
                continue
            }
            if copied == 0 { return }
            let code = errno
            if code == EINTR || code == EAGAIN { continue }
            // The kernel cannot copy between these two (EINVAL, ENOSYS…): the portable way.
            if code == EXDEV || code == ENOSYS || code == EINVAL || code == EOPNOTSUPP { break }
            discard()
            throw PrivateFiles.Failure(operation: "copy", path: temporaryPath, errno: code)
        }
        #endif
        try PrivateFiles.forEachChunk(of: source, path: sourcePath) { (chunk) throws(PrivateFiles.Failure) in
            try write(chunk)
        }
    }

    /// Flushes and closes the temporary file and hands it over, unpublished.
    public func stage() throws(PrivateFiles.Failure) -> Staged {
        guard let descriptor else { throw PrivateFiles.Failure(operation: "flush", path: temporaryPath, errno: EBADF) }
        self.descriptor = nil
        if fsync(descriptor.rawValue) != 0 {
            let code = errno
            try? descriptor.close()
            discard()
            throw PrivateFiles.Failure(operation: "flush", path: temporaryPath, errno: code)
        }
        do {
            try descriptor.close()
        } catch {
            discard()
            throw PrivateFiles.Failure(operation: "close", path: temporaryPath, error)
        }
        settled = true
        return Staged(
            temporaryPath: temporaryPath,
            content: Content(size: size, sha256: hasher.map { Self.hex($0.finalize()) } ?? "")
        )
    }

    /// Flushes the file, renames it over ``path`` and flushes the folder.
    @discardableResult
    public func commit() throws(PrivateFiles.Failure) -> Content {
        let staged = try stage()
        try staged.publish(as: path)
        return staged.content
    }

    /// Closes and removes the temporary file (nothing happens to ``path``).
    public func discard() {
        if let descriptor { try? descriptor.close() }
        descriptor = nil
        if !settled { unlink(temporaryPath) }
        settled = true
    }

    /// Flushes the folder that holds `path`, so that a rename into it survives a crash. A file system that cannot
    /// flush a folder (`EINVAL`) is let be.
    static func syncFolder(of path: String) throws(PrivateFiles.Failure) {
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PrivateFiles.Failure(operation: "open the folder", path: folder, errno: errno)
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw PrivateFiles.Failure(operation: "flush the folder", path: folder, errno: errno)
        }
    }

    /// Lower-case hex.
    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
