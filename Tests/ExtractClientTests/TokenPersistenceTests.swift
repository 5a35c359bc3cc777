import AccountingExtract
import ExtractAPI
import Foundation
import Testing

@testable import ExtractClient

@Suite("Token persistence")
struct TokenPersistenceTests {
    let token = StoredToken(
        accessToken: "a",
        accessTokenExpiry: Date(timeIntervalSince1970: 1_714_611_600),
        accessTokenLifetime: .seconds(3600),
        refreshToken: "r",
        refreshTokenExpiry: Date(timeIntervalSince1970: 1_730_000_000),
        geolocation: .emea
    )

    @Test("File: missing reads as nil; saved with mode 0600 in a 0700 directory; round trip")
    func fileRoundTrip() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("state/token.json")
        let persistence = FileTokenPersistence(url: url)
        #expect(try await persistence.load() == nil)
        try await persistence.save(token)
        #expect(try fileMode(url) == 0o600)
        #expect(try fileMode(url.deletingLastPathComponent()) == 0o700)
        #expect(try await persistence.load() == token)
    }

    @Test("File: atomic replace leaves no temporary files and keeps 0600 even under a loose umask")
    func atomicReplace() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("token.json")
        let persistence = FileTokenPersistence(url: url)
        try await persistence.save(token)
        let before = try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? NSNumber
        var next = token
        next.refreshToken = "r2"
        try await persistence.save(next)
        let after = try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? NSNumber
        #expect(before != nil && before != after, "replaced by rename, not rewritten in place")
        #expect(try await persistence.load()?.refreshToken == "r2")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["token.json"])
        #expect(try fileMode(url) == 0o600)
    }

    @Test("File: refuses a file others can read, a symbolic link and a damaged file")
    func refusals() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("token.json")
        let persistence = FileTokenPersistence(url: url)
        try await persistence.save(token)
        for mode in [0o644, 0o640, 0o604, 0o660, 0o606] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
            await #expect {
                try await persistence.load()
            } throws: { error in
                (error as? ExtractClientError)?.code == .insecureFile
                    && (error as? ExtractClientError)?.message.contains("chmod 600") == true
            }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: url.path)
        #expect(try await persistence.load() == token)

        let link = directory.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: url)
        await #expect {
            try await FileTokenPersistence(url: link).load()
        } throws: { ($0 as? ExtractClientError)?.code == .insecureFile }

        let damaged = directory.appendingPathComponent("damaged.json")
        try PrivateFiles.write(Array("{not json".utf8), to: damaged.path)
        await #expect {
            try await FileTokenPersistence(url: damaged).load()
        } throws: { error in
            (error as? ExtractClientError)?.code == .persistence
                && (error as? ExtractClientError)?.message.contains("concur-extract login") == true
        }

        let directoryAsFile = directory.appendingPathComponent("dir")
        try FileManager.default.createDirectory(at: directoryAsFile, withIntermediateDirectories: true)
        await #expect {
            try await FileTokenPersistence(url: directoryAsFile).save(token)
        } throws: { ($0 as? ExtractClientError)?.code == .persistence }
    }

    @Test("In memory: records every save")
    func inMemory() async {
        let persistence = InMemoryTokenPersistence()
        #expect(await persistence.load() == nil)
        await persistence.save(token)
        await persistence.save(token)
        #expect(await persistence.saves.count == 2)
        #expect(await persistence.load() == token)
    }
}
