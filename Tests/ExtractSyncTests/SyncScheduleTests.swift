import ExtractAPI
import ExtractSandbox
import ExtractSync
import Foundation
import Testing

/// The schedule's pure decisions as tables: which company is due, and when the scheduler looks again.
@Suite struct SyncScheduleTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let hour = Duration.seconds(3600)

    struct DueCase: Sendable, CustomTestStringConvertible {
        var lastStart: TimeInterval?
        var unfinished: Bool
        var every: Duration
        var due: Bool
        var testDescription: String { "last \(lastStart.map { "\($0)" } ?? "never"), unfinished \(unfinished)" }
    }

    @Test(arguments: [
        DueCase(lastStart: nil, unfinished: false, every: hour, due: true),  // never ran
        DueCase(lastStart: nil, unfinished: true, every: hour, due: true),
        DueCase(lastStart: -10, unfinished: true, every: hour, due: true),  // an unfinished job to resume
        DueCase(lastStart: -10, unfinished: false, every: hour, due: false),
        DueCase(lastStart: -3599, unfinished: false, every: hour, due: false),
        DueCase(lastStart: -3600, unfinished: false, every: hour, due: true),  // exactly the interval
        DueCase(lastStart: -7200, unfinished: false, every: hour, due: true),
        DueCase(lastStart: -59, unfinished: false, every: .seconds(60), due: false),
        DueCase(lastStart: -60, unfinished: false, every: .seconds(60), due: true),
        DueCase(lastStart: 30, unfinished: false, every: hour, due: false),  // a clock behind the ledger's
    ])
    func dueness(_ row: DueCase) {
        let last = row.lastStart.map { Self.now.addingTimeInterval($0) }
        #expect(
            SyncSchedule.isDue(lastStart: last, unfinished: row.unfinished, every: row.every, now: Self.now) == row.due
        )
        let dueTime = SyncSchedule.dueTime(lastStart: last, unfinished: row.unfinished, every: row.every)
        #expect((dueTime.map { Self.now >= $0 } ?? true) == row.due, "isDue and dueTime agree")
    }

    struct WakeCase: Sendable {
        var tick: Duration
        var dueTimes: [TimeInterval?]
        var wake: TimeInterval
    }

    @Test(arguments: [
        WakeCase(tick: .seconds(30), dueTimes: [], wake: 30),
        WakeCase(tick: .seconds(30), dueTimes: [nil, nil], wake: 30),  // due now: looked at after a tick
        WakeCase(tick: .seconds(30), dueTimes: [-5, 0], wake: 30),  // past due times never make a busy loop
        WakeCase(tick: .seconds(30), dueTimes: [10, 20, nil], wake: 10),  // earlier when a company falls due
        WakeCase(tick: .seconds(30), dueTimes: [45], wake: 30),
        WakeCase(tick: .seconds(1), dueTimes: [0.5], wake: 0.5),
    ])
    func nextWake(_ row: WakeCase) {
        let wake = SyncSchedule.nextWake(
            now: Self.now,
            tick: row.tick,
            dueTimes: row.dueTimes.map { $0.map { Self.now.addingTimeInterval($0) } }
        )
        #expect(abs(wake.timeIntervalSince(Self.now) - row.wake) < 0.0001)
    }

    /// Whatever the due times, the next look is after now and no later than a tick.
    @Test func nextWakeIsWithinATick() {
        var generator = SeededRandomNumberGenerator(seed: 11)
        for _ in 0..<500 {
            let tick = Duration.milliseconds(Int.random(in: 1...100_000, using: &generator))
            let times: [Date?] = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                Bool.random(using: &generator)
                    ? nil : Self.now.addingTimeInterval(Double.random(in: -200...200, using: &generator))
            }
            let wake = SyncSchedule.nextWake(now: Self.now, tick: tick, dueTimes: times)
            #expect(wake > Self.now)
            #expect(wake.timeIntervalSince(Self.now) <= Double(tick.components.seconds) + 1)
        }
    }
}
