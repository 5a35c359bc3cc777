import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONFileStore {
    /// The file's bytes, or `nil` when it does not exist; refuses a symbolic link, anything but a regular file, a
    /// file of another user and one whose mode grants group or others anything (it holds secrets).
    func readOwnerOnly() throws(JSONFileStoreError) -> Data? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { throw insecure("is a symbolic link") }
            throw unreadable(PrivateFiles.Failure(operation: "read", path: path, errno: code))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw unreadable(PrivateFiles.Failure(operation: "read", path: path, errno: errno))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw insecure("is not a regular file") }
        guard info.st_uid == geteuid() else { throw insecure("is owned by another user") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else { throw insecure("has mode \(String(mode, radix: 8)); run `chmod 600 \(path)`") }
        var data = Data()
        do {
            try PrivateFiles.forEachChunk(of: descriptor, path: path) { data.append(contentsOf: $0) }
        } catch {
            throw unreadable(error)
        }
        return data
    }

    private func insecure(_ problem: String) -> JSONFileStoreError {
        JSONFileStoreError(
            .insecure,
            path: path,
            "refusing to use \(path): it \(problem); it holds secrets and must be a regular file with mode 600 "
                + "owned by you"
        )
    }

    private func unreadable(_ failure: PrivateFiles.Failure) -> JSONFileStoreError {
        JSONFileStoreError(.io, path: path, "\(failure)", underlying: failure)
    }
}
