import Crypto
import Foundation
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension PrivateFiles {
    /// Writes all of `bytes` to `descriptor`: the one write loop of the package (swift-system's `writeAll`,
    /// which retries a write interrupted by a signal, `EINTR`, and continues after a short one).
    static func writeAll(
        _ descriptor: FileDescriptor,
        _ bytes: some Sequence<UInt8>,
        path: String
    ) throws(Failure) {
        do {
            try descriptor.writeAll(bytes)
        } catch {
            throw Failure(operation: "write", path: path, error)
        }
    }

    /// ``writeAll(_:_:path:)`` for a raw descriptor.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(Failure) {
        try writeAll(FileDescriptor(rawValue: descriptor), bytes, path: path)
    }

    /// Reads what is there, up to `buffer.count` bytes, into `buffer`; `0` at the end (`EINTR` retried by
    /// swift-system).
    static func read(
        _ descriptor: Int32,
        into buffer: UnsafeMutableRawBufferPointer,
        path: String
    ) throws(Failure) -> Int {
        do {
            return try FileDescriptor(rawValue: descriptor).read(into: buffer)
        } catch {
            throw Failure(operation: "read", path: path, error)
        }
    }

    /// Calls `body` with each chunk of the file at `path`, in order, until its end.
    static func forEachChunk(
        ofFileAt path: String,
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Void
    ) throws(Failure) {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw Failure(operation: "open", path: path, errno: errno) }
        defer { close(input) }
        try forEachChunk(of: input, path: path, body)
    }

    /// Calls `body` with each chunk read from `descriptor` (the file at `path`), in order, until its end.
    static func forEachChunk(
        of descriptor: Int32,
        path: String,
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Void
    ) throws(Failure) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try read(descriptor, into: buffer, path: path)
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}

extension PrivateFiles.Failure {
    /// A failure from a swift-system call: its `Errno`, else `EIO`.
    init(operation: String, path: String, _ error: any Error) {
        self.init(operation: operation, path: path, errno: (error as? Errno)?.rawValue ?? EIO)
    }
}

extension DurableFile {
    /// Appends the bytes of the file at `source`.
    ///
    /// ```swift
    /// let file = try DurableFile(replacing: "/var/lib/concur-extract/raw/.incoming")
    /// try file.write(contentsOfFileAt: "/tmp/download.txt")
    /// let staged = try file.stage()      // its SHA-256 names it in the archive
    /// ```
    public func write(contentsOfFileAt source: String) throws(PrivateFiles.Failure) {
        do {
            try PrivateFiles.forEachChunk(ofFileAt: source) { (chunk) throws(PrivateFiles.Failure) in try write(chunk) }
        } catch {
            discard()
            throw error
        }
    }

    /// The lower-case hex SHA-256 of the file at `path`, read in chunks.
    ///
    /// ```swift
    /// let digest = try DurableFile.sha256(ofFileAt: "/var/lib/concur-extract/raw/9f86d0…")
    /// ```
    public static func sha256(ofFileAt path: String) throws(PrivateFiles.Failure) -> String {
        var hasher = SHA256()
        try PrivateFiles.forEachChunk(ofFileAt: path) { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }
}
