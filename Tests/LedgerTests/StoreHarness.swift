import AccountingExtract
import ExtractTesting
import Foundation
import Synchronization
import Testing

@testable import Ledger

/// The two stores every shared test runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static let postgresURLVariable = "LEDGER_TEST_POSTGRES_URL"
    static let skipPostgresVariable = "LEDGER_TEST_SKIP_POSTGRES"

    static var skipsPostgres: Bool { ProcessInfo.processInfo.environment[skipPostgresVariable] == "1" }

    /// Both stores, unless PostgreSQL is explicitly skipped (`LEDGER_TEST_SKIP_POSTGRES=1`).
    static var tested: [StoreKind] { skipsPostgres ? [.sqlite] : [.sqlite, .postgres] }

    static let howToStartPostgres = """
        \(postgresURLVariable) is not set, so the PostgreSQL store cannot be tested. Start a throwaway server and \
        point the tests at it:
            bash .ci/start-postgres.sh
            export \(postgresURLVariable)=postgres://postgres@127.0.0.1:55432/postgres
        or set \(skipPostgresVariable)=1 to test only SQLite (not for CI).
        """
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

/// A fresh, migrated database per test: a SQLite file in a new temporary directory, or a new PostgreSQL database
/// created on the test server and dropped afterwards.
struct StoreHarness {
    let kind: StoreKind
    let clock: SimulatedClock
    /// What `LedgerStores.open` takes to open another store on the same database.
    let databaseURL: String
    let directory: String

    /// Migrates `store`, runs `body` on it, and closes it, whether `body` throws or not.
    private static func run(
        _ store: any LedgerStore,
        _ harness: StoreHarness,
        _ body: (any LedgerStore, StoreHarness) async throws -> Void
    ) async throws {
        try await store.migrate()
        do {
            try await body(store, harness)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    static func with(
        _ kind: StoreKind,
        _ body: (any LedgerStore, StoreHarness) async throws -> Void
    ) async throws {
        let clock = SimulatedClock(start: Date(timeIntervalSince1970: 1_780_000_000))
        let directory = NSTemporaryDirectory() + "ledger-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        switch kind {
        case .sqlite:
            let url = "sqlite://\(directory)/data/ledger.sqlite"
            let harness = StoreHarness(kind: kind, clock: clock, databaseURL: url, directory: directory)
            try await run(LedgerStores.open(url, clock: clock), harness, body)
        case .postgres:
            guard let adminURL = try await TestPostgres.adminURL() else {
                Issue.record(Comment(rawValue: StoreKind.howToStartPostgres))
                throw HarnessError(description: StoreKind.howToStartPostgres)
            }
            guard case .postgres(var location) = try LedgerDatabaseURL(adminURL) else {
                throw HarnessError(description: "\(StoreKind.postgresURLVariable) is not a postgres:// URL")
            }
            let admin = try await PostgresLedgerStore.connect(location, maximumConnections: 1)
            let name =
                "ledger_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await admin.execute("CREATE DATABASE \(name)")
            location.database = String(name)
            let harness = StoreHarness(
                kind: kind,
                clock: clock,
                databaseURL: location.urlForTests,
                directory: directory
            )
            do {
                try await run(PostgresLedgerStore.connect(location, clock: clock), harness, body)
            } catch {
                try? await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                try? await admin.close()
                throw error
            }
            try await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try await admin.close()
        }
    }

    /// Another store on the same database (another connection, as another process would have).
    func openSecondStore() async throws -> any LedgerStore {
        let store = try await LedgerStores.open(databaseURL, clock: clock)
        try await store.migrate()
        return store
    }
}

extension LedgerDatabaseURL.PostgresLocation {
    /// The URL with the password (tests only).
    var urlForTests: String {
        let credentials = password.map { "\(username):\($0)" } ?? username
        return "postgres://\(credentials)@\(host):\(port)/\(database)?sslmode=\(sslMode)"
    }
}

extension PostgresLedgerStore {
    /// Runs one statement outside a transaction (CREATE DATABASE cannot run in one).
    func execute(_ sql: String) async throws {
        let logger = backend.logger
        _ = try await backend.client.withConnection { connection in
            try await PostgresSession(connection: connection, logger: logger).query(sql)
        }
    }
}
