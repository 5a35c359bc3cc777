import EmbeddedSQLite
import Foundation

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
        let connection = try await SQLiteConnection.open(path: path)
        try await connection.withDatabase { database in
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS sandbox_state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS sandbox_files (job_id TEXT PRIMARY KEY, bytes BLOB NOT NULL);
                """
            )
        }
        return SQLiteSandboxPersistence(connection: connection)
    }

    func load() async throws -> (state: SandboxState, files: [String: [UInt8]])? {
        let (stateRows, fileRows) = try await connection.withDatabase { database in
            (
                try database.query("SELECT json FROM sandbox_state WHERE id = 1"),
                try database.query("SELECT job_id, bytes FROM sandbox_files")
            )
        }
        guard case .text(let text)? = stateRows.first?.first else { return nil }
        let state = try JSONDecoder().decode(SandboxState.self, from: Data(text.utf8))
        var files: [String: [UInt8]] = [:]
        for row in fileRows {
            guard row.count == 2, case .text(let id) = row[0], case .blob(let bytes) = row[1] else { continue }
            files[id] = bytes
        }
        return (state, files)
    }

    func save(_ state: SandboxState, version: Int) async throws {
        guard version > lastVersion else { return }
        lastVersion = version
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        _ = try await connection.withDatabase { database in
            try database.query("INSERT OR REPLACE INTO sandbox_state (id, json) VALUES (1, ?1)", [.text(json)])
        }
    }

    func saveFile(jobID: String, bytes: [UInt8]) async throws {
        _ = try await connection.withDatabase { database in
            try database.query(
                "INSERT OR REPLACE INTO sandbox_files (job_id, bytes) VALUES (?1, ?2)",
                [.text(jobID), .blob(bytes)]
            )
        }
    }

    func deleteFiles(jobIDs: [String]) async throws {
        try await connection.withDatabase { database in
            let delete = try database.statement("DELETE FROM sandbox_files WHERE job_id = ?1")
            for id in jobIDs {
                try delete.bind(id, at: 1)
                try delete.run()
            }
        }
    }

    func close() async throws {
        await connection.close()
    }
}
