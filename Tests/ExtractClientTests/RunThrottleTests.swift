import Foundation
import Testing

@testable import ExtractClient

@Suite("RunThrottle")
struct RunThrottleTests {
    let t0 = Date(timeIntervalSince1970: 1_714_641_300)  // 2024-05-02T09:15:00Z

    @Test("The rule: nothing before, exactly the interval, just inside it, clock moved back")
    func rule() {
        let table: [(String, Date?, TimeInterval, Bool)] = [
            ("never ran", nil, 0, true),
            ("ran an hour ago", t0, 3600, true),
            ("ran a day ago", t0, 86_400, true),
            ("ran 59:59 ago", t0, 3599, false),
            ("ran just now", t0, 0, false),
            ("last run in the future", t0, -60, false),
        ]
        for (name, last, offset, allowed) in table {
            let now = t0.addingTimeInterval(offset)
            let result = Result {
                try RunHistory.check(lastRun: last, definition: "SAE", now: now, interval: .seconds(3600))
            }
            switch result {
            case .success: #expect(allowed, "\(name)")
            case .failure(let error):
                #expect(!allowed, "\(name)")
                #expect((error as? ExtractClientError)?.code == .tooSoon, "\(name)")
            }
        }
        #expect(throws: Never.self) { try RunHistory.check(lastRun: t0, definition: "SAE", now: t0, interval: .zero) }
    }

    @Test("Refuses a second run within the hour, naming when the next is allowed; force overrides")
    func throttle() async throws {
        let persistence = InMemoryRunHistoryPersistence()
        let throttle = RunThrottle(persistence: persistence)
        try await throttle.beginRun(definition: "SAE", at: t0)
        await #expect {
            try await throttle.beginRun(definition: "SAE", at: t0.addingTimeInterval(1800))
        } throws: { error in
            guard let error = error as? ExtractClientError else { return false }
            return error.code == .tooSoon && error.notBefore == t0.addingTimeInterval(3600)
                && error.message.contains("2024-05-02T10:15:00Z") && error.message.contains("SAE")
        }
        // Other definitions are independent.
        try await throttle.beginRun(definition: "Other", at: t0.addingTimeInterval(1800))
        // Force runs and records.
        try await throttle.beginRun(definition: "SAE", at: t0.addingTimeInterval(1900), force: true)
        #expect(try await throttle.lastRun(definition: "SAE") == t0.addingTimeInterval(1900))
        #expect(try await throttle.nextAllowedRun(definition: "SAE") == t0.addingTimeInterval(5500))
        #expect(try await throttle.nextAllowedRun(definition: "Never") == nil)
        try await throttle.beginRun(definition: "SAE", at: t0.addingTimeInterval(5500))
        #expect(await persistence.history?.lastRun.count == 2)
    }

    @Test("A start Concur refused gives its record back; one that may have reached Concur keeps it")
    func refusedStartUsesNoAllowance() async throws {
        let persistence = InMemoryRunHistoryPersistence()
        let throttle = RunThrottle(persistence: persistence)
        try await throttle.beginRun(definition: "SAE", at: t0)
        let later = t0.addingTimeInterval(3600)
        var refused = ExtractClientError(.http, "HTTP 409: a job is already running", statusCode: 409)
        refused.tookNoEffect = true
        let refusal = refused
        await #expect(throws: ExtractClientError.self) {
            try await throttle.run(definition: "SAE", at: later) { () async throws -> Int in throw refusal }
        }
        // The refused start left the previous run as the last one: the next start is allowed at once.
        #expect(try await throttle.lastRun(definition: "SAE") == t0)
        #expect(await persistence.history?.lastRun["SAE"] == t0)
        #expect(try await throttle.run(definition: "SAE", at: later.addingTimeInterval(60)) { 7 } == 7)
        #expect(try await throttle.lastRun(definition: "SAE") == later.addingTimeInterval(60))
        // A first-ever run refused leaves no record at all.
        await #expect(throws: ExtractClientError.self) {
            try await throttle.run(definition: "New", at: later) { () async throws -> Int in throw refusal }
        }
        #expect(try await throttle.lastRun(definition: "New") == nil)
        // An uncertain failure (the POST may have reached Concur) keeps the record: its job may exist.
        let uncertain = ExtractClientError(.transport, "connection reset", statusCode: nil)
        let then = later.addingTimeInterval(7200)
        await #expect(throws: ExtractClientError.self) {
            try await throttle.run(definition: "SAE", at: then) { () async throws -> Int in throw uncertain }
        }
        #expect(try await throttle.lastRun(definition: "SAE") == then)
    }

    @Test("History survives a restart in a 0600 file")
    func file() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("runs.json")
        try await RunThrottle(persistence: FileRunHistoryPersistence(url: url)).beginRun(definition: "SAE", at: t0)
        #expect(try fileMode(url) == 0o600)
        let restarted = RunThrottle(interval: .seconds(600), persistence: FileRunHistoryPersistence(url: url))
        #expect(try await restarted.lastRun(definition: "SAE") == t0)
        await #expect {
            try await restarted.beginRun(definition: "SAE", at: t0.addingTimeInterval(599))
        } throws: { ($0 as? ExtractClientError)?.code == .tooSoon }
        try await restarted.beginRun(definition: "SAE", at: t0.addingTimeInterval(600))

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        await #expect {
            try await RunThrottle(persistence: FileRunHistoryPersistence(url: url)).lastRun(definition: "SAE")
        } throws: { ($0 as? ExtractClientError)?.code == .insecureFile }
    }
}
