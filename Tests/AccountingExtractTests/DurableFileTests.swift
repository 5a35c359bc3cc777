import ExtractTesting
import Foundation
import Testing

@testable import AccountingExtract

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite(.offThePool) struct DurableFileTests {
    /// The names in `folder`.
    private func names(_ folder: String) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder))
    }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("Seeded: at every step the target holds the old content or the new one, never a mix; nothing else is left")
    func targetIsOldOrNewAtEveryStep() throws {
        var random = SAEPropertyTests.Generator(state: 0x5EED_F11E)
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = (folder as NSString).appendingPathComponent("journal.csv")
        var current: [UInt8]? = nil
        for round in 0..<60 {
            let next = (0..<Int.random(in: 0...5000, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            // Where this round stops: 0 drops the file before any write, 1 after some writes, 2 after staging
            // and discarding, 3 after a failed publication, 4 and more commit.
            let stop = Int.random(in: 0...6, using: &random)
            func check(_ step: String) throws {
                let now = FileManager.default.contents(atPath: target).map { [UInt8]($0) }
                #expect(now == current, "round \(round), \(step): the target changed before the commit")
            }
            // One round; `return` is where it stops (the file dropped, or given up).
            func round() throws {
                let file = try DurableFile(replacing: target)
                #expect(try mode(file.temporaryPath) == 0o600)
                try check("created")
                if stop == 0 { return }
                var offset = 0
                while offset < next.count {
                    let end = min(next.count, offset + Int.random(in: 1...1500, using: &random))
                    try file.write(Array(next[offset..<end]))
                    offset = end
                    try check("after \(offset) bytes")
                    if stop == 1 && Bool.random(using: &random) { break }
                }
                if stop == 1 { return }
                if stop == 2 {
                    try file.stage().discard()
                    try check("staged then discarded")
                    return
                }
                if stop == 3 {
                    let staged = try file.stage()
                    let blocker = (folder as NSString).appendingPathComponent("blocker")
                    try FileManager.default.createDirectory(
                        atPath: (blocker as NSString).appendingPathComponent("full"),
                        withIntermediateDirectories: true
                    )
                    defer { try? FileManager.default.removeItem(atPath: blocker) }
                    #expect(throws: PrivateFiles.Failure.self) { try staged.publish(as: blocker) }
                    try check("failed publication")
                    return
                }
                let content = try file.commit()
                current = next
                try check("committed")
                #expect(content.size == Int64(next.count))
                #expect(content.sha256 == (try DurableFile.sha256(ofFileAt: target)))
                #expect(try mode(target) == 0o600)
            }
            try round()
            #expect(
                try names(folder) == (current == nil ? [] : ["journal.csv"]),
                "round \(round): a temporary file is left"
            )
        }
        #expect(current != nil, "the seed commits at least once")
    }

    @Test("A reader running beside the commits only ever sees a whole version")
    func concurrentReaderSeesWholeVersions() async throws {
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = (folder as NSString).appendingPathComponent("token.json")
        // Version n: n + 1 kilobytes of the byte n, so that a torn read shows as a mixed or short file.
        let versions = (0..<40).map { [UInt8](repeating: UInt8($0), count: 1024 * ($0 + 1)) }
        try PrivateFiles.write(versions[0], to: target)
        let reader = Task.detached(executorPreference: QueueExecutor(label: "reader")) { () -> [String] in
            var problems: [String] = []
            for _ in 0..<2000 {
                guard let data = FileManager.default.contents(atPath: target) else {
                    problems.append("the target was missing")
                    continue
                }
                let bytes = [UInt8](data)
                if bytes.isEmpty || bytes.count != 1024 * (Int(bytes[0]) + 1)
                    || bytes.contains(where: { $0 != bytes[0] })
                {
                    problems.append("a torn read of \(bytes.count) bytes")
                }
            }
            return problems
        }
        for version in versions.dropFirst() { try PrivateFiles.write(version, to: target) }
        #expect(await reader.value == [])
        #expect(FileManager.default.contents(atPath: target).map { [UInt8]($0) } == versions.last)
        #expect(try names(folder) == ["token.json"])
    }

    @Test("The temporary file is created exclusively: an existing one is refused and left as it was")
    func exclusiveCreation() throws {
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = (folder as NSString).appendingPathComponent("out.txt")
        let squatter = (folder as NSString).appendingPathComponent(".out.txt.fixed.tmp")
        try Data("someone else's".utf8).write(to: URL(fileURLWithPath: squatter))
        #expect {
            _ = try DurableFile(replacing: target, temporaryName: ".out.txt.fixed.tmp")
        } throws: { ($0 as? PrivateFiles.Failure)?.errno == EEXIST }
        #expect(FileManager.default.contents(atPath: squatter) == Data("someone else's".utf8))
        // A link in its place is not followed either.
        try FileManager.default.removeItem(atPath: squatter)
        try FileManager.default.createSymbolicLink(atPath: squatter, withDestinationPath: "/etc/passwd")
        #expect(throws: PrivateFiles.Failure.self) {
            _ = try DurableFile(replacing: target, temporaryName: ".out.txt.fixed.tmp")
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("Mode 0600 by default, or the mode asked for, whatever the file held before")
    func modes() throws {
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = (folder as NSString).appendingPathComponent("export.csv")
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        chmod(target, 0o644)
        try PrivateFiles.write(Array("new".utf8), to: target)
        #expect(try mode(target) == 0o600)
        let shared = try DurableFile(replacing: target, permissions: [.ownerReadWrite, .groupRead])
        try shared.write(Array("for the ERP".utf8))
        try shared.commit()
        #expect(try mode(target) == 0o640)
        #expect(FileManager.default.contents(atPath: target) == Data("for the ERP".utf8))
    }

    @Test("A failed read of the source, a failed write and a failed publication leave the target and no temporary file")
    func failuresCleanUp() throws {
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = (folder as NSString).appendingPathComponent("raw")
        try PrivateFiles.write(Array("old".utf8), to: target)

        let missing = try DurableFile(replacing: target)
        #expect { try missing.write(contentsOfFileAt: folder + "/no-such-file") } throws: { error in
            (error as? PrivateFiles.Failure)?.errno == ENOENT && "\(error)".contains("no-such-file")
        }
        #expect(try names(folder) == ["raw"], "removed at the failure, not only when dropped")
        #expect(throws: PrivateFiles.Failure.self) { try missing.write(Array("late".utf8)) }

        let unreadable = try DurableFile(replacing: target)
        #expect { try unreadable.write(contentsOfFileAt: folder) } throws: {
            ($0 as? PrivateFiles.Failure)?.errno == EISDIR
        }
        #expect(try names(folder) == ["raw"])

        #if os(Linux)
        // A write that fails for real: the temporary file's descriptor is pointed at /dev/full (ENOSPC).
        let full = try DurableFile(replacing: target)
        try full.write(Array("some".utf8))
        let descriptor = try #require(try openDescriptor(of: full.temporaryPath))
        let deviceFull = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(deviceFull >= 0)
        #expect(dup2(deviceFull, descriptor) == descriptor)
        close(deviceFull)
        #expect { try full.write(Array("more".utf8)) } throws: { error in
            (error as? PrivateFiles.Failure)?.errno == ENOSPC && "\(error)".contains(full.temporaryPath)
        }
        #expect(try names(folder) == ["raw"])
        #endif

        let blocked = try DurableFile(replacing: folder + "/occupied")
        try FileManager.default.createDirectory(atPath: folder + "/occupied/inside", withIntermediateDirectories: true)
        try blocked.write(Array("x".utf8))
        #expect(throws: PrivateFiles.Failure.self) { try blocked.commit() }
        #expect(try names(folder) == ["raw", "occupied"])
        #expect(FileManager.default.contents(atPath: target) == Data("old".utf8))
    }

    @Test("The SHA-256 streamed while writing is the file's, in lower-case hex")
    func streamedDigest() throws {
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try DurableFile(replacing: folder + "/abc")
        try file.write(Array("a".utf8))
        try file.write(Array("bc".utf8))
        let content = try file.commit()
        #expect(content.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(content.size == 3)
        #expect(try DurableFile.sha256(ofFileAt: folder + "/abc") == content.sha256)
    }

    @Test("Without a digest the same bytes land durably and the content names no digest")
    func withoutDigest() throws {
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try DurableFile(replacing: folder + "/abc", digest: false)
        try file.write(Array("a".utf8))
        try file.write(Array("bc".utf8))
        let content = try file.commit()
        #expect(content.sha256 == "")
        #expect(content.size == 3)
        #expect(FileManager.default.contents(atPath: folder + "/abc") == Data("abc".utf8))
        #expect(
            try DurableFile.sha256(ofFileAt: folder + "/abc")
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
    }

    @Test(
        "Appending the rest of an open file: the same bytes in the kernel's copy and in the hashed one",
        arguments: [false, true]
    )
    func appendRest(digest: Bool) throws {
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 3 MiB and a bit of varied bytes (more than one chunk), read from an offset inside the source.
        let body = (0..<(3 << 20) + 12_345).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        let sourcePath = folder + "/spool"
        try Data(body).write(to: URL(fileURLWithPath: sourcePath))
        let source = open(sourcePath, O_RDONLY)
        try #require(source >= 0)
        defer { close(source) }
        lseek(source, 1_000, SEEK_SET)
        let file = try DurableFile(replacing: folder + "/out", digest: digest)
        try file.write(Array("HEADER\n".utf8))
        try file.append(contentsOf: source, sourcePath: sourcePath)
        let content = try file.commit()
        let expected = Array("HEADER\n".utf8) + body[1_000...]
        #expect(content.size == Int64(expected.count))
        #expect(FileManager.default.contents(atPath: folder + "/out") == Data(expected))
        #expect(content.sha256 == (digest ? try DurableFile.sha256(ofFileAt: folder + "/out") : ""))
    }

    #if os(Linux)
    @Test("A write interrupted by signals (EINTR, short writes) still writes every byte, in order")
    func interruptedWritesComplete() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        // A handler without SA_RESTART, so that a blocked write(2) returns EINTR or a short count.
        let before = interruptions.load()  // initialised here, not first in the handler
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in interruptions.add(1) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        try #require(sigaction(SIGUSR2, &action, nil) == 0)
        let bytes = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let writer = WriterThread(descriptor: fds[1], bytes: bytes)
        writer.start()
        writer.started.wait()
        // The pipe holds 64 KiB: the writer is blocked; each signal interrupts the write under way.
        for _ in 0..<5 {
            usleep(20_000)
            pthread_kill(writer.thread, SIGUSR2)
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while received.count < bytes.count {
            let count = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            try #require(count > 0)
            received.append(contentsOf: buffer[0..<count])
            if received.count % (1 << 18) < count { pthread_kill(writer.thread, SIGUSR2) }
        }
        writer.finished.wait()
        #expect(writer.failure == nil)
        #expect(received == bytes)
        #expect(interruptions.load() - before >= 5, "the signals reached the writer")
    }
    #endif

    #if os(Linux)
    /// The descriptor this process has open on `path` (from /proc/self/fd).
    private func openDescriptor(of path: String) throws -> Int32? {
        for name in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            guard let descriptor = Int32(name) else { continue }
            let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)")
            if link == path { return descriptor }
        }
        return nil
    }
    #endif
}

#if os(Linux)
/// The signals the test handler saw.
private let interruptions = SignalCounter()

final class SignalCounter: @unchecked Sendable {
    private let value = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    init() { value.initialize(to: 0) }
    func add(_ count: Int) { value.pointee += count }  // only from the handler, on one thread at a time
    func load() -> Int { value.pointee }
}

/// A thread that writes `bytes` to `descriptor` with the package's write loop, then closes it.
final class WriterThread: Thread, @unchecked Sendable {
    let descriptor: Int32
    let bytes: [UInt8]
    let started = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)
    private(set) var thread = pthread_self()
    private(set) var failure: PrivateFiles.Failure?

    init(descriptor: Int32, bytes: [UInt8]) {
        self.descriptor = descriptor
        self.bytes = bytes
    }

    override func main() {
        thread = pthread_self()
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGUSR2)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        started.signal()
        do {
            try PrivateFiles.writeAll(descriptor, bytes, path: "pipe")
        } catch {
            failure = error
        }
        close(descriptor)
        finished.signal()
    }
}
#endif
