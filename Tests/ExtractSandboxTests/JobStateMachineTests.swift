import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("Job state machine (no I/O)")
struct JobStateMachineTests {
    let t0 = Date(timeIntervalSince1970: 1_768_467_600)
    let timing = JobTiming(queued: 5, running: 10)

    @Test func queuedThenRunningThenCompleted() {
        var machine = JobStateMachine(createdAt: t0, timing: timing, outcome: .complete)
        #expect(machine.status == .queued)
        #expect(machine.advance(to: t0.addingTimeInterval(4.9)).isEmpty)
        #expect(machine.advance(to: t0.addingTimeInterval(5)) == [.started(at: t0.addingTimeInterval(5))])
        #expect(machine.status == .running)
        #expect(machine.stopTime == nil)
        #expect(machine.advance(to: t0.addingTimeInterval(15)) == [.completed(at: t0.addingTimeInterval(15))])
        #expect(machine.status == .completed)
        #expect(machine.stopTime == t0.addingTimeInterval(15))
        #expect(machine.advance(to: t0.addingTimeInterval(1_000)).isEmpty)
    }

    @Test func oneLateLookSeesEveryTransitionAtItsOwnTime() {
        var machine = JobStateMachine(createdAt: t0, timing: timing, outcome: .complete)
        let transitions = machine.advance(to: t0.addingTimeInterval(3_600))
        #expect(transitions == [.started(at: t0.addingTimeInterval(5)), .completed(at: t0.addingTimeInterval(15))])
    }

    @Test func plannedFailureEndsFailed() {
        var machine = JobStateMachine(createdAt: t0, timing: timing, outcome: .fail)
        machine.advance(to: t0.addingTimeInterval(60))
        #expect(machine.status == .failed)
        #expect(machine.stopTime == t0.addingTimeInterval(15))
        #expect(!machine.isActive)
    }

    @Test func stuckJobNeverLeavesTheQueue() {
        var machine = JobStateMachine(createdAt: t0, timing: timing, outcome: .stuckInQueue)
        #expect(machine.advance(to: t0.addingTimeInterval(86_400 * 30)).isEmpty)
        #expect(machine.status == .queued)
        #expect(machine.isActive)
    }

    @Test func timeNeverRunsBackwards() {
        var machine = JobStateMachine(createdAt: t0, timing: timing, outcome: .complete)
        machine.advance(to: t0.addingTimeInterval(7))
        #expect(machine.advance(to: t0).isEmpty)
        #expect(machine.status == .running)
    }

    @Test func zeroDurationsFinishAtCreation() {
        var machine = JobStateMachine(createdAt: t0, timing: JobTiming(queued: 0, running: 0), outcome: .complete)
        #expect(machine.advance(to: t0) == [.started(at: t0), .completed(at: t0)])
    }

    @Test func aCompletedJobCanBeMarkedFailed() {
        var machine = JobStateMachine(createdAt: t0, timing: timing, outcome: .complete)
        machine.advance(to: t0.addingTimeInterval(20))
        machine.markFailed()
        #expect(machine.status == .failed)
        #expect(machine.stopTime == t0.addingTimeInterval(15))
    }

    @Test func survivesACodableRoundTrip() throws {
        var machine = JobStateMachine(createdAt: t0, timing: timing, outcome: .complete)
        machine.advance(to: t0.addingTimeInterval(6))
        let copy = try JSONDecoder().decode(JobStateMachine.self, from: JSONEncoder().encode(machine))
        #expect(copy == machine)
    }
}

@Suite("Fault injector (no I/O)")
struct FaultInjectorTests {
    @Test func skipThenCount() {
        var injector = FaultInjector(
            faults: [SandboxFault(route: .jobStatus, kind: .serviceUnavailable(retryAfter: 3), skip: 1, count: 2)],
            seed: 1
        )
        let fired = (0..<5).map { _ in injector.draw(for: .jobStatus).count }
        #expect(fired == [0, 1, 1, 0, 0])
        #expect(injector.draw(for: .definitions).isEmpty)
        #expect(injector.hitCounts == [2])
    }

    @Test func anyRouteMatchesEveryRoute() {
        var injector = FaultInjector(
            faults: [SandboxFault(route: .any, kind: .tooManyRequests(retryAfter: nil))],
            seed: 1
        )
        for route in SandboxFault.Route.allCases where route != .any {
            #expect(injector.draw(for: route) == [.tooManyRequests(retryAfter: nil)])
        }
    }

    @Test func jobFaultsOnlyFireOnStartJob() {
        var injector = FaultInjector(faults: [SandboxFault(route: .any, kind: .jobFails, count: 1)], seed: 1)
        #expect(injector.draw(for: .jobStatus).isEmpty)
        #expect(injector.draw(for: .startJob) == [.jobFails])
        #expect(injector.draw(for: .startJob).isEmpty)
    }

    @Test func probabilityIsReproducibleUnderASeed() {
        let fault = SandboxFault(route: .any, kind: .slow(milliseconds: 1), probability: 0.3)
        func pattern(seed: UInt64) -> [Bool] {
            var injector = FaultInjector(faults: [fault], seed: seed)
            return (0..<200).map { _ in !injector.draw(for: .job).isEmpty }
        }
        let first = pattern(seed: 42)
        #expect(first == pattern(seed: 42))
        #expect(first != pattern(seed: 43))
        let hits = first.filter { $0 }.count
        #expect((30...90).contains(hits))
    }

    @Test func flatJSONForm() throws {
        let json =
            #"[{"route":"jobStatus","kind":"serviceUnavailable","retryAfter":5,"count":2},"#
            + #"{"kind":"slow","milliseconds":250,"probability":0.5},"#
            + #"{"route":"token","kind":"wrongDataCenter","geolocation":"http://localhost:1"}]"#
        let faults = try JSONDecoder().decode([SandboxFault].self, from: Data(json.utf8))
        #expect(faults[0] == SandboxFault(route: .jobStatus, kind: .serviceUnavailable(retryAfter: 5), count: 2))
        #expect(faults[1] == SandboxFault(route: .any, kind: .slow(milliseconds: 250), probability: 0.5))
        #expect(faults[2].kind == .wrongDataCenter(geolocation: "http://localhost:1"))
        let again = try JSONDecoder().decode([SandboxFault].self, from: JSONEncoder().encode(faults))
        #expect(again == faults)
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(SandboxFault.self, from: Data(#"{"kind":"meteor"}"#.utf8))
        }
    }
}
