import AccountingExtract
import ExtractClient
import ExtractOperations
import ExtractSandbox
import ExtractSync
import ExtractTesting
import Foundation
import Ledger
import Metrics
import Prometheus
import Synchronization
import Testing

/// The metrics of a real sync (sandbox over loopback, SQLite ledger) recorded into a registry of the test's own:
/// the counters equal what the ledger holds, the labels stay bounded.
@Suite struct SyncMetricsTests {
    @Test func aSyncIsCountedAsTheLedgerHoldsIt() async throws {
        // Two 503 answers to the definitions call: two retries, then success.
        let faults = [SandboxFault(route: .definitions, kind: .serviceUnavailable(retryAfter: nil), count: 2)]
        try await withSandbox(
            { $0.faults = faults },
            { sandbox in
                let registry = PrometheusCollectorRegistry()
                let factory = OperationsMetrics.factory(registry: registry)
                let store = try await SQLiteLedgerStore.open(
                    path: sandbox.directory.appendingPathComponent("l.sqlite").path
                )
                try await store.migrate()
                let archive = try RawFileStore(directory: sandbox.directory.appendingPathComponent("archive").path)
                let credentials = sandbox.server.demoCredentials
                let tokens = TokenStore(
                    client: ClientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
                    geolocation: sandbox.geolocation,
                    login: LoginCredentials(username: credentials.username, password: credentials.password),
                    persistence: InMemoryTokenPersistence(),
                    metrics: factory,
                    fetcher: ConcurClient.tokenFetcher()
                )
                var configuration = ExtractClientConfiguration()
                configuration.poller = JobPollerConfiguration(interval: .seconds(5), jitter: .seconds(1))
                configuration.metrics = factory
                let client = ConcurClient(
                    configuration: configuration,
                    tokens: tokens,
                    random: SeededRandomNumberGenerator(seed: 7),
                    sleep: { try await Task.sleep(for: $0 / 100) }
                )
                let events = Mutex<[SyncScheduler.Event]>([])
                let scheduler = SyncScheduler(
                    companies: [ScheduledCompany(name: "acme", every: .seconds(3600))],
                    store: store,
                    configuration: .init(worker: "test"),
                    runner: { company, events in
                        let timer = SyncStepTimer(company: company.name, factory: factory)
                        return try await SyncPipeline(
                            client: client,
                            store: store,
                            archive: archive,
                            settings: .init(
                                company: company.name,
                                downloads: sandbox.directory.appendingPathComponent("d")
                            ),
                            events: events,
                            afterStep: { timer.finished($0) }
                        ).run()
                    },
                    events: { event in events.withLock { $0.append(event) } }
                )
                let pass = try await scheduler.runAll()
                let metrics = SyncMetrics(store: store, factory: factory)
                for event in events.withLock({ $0 }) + [.passFinished(pass)] { await metrics.record(event) }
                let ledger = try await store.reconciliation(JournalFilter(company: "acme"))
                var debits: [String: Amount] = [:]
                var cursor: JournalCursor?
                repeat {
                    let page = try await store.journalPage(JournalFilter(company: "acme"), after: cursor, limit: 500)
                    for line in page.lines { debits[line.currency, default: .zero] += line.debit }
                    cursor = page.next
                } while cursor != nil
                try await store.close()

                let text = try PrometheusText(registry.emitToString())
                #expect(pass.outcomes.map(\.error) == [nil], "\(pass.outcomes)")
                #expect(ledger.lineCount > 0)
                #expect(text.types[SyncMetrics.lines] == "counter")
                #expect(text.value(SyncMetrics.lines, ["company": "acme"]) == Double(ledger.lineCount))
                #expect(!debits.isEmpty)
                for (currency, amount) in debits {
                    let recorded = text.value(SyncMetrics.amounts, ["company": "acme", "currency": currency])
                    #expect(abs(recorded - Double(amount.tenThousandths) / 10_000) < 0.005, "\(currency)")
                }
                #expect(text.types[SyncMetrics.runs] == "counter")
                #expect(text.samples(SyncMetrics.runs).map(\.labels) == [["company": "acme", "outcome": "ok"]])
                #expect(text.value(SyncMetrics.runs) == 1)
                #expect(text.types[SyncMetrics.lastSuccess] == "gauge")
                #expect(
                    abs(text.value(SyncMetrics.lastSuccess, ["company": "acme"]) - Date().timeIntervalSince1970) < 120
                )
                #expect(text.value(SyncMetrics.quarantined, ["company": "acme"]) == 0)
                #expect(text.value(SyncMetrics.foreignJobs, ["company": "acme"]) == 0)

                // HTTP: the two 503 answers and their retries, by the operation's name, never a URL.
                let requests = "concur_extract_http_requests_total"
                #expect(text.types[requests] == "counter")
                #expect(
                    text.value(requests, ["operation": "list definitions", "status": "503"]) == 2,
                    "\(text.samples(requests))"
                )
                #expect(text.value("concur_extract_http_retries_total", ["status": "503"]) == 2)
                #expect(text.value(requests, ["status": "200"]) >= 4)
                for sample in text.samples(requests) + text.samples("concur_extract_http_retries_total") {
                    #expect(Set(sample.labels.keys) == ["method", "operation", "status"])
                    #expect(!sample.labels.values.contains { $0.contains("/") || $0.contains("http") }, "\(sample)")
                }
                #expect(text.value("concur_extract_token_requests_total", ["grant": "login", "outcome": "ok"]) == 1)

                // Step durations: one histogram observation per durable step of the run.
                let steps = SyncStepTimer.label
                #expect(text.types[steps] == "histogram")
                for step in [SyncStep.intentRecorded, .jobStarted, .jobRecorded, .downloaded, .loaded, .posted] {
                    #expect(text.value(steps + "_count", ["company": "acme", "step": step.rawValue]) == 1, "\(step)")
                    let infinite = text.samples(steps + "_bucket", ["step": step.rawValue, "le": "+Inf"])
                    #expect(infinite.map(\.value) == [1], "\(step)")
                }
            }
        )
    }

    @Test func aFailedPassIsCountedAndKeepsTheLastSuccess() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = OperationsMetrics.factory(registry: registry)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLiteLedgerStore.open(path: directory.appendingPathComponent("l.sqlite").path)
        try await store.migrate()
        let clock = SimulatedClock(start: Date(timeIntervalSince1970: 1_800_000_000))
        let metrics = SyncMetrics(store: store, factory: factory, clock: clock)
        await metrics.record(
            .passFinished(
                SyncPassReport(
                    outcomes: [
                        SyncOutcome(company: "a", error: "boom"),
                        SyncOutcome(company: "b"),
                        SyncOutcome(company: "c", skipped: true),
                    ],
                    quarantine: [QuarantineCount(company: "a", waiting: 3), QuarantineCount(company: "b", waiting: 0)]
                )
            )
        )
        try await store.close()
        let text = try PrometheusText(registry.emitToString())
        #expect(text.value(SyncMetrics.runs, ["company": "a", "outcome": "failed"]) == 1)
        #expect(text.value(SyncMetrics.runs, ["company": "b", "outcome": "ok"]) == 1)
        #expect(text.value(SyncMetrics.runs, ["company": "c", "outcome": "skipped"]) == 1)
        #expect(text.samples(SyncMetrics.lastSuccess).map(\.labels) == [["company": "b"]], "a failed run sets none")
        #expect(text.value(SyncMetrics.lastSuccess, ["company": "b"]) == 1_800_000_000)
        #expect(text.value(SyncMetrics.quarantined, ["company": "a"]) == 3)
        #expect(text.types[SyncMetrics.quarantined] == "gauge")
    }
}
