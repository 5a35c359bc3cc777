import Foundation
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files at rest that hold employee names, amounts and bank details (the ledger, the raw-file archive, downloads,
/// exports): folders are created `0700` and files `0600` whatever the umask, and a place that other users can
/// read is reported, as the token store does.
///
/// ```swift
/// try PrivateFiles.createDirectory("/var/lib/concur-extract/archive")     // 0700, and its new parents
/// let fd = try PrivateFiles.createFile("/var/lib/concur-extract/archive/.incoming")   // 0600, O_EXCL
/// if let warning = PrivateFiles.exposure(of: "/var/lib/concur-extract", what: "the data directory") {
///     FileHandle.standardError.write(Data((warning + "\n").utf8))
/// }
/// ```
public enum PrivateFiles {
    /// The mode of every folder created: the owner only.
    static let directoryMode: mode_t = 0o700
    /// The mode of every file created: the owner reads and writes.
    static let fileMode: mode_t = 0o600

    /// A file operation that failed, with the path and the system's reason.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var operation: String
        public var path: String
        public var errno: Int32

        public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(errno)))" }
    }

    /// Creates `path` and each missing parent with mode `0700` (set after `mkdir`, so the umask does not matter);
    /// folders that already exist are left as they are.
    public static func createDirectory(_ path: String) throws(Failure) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw Failure(operation: "create the folder", path: path, errno: ENOTDIR)
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try createDirectory(parent) }
        if mkdir(path, directoryMode) != 0 {
            let code = errno
            if code == EEXIST { return }  // created meanwhile by another process
            throw Failure(operation: "create the folder", path: path, errno: code)
        }
        guard chmod(path, directoryMode) == 0 else {
            throw Failure(operation: "set the mode of", path: path, errno: errno)
        }
    }

    /// Creates a new file (`O_EXCL`, no link followed) with mode `0600` and returns its descriptor, open for
    /// writing; the caller closes it.
    public static func createFile(_ path: String) throws(Failure) -> Int32 {
        try openPrivate(path, flags: O_WRONLY | O_CREAT | O_EXCL)
    }

    /// Opens `path` for writing, emptied, creating it if needed (no link followed), and sets mode `0600` on it
    /// whether it was new or not; returns the descriptor, which the caller closes.
    ///
    /// ```swift
    /// let fd = try PrivateFiles.openTruncated("/var/lib/concur-extract/downloads/acme/extract.part")
    /// defer { close(fd) }
    /// ```
    public static func openTruncated(_ path: String) throws(Failure) -> Int32 {
        try openTruncated(path, flags: O_WRONLY)
    }

    /// ``openTruncated(_:)`` with other access flags (`O_RDWR` for a spool file read back).
    public static func openTruncated(_ path: String, flags: Int32) throws(Failure) -> Int32 {
        try openPrivate(path, flags: flags | O_CREAT | O_TRUNC)
    }

    /// The one place a private file is opened: `flags` plus close-on-exec and no link followed, created with
    /// `mode`, then `fchmod` to `mode` (so neither the umask nor an older mode matters); closed again when that
    /// fails.
    static func openPrivate(_ path: String, flags: Int32, mode: mode_t = fileMode) throws(Failure) -> Int32 {
        let descriptor: Int32
        do {
            descriptor = try FileDescriptor.open(
                path,
                FileDescriptor.AccessMode(rawValue: flags & O_ACCMODE),
                options: FileDescriptor.OpenOptions(rawValue: flags & ~O_ACCMODE).union([.closeOnExec, .noFollow]),
                permissions: FilePermissions(rawValue: mode)
            ).rawValue
        } catch {
            throw Failure(operation: "create", path: path, error)
        }
        guard fchmod(descriptor, mode) == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(operation: "set the mode of", path: path, errno: code)
        }
        return descriptor
    }

    /// Replaces the file at `path` with `bytes`, atomically and durably (a ``DurableFile``: a new `0600` file
    /// beside it, flushed, renamed over it, the folder flushed).
    ///
    /// ```swift
    /// try PrivateFiles.write(Array(csv.utf8), to: "/srv/erp/journal.csv")
    /// ```
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let file = try DurableFile(replacing: path)
        try file.write(bytes)
        _ = try file.commit()
    }

    /// Creates an empty file with mode `0600` unless one exists (so that a program creating it later, SQLite for
    /// a database and its `-wal` and `-shm` files, finds or copies that mode).
    public static func ensureFile(_ path: String) throws(Failure) {
        do {
            close(try createFile(path))
        } catch  where error.errno == EEXIST {
            return
        }
    }

    /// A warning when `path` exists and grants group or others any access; `nil` otherwise. `what` names it for
    /// the reader, e.g. `the data directory`.
    public static func exposure(of path: String, what: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0 else { return nil }
        let isDirectory = info.st_mode & S_IFMT == S_IFDIR
        return "warning: \(what) \(path) has mode \(String(mode, radix: 8)): other users can read what it holds "
            + "(employee names, amounts, bank details); run `chmod \(isDirectory ? "700" : "600") \(path)`"
    }
}
