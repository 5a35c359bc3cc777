import Foundation
import Ledger
import Testing

/// Issue 10 item 10, in the library: the archive's folder and files and a new SQLite ledger are the owner's only,
/// whatever the umask of the process (at least 022 here: the old 0644 files failed this).
@Suite struct LedgerFilesAtRestTests {
    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test func archiveFoldersAndFilesArePrivate() throws {
        let root = NSTemporaryDirectory() + "ledger-at-rest-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let archive = try RawFileStore(directory: root + "/a/archive")
        let source = root + "/source.txt"
        try Data("EXTRACT|2026-01-15|0|0|1\n".utf8).write(to: URL(fileURLWithPath: source))
        let stored = try archive.store(fileAt: source, originalName: "extract.txt", receivedAt: Date())
        #expect(try Self.mode(root + "/a") == 0o700)
        #expect(try Self.mode(root + "/a/archive") == 0o700)
        #expect(try Self.mode(stored.archivePath) == 0o600)
    }

    @Test func newSQLiteLedgerIsPrivate() async throws {
        let root = NSTemporaryDirectory() + "ledger-at-rest-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try await SQLiteLedgerStore.open(path: root + "/data/ledger.sqlite")
        _ = try await store.migrate()
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/data") {
            #expect(try Self.mode(root + "/data/" + name) == 0o600, "\(name)")
        }
        #expect(try Self.mode(root + "/data") == 0o700)
        try await store.close()
    }
}
