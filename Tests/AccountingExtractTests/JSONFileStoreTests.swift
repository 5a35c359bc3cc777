import Foundation
import Testing

@testable import AccountingExtract

@Suite struct JSONFileStoreTests {
    struct State: Codable, Equatable {
        var name: String
        var runs: [String: Double]
    }

    private func store(_ folder: String) -> JSONFileStore<State> {
        JSONFileStore(path: folder + "/state/runs.json", name: "the run history", remedy: "delete it to start afresh")
    }

    @Test("Missing reads as nil; saved 0600 in a 0700 folder; round trip; a second save replaces the first")
    func roundTrip() throws {
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = store(folder)
        #expect(try store.load() == nil)
        let first = State(name: "acme", runs: ["SAE": 1_714_611_600])
        try store.save(first)
        #expect(try store.load() == first)
        let second = State(name: "acme", runs: ["SAE": 1_714_615_200, "Payment": 12.5])
        try store.save(second)
        #expect(try store.load() == second)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: folder + "/state")
        #expect((folderAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/state") == ["runs.json"])
    }

    @Test("Bad JSON is a damaged-file error naming the file and what to do")
    func badJSONNamesTheFile() throws {
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = store(folder)
        try PrivateFiles.createDirectory(folder + "/state")
        for text in ["{not json", "", "[]", "{\"name\": 3, \"runs\": {}}"] {
            try PrivateFiles.write(Array(text.utf8), to: store.path)
            #expect {
                try store.load()
            } throws: { error in
                guard let error = error as? JSONFileStoreError else { return false }
                return error.code == .damaged && error.path == store.path
                    && error.message == "the run history \(store.path) is damaged: delete it to start afresh"
            }
        }
    }

    @Test("A file others can read, a link and a folder are refused as insecure")
    func refusals() throws {
        let folder = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = store(folder)
        try store.save(State(name: "acme", runs: [:]))
        chmod(store.path, 0o644)
        #expect { try store.load() } throws: { error in
            (error as? JSONFileStoreError)?.code == .insecure && "\(error)".contains("chmod 600 \(store.path)")
        }
        chmod(store.path, 0o600)
        let link = JSONFileStore<State>(path: folder + "/link.json", name: "the run history", remedy: "")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: store.path)
        #expect { try link.load() } throws: { ($0 as? JSONFileStoreError)?.code == .insecure }
        let directory = JSONFileStore<State>(path: folder + "/state", name: "the run history", remedy: "")
        #expect { try directory.load() } throws: { ($0 as? JSONFileStoreError)?.code == .insecure }
        #expect { try directory.save(State(name: "x", runs: [:])) } throws: { ($0 as? JSONFileStoreError)?.code == .io }
    }
}
