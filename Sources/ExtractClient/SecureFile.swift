import AccountingExtract
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Private state files (tokens, run history): written atomically with mode `0600`, read only when nobody
/// else can read or write them.
///
/// Writing: a temporary file in the same directory (created `O_EXCL`, mode `0600`), the bytes, `fsync`,
/// `rename` over the target, then `fsync` of the directory, so a crash leaves either the old or the new file.
/// Reading refuses a file that is not a regular file, is a symbolic link, is owned by another user or whose
/// mode grants anything to group or others.
enum SecureFile {
    /// The file's bytes, or `nil` when it does not exist.
    static func read(_ url: URL) throws(ExtractClientError) -> Data? {
        let path = url.path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { throw insecure(path, "is a symbolic link") }
            throw failure("read", path, code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("read", path, errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw insecure(path, "is not a regular file") }
        guard info.st_uid == geteuid() else { throw insecure(path, "is owned by another user") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw insecure(path, "has mode \(String(mode, radix: 8)); run `chmod 600 \(path)`")
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glue.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path, errno)
            }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// Replaces the file atomically with `data`, mode `0600`; creates the directory (mode `0700`) if needed.
    static func write(_ data: Data, to url: URL) throws(ExtractClientError) {
        let directory = url.deletingLastPathComponent()
        let path = url.path
        do {
            try PrivateFiles.createDirectory(directory.path)
        } catch {
            throw ExtractClientError(
                .persistence,
                "cannot create the directory \(directory.path)",
                operation: "save state",
                underlying: error
            )
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode_t(0o600))
        guard fd >= 0 else { throw failure("write", temporary, errno) }
        var closed = false
        var renamed = false
        defer {
            if !closed { close(fd) }
            if !renamed { unlink(temporary) }
        }
        guard fchmod(fd, mode_t(0o600)) == 0 else { throw failure("write", temporary, errno) }
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes { bytes in
                Glue.write(fd, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("write", temporary, errno)
            }
            written += count
        }
        guard fsync(fd) == 0 else { throw failure("write", temporary, errno) }
        closed = true
        guard close(fd) == 0 else { throw failure("write", temporary, errno) }
        guard rename(temporary, path) == 0 else { throw failure("write", path, errno) }
        renamed = true
        let directoryFD = open(directory.path, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Deletes the file if it exists.
    static func remove(_ url: URL) throws(ExtractClientError) {
        guard unlink(url.path) == 0 || errno == ENOENT else { throw failure("delete", url.path, errno) }
    }

    private static func insecure(_ path: String, _ problem: String) -> ExtractClientError {
        ExtractClientError(
            .insecureFile,
            "refusing to use \(path): it \(problem); it holds secrets and must be a regular file with mode 600 "
                + "owned by you",
            operation: "read state"
        )
    }

    private static func failure(_ verb: String, _ path: String, _ code: Int32) -> ExtractClientError {
        ExtractClientError(
            .persistence,
            "cannot \(verb) \(path): \(String(cString: strerror(code)))",
            operation: verb == "read" ? "read state" : "save state"
        )
    }
}

/// The C `read` and `write`, named apart from the Swift methods that shadow them.
private enum Glue {
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Darwin)
        Darwin.read(fd, buffer, count)
        #elseif canImport(Musl)
        Musl.read(fd, buffer, count)
        #else
        Glibc.read(fd, buffer, count)
        #endif
    }

    static func write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Darwin)
        Darwin.write(fd, buffer, count)
        #elseif canImport(Musl)
        Musl.write(fd, buffer, count)
        #else
        Glibc.write(fd, buffer, count)
        #endif
    }
}
