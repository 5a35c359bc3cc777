import ExtractSync
import Foundation
import Ledger
import ServiceLifecycle
import Synchronization
import Testing

/// The scheduler against a real SQLite ledger, with a fake runner: the concurrency limit, the leases, a failing
/// company isolated, the schedule read from the ledger, and a graceful shutdown that finishes the run in hand.
@Suite struct SyncSchedulerTests {
    static func store() async throws -> any LedgerStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sync-scheduler-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try await LedgerStores.open(directory.appendingPathComponent("ledger.sqlite").path)
        _ = try await store.migrate()
        return store
    }

    static func report(_ company: String) -> SyncReport {
        var report = try? JSONDecoder().decode(
            SyncReport.self,
            from: Data(
                #"{"company":"\#(company)","definition":"SAE","jobs":[],"foreignJobs":[],"unreachableJobs":[]}"#.utf8
            )
        )
        report?.nothingNew = "nothing"
        return report ?? { preconditionFailure("the literal report decodes") }()
    }

    /// Counts the runs in flight and the most ever seen at once.
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, most: 0, runs: [String]()))
        func enter(_ company: String) {
            state.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
                $0.runs.append(company)
            }
        }
        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.withLock { $0.most } }
        var runs: [String] { state.withLock { $0.runs } }
    }

    static func companies(_ count: Int) -> [ScheduledCompany] {
        (0..<count).map { ScheduledCompany(name: "c\($0)", every: .seconds(3600)) }
    }

    @Test(arguments: [1, 2, 3, 8])
    func theConcurrencyLimitIsRespected(_ parallel: Int) async throws {
        let store = try await Self.store()
        let gauge = Gauge()
        let scheduler = SyncScheduler(
            companies: Self.companies(7),
            store: store,
            configuration: .init(worker: "w1", parallel: parallel),
            runner: { company, _ in
                gauge.enter(company.name)
                defer { gauge.leave() }
                for _ in 0..<5 { await Task.yield() }
                try await Task.sleep(for: .milliseconds(20))
                return Self.report(company.name)
            }
        )
        let pass = try await scheduler.runAll()
        #expect(gauge.most <= parallel && gauge.most >= 1, "at most \(parallel) at once, saw \(gauge.most)")
        #expect(Set(gauge.runs) == Set((0..<7).map { "c\($0)" }), "every company ran once")
        #expect(gauge.runs.count == 7)
        #expect(pass.outcomes.map(\.company) == (0..<7).map { "c\($0)" }, "sorted by company")
        #expect(pass.exitCode == 0)
        try await store.close()
    }

    @Test func aCompanyHeldByAnotherWorkerIsSkippedAndAFailureIsIsolated() async throws {
        let store = try await Self.store()
        let held = try #require(try await store.claimRun(company: "c1", worker: "other", leaseDuration: .seconds(600)))
        let gauge = Gauge()
        let events = Mutex<[String]>([])
        let scheduler = SyncScheduler(
            companies: Self.companies(3),
            store: store,
            configuration: .init(worker: "w1", parallel: 2),
            runner: { company, _ in
                gauge.enter(company.name)
                defer { gauge.leave() }
                if company.name == "c2" { throw SyncError(.unknownJob, "boom") }
                return Self.report(company.name)
            },
            events: { event in
                switch event {
                case .skipped(let company): events.withLock { $0.append("skipped \(company)") }
                case .failed(let company, _): events.withLock { $0.append("failed \(company)") }
                default: break
                }
            }
        )
        let pass = try await scheduler.runAll()
        #expect(gauge.runs == ["c0", "c2"] || gauge.runs == ["c2", "c0"], "c1 is another worker's: not run")
        #expect(
            pass.outcomes.map(\.summary) == ["ok", "skipped (held by another worker)", "FAILED: [unknown-job] boom"]
        )
        #expect(pass.exitCode == 1)
        #expect(Set(events.withLock { $0 }) == ["skipped c1", "failed c2"])
        #expect(
            try await store.claimRun(company: "c0", worker: "third", leaseDuration: .seconds(60)) != nil,
            "released"
        )
        try await store.release(held)
        try await store.close()
    }

    @Test func aPassRunsOnlyTheDueCompanies() async throws {
        let store = try await Self.store()
        let recent = ExtractJobRecord(
            company: "c0",
            definitionID: "D1",
            jobID: "J1",
            status: "Completed",
            startedAt: Date().addingTimeInterval(-60),
            postedAt: Date(),
            state: .posted
        )
        _ = try await store.recordJob(recent)
        let gauge = Gauge()
        let scheduler = SyncScheduler(
            companies: Self.companies(2),
            store: store,
            configuration: .init(worker: "w1", once: true),
            runner: { company, _ in
                gauge.enter(company.name)
                defer { gauge.leave() }
                return Self.report(company.name)
            }
        )
        let (report, dueTimes) = try await scheduler.pass()
        #expect(gauge.runs == ["c1"], "c0 ran a minute ago, hourly")
        #expect(report?.outcomes.map(\.company) == ["c1"])
        #expect(dueTimes.count == 2 && dueTimes[1] == nil && (dueTimes[0] ?? .distantPast) > Date())
        try await store.close()
    }

    /// A graceful shutdown during a run: the run in hand finishes, nothing new starts, the service returns.
    @Test func gracefulShutdownFinishesTheRunInHandAndStops() async throws {
        let store = try await Self.store()
        let gauge = Gauge()
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let seen = Mutex<[String]>([])
        let scheduler = SyncScheduler(
            companies: Self.companies(3),
            store: store,
            configuration: .init(worker: "w1", parallel: 1, tick: .seconds(3600)),
            runner: { company, _ in
                gauge.enter(company.name)
                defer { gauge.leave() }
                startedContinuation.yield()
                for await _ in release { break }
                return Self.report(company.name)
            },
            events: { event in
                switch event {
                case .stopping: seen.withLock { $0.append("stopping") }
                case .stopped: seen.withLock { $0.append("stopped") }
                case .passFinished(let pass): seen.withLock { $0.append("pass \(pass.outcomes.count)") }
                default: break
                }
            }
        )
        let group = ServiceGroup(services: [scheduler], logger: .init(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                try await Task.sleep(for: .seconds(30))
                throw CancellationError()  // the bound: a scheduler that never stops fails the test
            }
            for await _ in started { break }
            await group.triggerGracefulShutdown()
            releaseContinuation.yield()
            releaseContinuation.finish()
            try await tasks.next()  // the group returned (or the bound threw)
            tasks.cancelAll()
        }
        #expect(gauge.runs == ["c0"], "the run in hand finished; c1 and c2 were never started")
        #expect(seen.withLock { $0 } == ["stopping", "pass 1", "stopped"])
        try await store.close()
    }

    /// Between passes the scheduler sleeps until its next look; a graceful shutdown ends the sleep.
    @Test func gracefulShutdownEndsTheWaitBetweenPasses() async throws {
        let store = try await Self.store()
        let (passed, passedContinuation) = AsyncStream.makeStream(of: Void.self)
        let scheduler = SyncScheduler(
            companies: Self.companies(1),
            store: store,
            configuration: .init(worker: "w1", tick: .seconds(3600)),
            runner: { company, _ in Self.report(company.name) },
            events: { if case .passFinished = $0 { passedContinuation.yield() } }
        )
        let group = ServiceGroup(services: [scheduler], logger: .init(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                try await Task.sleep(for: .seconds(30))
                throw CancellationError()
            }
            for await _ in passed { break }
            await group.triggerGracefulShutdown()
            try await tasks.next()
            tasks.cancelAll()
        }
        try await store.close()
    }
}
