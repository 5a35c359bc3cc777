import EmbeddedSQLite
import Foundation
import Testing

/// Against a real database file in a fresh temporary directory.
@Suite("SQLite connection")
struct SQLiteConnectionTests {
    let directory = NSTemporaryDirectory() + "embedded-sqlite-\(UUID().uuidString)"
    var path: String { directory + "/test.sqlite" }

    init() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    private func withConnection(_ body: (SQLiteConnection) async throws -> Void) async throws {
        let connection = try await SQLiteConnection.open(path: path)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try await body(connection)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    @Test("every value type round-trips, text byte for byte (empty, non-ASCII, NUL)")
    func valuesRoundTrip() async throws {
        try await withConnection { connection in
            let values: [SQLiteValue] = [
                .integer(Int64.max), .integer(Int64.min), .real(-0.125), .text(""), .text("Zoë | \"x\" 𝄞"),
                .text("a\u{0}b"), .blob([]), .blob([0, 255, 7]), .null,
            ]
            let rows = try await connection.withDatabase { database in
                try database.execute("CREATE TABLE v (n INTEGER PRIMARY KEY, value ANY) STRICT")
                let insert = try database.statement("INSERT INTO v (n, value) VALUES (?1, ?2)")
                for (number, value) in values.enumerated() {
                    try insert.bind(Int64(number), at: 1)
                    try insert.bind(value, at: 2)
                    try insert.run()
                }
                return try database.query("SELECT value FROM v ORDER BY n")
            }
            #expect(rows.map { $0[0] } == values)
        }
    }

    @Test("text bound in place is stored exactly, and no binding outlives the run")
    func textBindingsInPlace() async throws {
        try await withConnection { connection in
            let rows = try await connection.withDatabase { database in
                try database.execute("CREATE TABLE t (id INTEGER, a TEXT, b TEXT)")
                let insert = try database.statement("INSERT INTO t (id, a, b) VALUES (?1, ?2, ?3)")
                var texts = SQLiteTextBindings()
                for (id, a, b) in [
                    (1, "", "Zoë | \"x\""), (2, String(repeating: "long ", count: 400), "𝄞"), (3, "a", ""),
                ] {
                    try insert.bind(Int64(id), at: 1)
                    texts.append(a, at: 2)
                    texts.append(b, at: 3)
                    try insert.run(&texts)
                    #expect(texts.isEmpty)
                }
                // Every binding was cleared after the run: a run without new ones writes NULLs.
                try insert.run()
                return try database.query("SELECT id, a, b FROM t ORDER BY rowid")
            }
            #expect(
                rows == [
                    [.integer(1), .text(""), .text("Zoë | \"x\"")],
                    [.integer(2), .text(String(repeating: "long ", count: 400)), .text("𝄞")],
                    [.integer(3), .text("a"), .text("")],
                    [.null, .null, .null],
                ]
            )
        }
    }

    @Test("an empty string is bound as text, not NULL")
    func emptyTextIsNotNull() async throws {
        try await withConnection { connection in
            let rows = try await connection.withDatabase { database in
                try database.query("SELECT typeof(?1), length(?1)", [.text("")])
            }
            #expect(rows == [[.text("text"), .integer(0)]])
        }
    }

    @Test("a cached statement is reused across calls and survives a schema change")
    func statementsAreReused() async throws {
        try await withConnection { connection in
            let insert = "INSERT INTO t (id, name) VALUES (?1, ?2)"
            try await connection.withDatabase { database in
                try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            }
            for id in 1...2 {
                _ = try await connection.withDatabase { try $0.query(insert, [.integer(Int64(id)), .text("n\(id)")]) }
            }
            // SQLite re-prepares a cached statement whose table changed under it.
            try await connection.withDatabase { try $0.execute("ALTER TABLE t ADD COLUMN note TEXT DEFAULT 'x'") }
            _ = try await connection.withDatabase { try $0.query(insert, [.integer(3), .text("n3")]) }
            let rows = try await connection.withDatabase { database in
                try database.query("SELECT count(*), group_concat(name || note, ',') FROM t")
            }
            #expect(rows == [[.integer(3), .text("n1x,n2x,n3x")]])
        }
    }

    @Test("a constraint failure names the constraint, the code and the statement")
    func constraintErrors() async throws {
        try await withConnection { connection in
            let error = await #expect(throws: SQLiteError.self) {
                try await connection.withDatabase { database in
                    try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
                    let insert = try database.statement("INSERT INTO t (name) VALUES (?1)")
                    try insert.bind("same", at: 1)
                    try insert.run()
                    try insert.run()
                }
            }
            #expect(error?.isConstraintViolation == true)
            #expect(error?.reason == "constraint")
            #expect(error?.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE
            #expect(error?.message.contains("UNIQUE constraint failed: t.name") == true)
            #expect(error?.statement == "INSERT INTO t (name) VALUES (?1)")
            // The statement was reset: the connection goes on.
            let rows = try await connection.withDatabase { try $0.query("SELECT count(*) FROM t") }
            #expect(rows == [[.integer(1)]])
        }
    }

    @Test("a syntax error is an error, not a crash, and says where")
    func syntaxError() async throws {
        try await withConnection { connection in
            let error = await #expect(throws: SQLiteError.self) {
                try await connection.withDatabase { try $0.query("SELEC 1") }
            }
            #expect(error?.reason == "error")
            #expect(error?.description.contains("near \"SELEC\"") == true)
        }
    }

    @Test("a second connection waits for the writer's lock, then fails as busy after its timeout")
    func busyTimeout() async throws {
        try await withConnection { writer in
            try await writer.withDatabase { database in
                try database.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER)")
                try database.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)")
            }
            let other = try await SQLiteConnection.open(path: path, busyTimeout: .milliseconds(200))
            let started = ContinuousClock.now
            let error = await #expect(throws: SQLiteError.self) {
                try await other.withDatabase { try $0.execute("BEGIN IMMEDIATE") }
            }
            #expect(error?.isBusy == true)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
            try await writer.withDatabase { try $0.execute("COMMIT") }
            let rows = try await other.withDatabase { try $0.query("SELECT count(*) FROM t") }
            #expect(rows == [[.integer(1)]])
            await other.close()
        }
    }

    @Test("a transaction is visible to the database handle, and rolled back on request")
    func transactions() async throws {
        try await withConnection { connection in
            let inside = try await connection.withDatabase { database in
                try database.execute("CREATE TABLE t (x INTEGER); BEGIN; INSERT INTO t VALUES (1)")
                return (database.isInTransaction, database.changes)
            }
            #expect(inside == (true, 1))
            let after = try await connection.withDatabase { database in
                try database.execute("ROLLBACK")
                return (database.isInTransaction, try database.query("SELECT count(*) FROM t"))
            }
            #expect(after.0 == false)
            #expect(after.1 == [[.integer(0)]])
        }
    }

    @Test("a closed connection refuses work with a clear error; closing twice is harmless")
    func closed() async throws {
        let connection = try await SQLiteConnection.open(path: path)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        await connection.close()
        await connection.close()
        #expect(await connection.isClosed)
        let error = await #expect(throws: SQLiteError.self) {
            try await connection.withDatabase { try $0.execute("SELECT 1") }
        }
        #expect(error?.reason == "misuse")
        #expect(error?.message.contains("is closed") == true)
    }

    @Test("a path that cannot be opened fails with the path in the message")
    func cannotOpen() async throws {
        let missing = directory + "/no/such/directory/test.sqlite"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = await #expect(throws: SQLiteError.self) {
            _ = try await SQLiteConnection.open(path: missing)
        }
        #expect(error?.reason == "cantopen")
        #expect(error?.message.contains(missing) == true)
    }
}
