import AccountingExtract
import AsyncHTTPClient
import EmbeddedSQLite
import ExtractClient
import ExtractOperations
import ExtractSync
import ExtractTesting
import Foundation
import Ledger
import Logging
import Prometheus
import ServiceLifecycle
import Testing

/// The operations endpoint in process, on a free loopback port: `/healthz`, `/readyz` (503 naming each failing
/// check, 200 once fixed) and `/metrics`.
@Suite struct OperationsServerTests {
    /// Runs `routes` on 127.0.0.1 port 0 for `body`, then shuts the server down gracefully.
    static func withServer(
        _ routes: [OperationsServer.Route],
        _ body: (_ get: @escaping (String) async throws -> (status: Int, body: String)) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = OperationsServer(
            address: OperationsAddress(host: "127.0.0.1", port: 0),
            routes: routes,
            onListening: { port in
                continuation.yield(port)
                continuation.finish()
            }
        )
        let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            Issue.record("the server stopped before it listened")
            return
        }
        #expect(port > 0)
        let get: (String) async throws -> (status: Int, body: String) = { path in
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"),
                timeout: .seconds(10)
            )
            let body = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), String(buffer: body))
        }
        do {
            try await body(get)
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await task.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await task.value
    }

    static func token(refreshExpiry: Date?) -> StoredToken {
        StoredToken(
            accessToken: "a",
            accessTokenExpiry: Date().addingTimeInterval(-60),
            accessTokenLifetime: .seconds(3600),
            refreshToken: "r",
            refreshTokenExpiry: refreshExpiry,
            geolocation: .us
        )
    }

    @Test func readinessNamesEachFailingCheckAndRecovers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ready-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.sqlite").path
        let store = try await SQLiteLedgerStore.open(path: path)
        try await store.migrate()
        let acme = directory.appendingPathComponent("acme-token.json")
        let check = ReadinessCheck(
            store: store,
            companies: [
                .init(name: "acme", tokenFile: acme, canAuthenticate: false),
                .init(name: "globex", tokenFile: directory.appendingPathComponent("none.json"), canAuthenticate: true),
            ]
        )
        try await Self.withServer([OperationsServer.health(), OperationsServer.readiness(check)]) { get in
            #expect(try await get("/healthz") == (200, "ok\n"))
            // No token for acme (globex can log in again with its credentials).
            var answer = try await get("/readyz")
            #expect(answer.status == 503)
            #expect(answer.body.contains("FAILED token acme: no token"), "\(answer.body)")
            #expect(answer.body.contains("ok token globex"), "\(answer.body)")
            // A token whose refresh token expired: still not ready, and said so.
            try await FileTokenPersistence(url: acme).save(Self.token(refreshExpiry: Date().addingTimeInterval(-1)))
            answer = try await get("/readyz")
            #expect(answer.status == 503 && answer.body.contains("FAILED token acme: the refresh token expired"))
            // A refreshable token: ready.
            try await FileTokenPersistence(url: acme).save(Self.token(refreshExpiry: Date().addingTimeInterval(3600)))
            answer = try await get("/readyz")
            #expect(answer.status == 200, "\(answer.body)")
            #expect(answer.body.hasPrefix("ready\n") && answer.body.contains("ok migrations"), "\(answer.body)")

            // A migration missing: 503 naming the versions; back when it is recorded again.
            let latest = LedgerMigration.latestVersion
            let database = try await SQLiteConnection.open(path: path)
            try await database.withDatabase {
                try $0.execute("DELETE FROM schema_migrations WHERE version = \(latest)")
            }
            answer = try await get("/readyz")
            #expect(answer.status == 503, "\(answer.body)")
            #expect(answer.body.contains("FAILED migrations: the ledger is at version \(latest - 1)"), "\(answer.body)")
            try await database.withDatabase {
                try $0.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(latest), 'x', 0)")
            }
            await database.close()
            answer = try await get("/readyz")
            #expect(answer.status == 200, "\(answer.body)")

            // The ledger gone (closed): 503 naming it.
            try await store.close()
            answer = try await get("/readyz")
            #expect(answer.status == 503)
            #expect(answer.body.contains("FAILED ledger: unreachable"), "\(answer.body)")
        }
    }

    @Test func metricsAreServedInTheTextFormat() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = OperationsMetrics.factory(registry: registry)
        factory.makeCounter(label: "concur_extract_runs_total", dimensions: [("company", "a"), ("outcome", "ok")])
            .increment(by: 2)
        try await Self.withServer([OperationsServer.metrics(registry)]) { get in
            let answer = try await get("/metrics")
            #expect(answer.status == 200)
            let text = try PrometheusText(answer.body)
            #expect(text.types["concur_extract_runs_total"] == "counter")
            #expect(text.value("concur_extract_runs_total", ["company": "a", "outcome": "ok"]) == 2)
            #expect(try await get("/nothing-here").status == 404)
        }
    }

    /// `/` serves the status page of every company read from the ledger at each request, `/company/NAME` one
    /// company's; an unknown company is 404 naming what the ledger holds (issue 13 item 4, the page on the port).
    @Test func statusPageAtTheRootAndPerCompany() async throws {
        try await StatusPageTests.withStore(.sqlite) { store in
            try await StatusPageTests.seed(store)
            let schedule = [ScheduledCompany(name: "acme", every: .seconds(3600))]
            try await Self.withServer([OperationsServer.statusPage(store: store, schedule: schedule)]) { get in
                let root = try await get("/")
                #expect(root.status == 200)
                #expect(root.body.contains("<!DOCTYPE html>"))
                #expect(root.body.contains("acme") && root.body.contains("FIS-doc1"))
                #expect(!root.body.contains(StatusPageTests.hostile))  // escaped, never raw
                #expect(root.body.contains("&lt;script&gt;"))
                let acme = try await get("/company/acme")
                #expect(acme.status == 200)
                #expect(acme.body.contains("acme") && !acme.body.contains("&lt;script&gt;"))
                let unknown = try await get("/company/nobody")
                #expect(unknown.status == 404)
                #expect(unknown.body.contains("nobody"))
            }
        }
    }
}
