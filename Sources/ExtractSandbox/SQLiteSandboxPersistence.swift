import Foundation
import Hummingbird
import SQLiteNIO

/// Keeps the sandbox's state in a SQLite file: the state as one JSON document (rewritten after each change)
/// and each job's file as a blob, so a restarted sandbox carries on with the same tokens, jobs and files.
actor SQLiteSandboxPersistence: SandboxPersistence {
    private let connection: SQLiteConnection
    private var lastVersion = 0

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (or creates) the file at `path`.
    static func open(path: String) async throws -> SQLiteSandboxPersistence {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        _ = try await connection.query(
            "CREATE TABLE IF NOT EXISTS sandbox_state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)"
        )
        _ = try await connection.query(
            "CREATE TABLE IF NOT EXISTS sandbox_files (job_id TEXT PRIMARY KEY, bytes BLOB NOT NULL)"
        )
        return SQLiteSandboxPersistence(connection: connection)
    }

    func load() async throws -> (state: SandboxState, files: [String: [UInt8]])? {
        let rows = try await connection.query("SELECT json FROM sandbox_state WHERE id = 1")
        guard let text = rows.first?.column("json")?.string else { return nil }
        let state = try JSONDecoder().decode(SandboxState.self, from: Data(text.utf8))
        var files: [String: [UInt8]] = [:]
        for row in try await connection.query("SELECT job_id, bytes FROM sandbox_files") {
            guard let id = row.column("job_id")?.string, let blob = row.column("bytes")?.blob else { continue }
            files[id] = Array(blob.readableBytesView)
        }
        return (state, files)
    }

    func save(_ state: SandboxState, version: Int) async throws {
        guard version > lastVersion else { return }
        lastVersion = version
        let json = try JSONEncoder().encode(state)
        _ = try await connection.query(
            "INSERT OR REPLACE INTO sandbox_state (id, json) VALUES (1, ?)",
            [.text(String(decoding: json, as: UTF8.self))]
        )
    }

    func saveFile(jobID: String, bytes: [UInt8]) async throws {
        _ = try await connection.query(
            "INSERT OR REPLACE INTO sandbox_files (job_id, bytes) VALUES (?, ?)",
            [.text(jobID), .blob(ByteBuffer(bytes: bytes))]
        )
    }

    func deleteFiles(jobIDs: [String]) async throws {
        for id in jobIDs {
            _ = try await connection.query("DELETE FROM sandbox_files WHERE job_id = ?", [.text(id)])
        }
    }

    func close() async throws {
        try await connection.close()
    }
}
