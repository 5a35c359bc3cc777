import ExtractConfiguration
import ExtractOperations
import ExtractSync
import Foundation
import Ledger
import Logging
import Synchronization
import Testing

@Suite struct AlertNotifierTests {
    static let quarantine = QuarantineRecord(
        sha256: String(repeating: "a", count: 64),
        fileName: "extract_1.txt",
        code: "SAE-BALANCE",
        reason: "batch 7 does not balance",
        quarantinedAt: Date(timeIntervalSince1970: 1_796_067_600),
        company: "acme"
    )

    static let foreign = ForeignJob(
        jobID: "j-9",
        url: "http://127.0.0.1:1/api/expense/extract/v1.0/d/job/j-9",
        startedAt: Date(timeIntervalSince1970: 1_796_067_600),
        status: "Completed"
    )

    static func notifier(
        _ hook: URL,
        attempts: Int = 3,
        companies: [ScheduledCompany] = [],
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws
        -> AlertNotifier
    {
        var logger = Logger(label: "alerts")
        logger.logLevel = .critical
        return AlertNotifier(
            .init(
                global: try AlertWebhook(hook.absoluteString),
                attempts: attempts,
                firstDelay: .milliseconds(50),
                timeout: .seconds(1)
            ),
            companies: companies,
            logger: logger,
            now: now
        )
    }

    static func objects(_ receiver: WebhookReceiver) throws -> [[String: Any]] {
        try receiver.received.map { try #require(try JSONSerialization.jsonObject(with: $0) as? [String: Any]) }
    }

    /// Waits (bounded) until the receiver holds `count` bodies.
    static func waitFor(_ count: Int, _ receiver: WebhookReceiver) async throws {
        for _ in 0..<200 where receiver.received.count < count { try await Task.sleep(for: .milliseconds(25)) }
    }

    @Test func theFourKindsArePostedWithTheirPayload() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        let start = Date(timeIntervalSince1970: 1_796_067_600)
        let clock = Mutex(start)
        let notifier = try Self.notifier(
            receiver.url,
            companies: [ScheduledCompany(name: "late", every: .seconds(60))],
            now: { clock.withLock { $0 } }
        )
        let delivery = Task { await notifier.deliver() }
        notifier.observe(.failed(company: "acme", error: "connection refused"))
        notifier.observe(.sync(company: "acme", .quarantined(Self.quarantine)))
        notifier.observe(.sync(company: "acme", .foreignJob(Self.foreign)))
        notifier.observe(.sync(company: "acme", .foreignJob(Self.foreign)))  // listed again next run: one alert
        clock.withLock { $0 = start.addingTimeInterval(121) }  // "late" had no success for 2 × 60 s
        notifier.observe(.passFinished(SyncPassReport(outcomes: [], quarantine: [])))
        try await Self.waitFor(4, receiver)
        await notifier.finish(within: .seconds(2))
        await delivery.value
        let objects = try Self.objects(receiver)
        #expect(objects.count == 4)
        let kinds = Set(objects.compactMap { $0["kind"] as? String })
        #expect(kinds == ["run_failed", "quarantined", "foreign_job", "overdue"])
        for object in objects {
            let text = try #require(object["text"] as? String)
            #expect(text.hasPrefix("concur-extract: ") && !text.contains("\n"))
            #expect(object["company"] is String)
            #expect(object["details"] is [String: String])
        }
        let quarantined = try #require(objects.first { $0["kind"] as? String == "quarantined" })
        #expect(quarantined["company"] as? String == "acme")
        #expect((quarantined["details"] as? [String: String])?["code"] == "SAE-BALANCE")
        #expect((quarantined["text"] as? String)?.contains("extract_1.txt") == true)
        let overdue = try #require(objects.first { $0["kind"] as? String == "overdue" })
        #expect(overdue["company"] as? String == "late")
    }

    @Test func aFiveHundredIsRetriedUntilTaken() async throws {
        let receiver = try await WebhookReceiver.start(answers: [500, 503])
        defer { Task { await receiver.stop() } }
        let notifier = try Self.notifier(receiver.url, attempts: 3)
        let delivery = Task { await notifier.deliver() }
        notifier.observe(.failed(company: "acme", error: "boom"))
        try await Self.waitFor(3, receiver)
        await notifier.finish(within: .seconds(3))
        await delivery.value
        let objects = try Self.objects(receiver)
        #expect(objects.count == 3)  // 500, 503, then 200
        #expect(Set(objects.compactMap { $0["text"] as? String }).count == 1)
    }

    @Test func attemptsAreBounded() async throws {
        let receiver = try await WebhookReceiver.start(answers: Array(repeating: 500, count: 10))
        defer { Task { await receiver.stop() } }
        let notifier = try Self.notifier(receiver.url, attempts: 2)
        let delivery = Task { await notifier.deliver() }
        notifier.observe(.failed(company: "acme", error: "boom"))
        await notifier.finish(within: .seconds(3))
        await delivery.value
        #expect(receiver.received.count == 2)
    }

    /// A webhook that never answers in time: observing never waits for it, and finishing takes its grace (and the
    /// cancellation of the tries in hand), not the tries: 10 tries of 1 s each, with their backoff, take over 30 s.
    @Test func aHangingWebhookNeverHoldsARun() async throws {
        let receiver = try await WebhookReceiver.start(hang: true)
        defer { Task { await receiver.stop() } }
        let notifier = try Self.notifier(receiver.url, attempts: 10)
        let delivery = Task { await notifier.deliver() }
        let clock = ContinuousClock()
        let observing = clock.measure {
            for index in 0..<10 { notifier.observe(.failed(company: "c\(index)", error: "boom")) }
        }
        #expect(observing < .seconds(1), "less than one try's timeout")
        try await Self.waitFor(1, receiver)
        let finishing = await clock.measure {
            await notifier.finish(within: .milliseconds(500))
            await delivery.value
        }
        #expect(finishing < .seconds(10), "the grace, not the tries")
        #expect(!receiver.received.isEmpty)
        // Let the receiver's held requests end before it stops.
        try await Task.sleep(for: .seconds(WebhookReceiver.hangSeconds + 1))
    }

    @Test func theWebhookIsCheckedAndNeverShownWhole() throws {
        #expect(throws: AlertWebhook.Refusal.self) { try AlertWebhook("http://hooks.example.com/x") }
        #expect(throws: AlertWebhook.Refusal.self) { try AlertWebhook("ftp://127.0.0.1/x") }
        #expect(throws: AlertWebhook.Refusal.self) { try AlertWebhook("not a url") }
        let hook = try AlertWebhook("https://hooks.slack.com/services/T0/B0/s3cr3t")
        #expect("\(hook)" == "https://hooks.slack.com/…")
        #expect(try AlertWebhook("http://127.0.0.1:9/x").url.port == 9)
    }

    @Test func overdueIsTwiceTheInterval() {
        let start = Date(timeIntervalSince1970: 0)
        #expect(!OverdueWatch.isOverdue(lastSuccess: nil, since: start, every: .seconds(60), now: start + 120))
        #expect(OverdueWatch.isOverdue(lastSuccess: nil, since: start, every: .seconds(60), now: start + 121))
        #expect(!OverdueWatch.isOverdue(lastSuccess: start + 100, since: start, every: .seconds(60), now: start + 200))
    }
}
