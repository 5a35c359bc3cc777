import ExtractAPI
import ExtractSandbox
import Foundation
import Testing

@testable import ExtractClient

@Suite("JobPoller")
struct JobPollerTests {
    typealias Poller = JobPoller<TestInstant>

    let job = Fixture.job("J$1", status: .queued)
    let t0 = TestInstant.zero

    func poller(
        interval: Duration = .seconds(30),
        jitter: Duration = .zero,
        maximumWait: Duration = .seconds(3600),
        seed: UInt64 = 1
    ) -> Poller {
        Poller(
            job: job.id,
            configuration: JobPollerConfiguration(interval: interval, jitter: jitter, maximumWait: maximumWait),
            random: SeededRandomNumberGenerator(seed: seed)
        )
    }

    func status(_ status: JobStatus, fileLink: Bool = true) -> ExtractJob {
        Fixture.job("J$1", status: status, fileLink: fileLink)
    }

    /// A compact, comparable rendering of an action.
    func render(_ action: Poller.Action?) -> String {
        switch action {
        case nil: return "-"
        case .pollAfter(let delay)?: return "poll \(delay.components.seconds)"
        case .download(let url)?: return "download \(url.lastPathComponent)"
        case .fail(let error)?: return "fail \(error.code.rawValue)"
        }
    }

    enum Event {
        case start
        case status(JobStatus)
        case completedWithoutLink
        case pollFailed(retryable: Bool)
    }

    func apply(_ event: Event, to poller: inout Poller, at now: TestInstant) -> Poller.Action? {
        switch event {
        case .start: return poller.start(at: now)
        case .status(let value): return poller.statusReceived(status(value), at: now)
        case .completedWithoutLink: return poller.statusReceived(status(.completed, fileLink: false), at: now)
        case .pollFailed(let retryable): return poller.pollFailed(retryable: retryable, at: now)
        }
    }

    /// Drives a poller to `state` (no jitter, 30 s interval, 1 h maximum wait) by real events.
    func poller(in state: Poller.State) -> Poller {
        var machine = poller()
        switch state {
        case .waiting: break
        case .queued: _ = machine.statusReceived(status(.queued), at: t0)
        case .running: _ = machine.statusReceived(status(.running), at: t0)
        case .completed: _ = machine.statusReceived(status(.completed), at: t0)
        case .failed: _ = machine.statusReceived(status(.failed), at: t0)
        case .timedOut:
            _ = machine.start(at: t0)
            _ = machine.pollFailed(retryable: true, at: t0 + .seconds(3600))
        }
        #expect(machine.state == state)
        return machine
    }

    @Test("Every state × event before the deadline")
    func transitions() {
        let fileLink = Fixture.url(job.id.absoluteString + "/file")
        let states: [Poller.State] = [.waiting, .queued, .running, .completed(fileLink: fileLink), .failed, .timedOut]
        let events: [(String, Event)] = [
            ("start", .start), ("queued", .status(.queued)), ("running", .status(.running)),
            ("completed", .status(.completed)), ("completedWithoutLink", .completedWithoutLink),
            ("failed", .status(.failed)), ("unknown", .status(.unknown("Paused"))),
            ("pollFailed", .pollFailed(retryable: true)), ("pollFailedFatal", .pollFailed(retryable: false)),
        ]
        // Expected (next state, action) for each state, in the order of `events`; at t0 + 60 s.
        let completed = Poller.State.completed(fileLink: fileLink)
        let nonFinal: (Poller.State, Bool) -> [(Poller.State, String)] = { state, started in
            [
                (state, started ? "-" : "poll 30"),
                (.queued, "poll 30"), (.running, "poll 30"),
                (completed, "download file"), (completed, "download file"),
                (.failed, "fail job-failed"),
                (state, "poll 30"),
                (state, "poll 30"), (.failed, "fail http"),
            ]
        }
        let final: (Poller.State) -> [(Poller.State, String)] = { state in events.map { _ in (state, "-") } }
        let expected: [Poller.State: [(Poller.State, String)]] = [
            .waiting: nonFinal(.waiting, false),
            .queued: nonFinal(.queued, true),
            .running: nonFinal(.running, true),
            completed: final(completed),
            .failed: final(.failed),
            .timedOut: final(.timedOut),
        ]
        for state in states {
            for (index, (name, event)) in events.enumerated() {
                var machine = poller(in: state)
                let action = apply(event, to: &machine, at: t0 + .seconds(60))
                let (nextState, rendered) = expected[state]?[index] ?? (.waiting, "?")
                #expect(machine.state == nextState, "\(state) + \(name)")
                #expect(render(action) == rendered, "\(state) + \(name)")
            }
        }
    }

    @Test("A full run: start, Queued, Running, Completed")
    func happyPath() {
        var machine = poller()
        #expect(render(machine.start(at: t0)) == "poll 30")
        #expect(render(machine.statusReceived(status(.queued), at: t0 + .seconds(30))) == "poll 30")
        #expect(render(machine.statusReceived(status(.running), at: t0 + .seconds(60))) == "poll 30")
        let action = machine.statusReceived(status(.completed), at: t0 + .seconds(90))
        guard case .download(let link)? = action else {
            Issue.record("expected download, got \(render(action))")
            return
        }
        #expect(link.absoluteString == job.id.absoluteString + "/file")
        #expect(machine.startedAt == t0)
        #expect(machine.lastStatus == .completed)
    }

    @Test("Times out at the maximum wait, naming the job, the elapsed time and the last status")
    func timeout() {
        var machine = poller(maximumWait: .seconds(100))
        #expect(render(machine.start(at: t0)) == "poll 30")
        #expect(render(machine.statusReceived(status(.running), at: t0 + .seconds(30))) == "poll 30")
        #expect(render(machine.statusReceived(status(.running), at: t0 + .seconds(60))) == "poll 30")
        // The last wait is cut so the final check happens right at the deadline.
        #expect(render(machine.statusReceived(status(.running), at: t0 + .seconds(90))) == "poll 10")
        let action = machine.statusReceived(status(.running), at: t0 + .seconds(100))
        guard case .fail(let error)? = action else {
            Issue.record("expected fail, got \(render(action))")
            return
        }
        #expect(machine.state == .timedOut)
        #expect(error.code == .pollTimeout)
        #expect(error.jobURL == job.id)
        #expect(error.message.contains(job.id.absoluteString))
        #expect(error.message.contains("100 s"))
        #expect(error.message.contains("Running"))
        // Completed at the deadline still downloads.
        var late = poller(maximumWait: .seconds(100))
        _ = late.start(at: t0)
        #expect(render(late.statusReceived(status(.completed), at: t0 + .seconds(500))) == "download file")
    }

    @Test("Retryable poll failures keep polling until the deadline; others stop with the error")
    func pollFailures() {
        var machine = poller(maximumWait: .seconds(60))
        _ = machine.start(at: t0)
        #expect(render(machine.pollFailed(retryable: true, at: t0 + .seconds(30))) == "poll 30")
        #expect(render(machine.pollFailed(retryable: true, at: t0 + .seconds(60))) == "fail poll-timeout")

        var fatal = poller()
        _ = fatal.start(at: t0)
        let cause = ExtractClientError(.http, "not found", statusCode: 404)
        guard case .fail(let error)? = fatal.pollFailed(retryable: false, error: cause, at: t0 + .seconds(30)) else {
            Issue.record("expected fail")
            return
        }
        #expect(error.statusCode == 404)
        #expect(error.jobURL == job.id)
        #expect(fatal.state == .failed)
    }

    @Test("Failed names the job and the elapsed time")
    func failed() {
        var machine = poller()
        _ = machine.start(at: t0)
        guard case .fail(let error)? = machine.statusReceived(status(.failed), at: t0 + .seconds(125)) else {
            Issue.record("expected fail")
            return
        }
        #expect(error.code == .jobFailed)
        #expect(error.message.contains(job.id.absoluteString))
        #expect(error.message.contains("125 s"))
    }

    @Test("Jitter stays within ±jitter, never below 5 s, and is reproducible per seed")
    func jitter() {
        var machine = poller(interval: .seconds(30), jitter: .seconds(3), maximumWait: .seconds(1_000_000), seed: 7)
        var delays: [Duration] = []
        if case .pollAfter(let first)? = machine.start(at: t0) { delays.append(first) }
        var now = t0
        for _ in 0..<500 {
            now = now + .seconds(30)
            if case .pollAfter(let delay)? = machine.statusReceived(status(.running), at: now) { delays.append(delay) }
        }
        #expect(delays.count == 501)
        #expect(delays.allSatisfy { $0 >= .seconds(27) && $0 <= .seconds(33) })
        #expect(Set(delays).count > 100)
        #expect(delays.contains { $0 < .seconds(29) } && delays.contains { $0 > .seconds(31) })

        var again = poller(interval: .seconds(30), jitter: .seconds(3), maximumWait: .seconds(1_000_000), seed: 7)
        if case .pollAfter(let first)? = again.start(at: t0) { #expect(first == delays[0]) }

        var floor = poller(interval: .seconds(5), jitter: .seconds(4), maximumWait: .seconds(1_000_000), seed: 3)
        _ = floor.start(at: t0)
        for step in 1...200 {
            guard case .pollAfter(let delay)? = floor.pollFailed(retryable: true, at: t0 + .seconds(Int64(step)))
            else { return }
            #expect(delay >= .seconds(5) && delay <= .seconds(9))
        }
    }

    @Test("Configuration clamps the interval to 5 s and negatives to zero")
    func configuration() {
        let config = JobPollerConfiguration(interval: .seconds(1), jitter: .seconds(-1), maximumWait: .seconds(-5))
        #expect(config.interval == .seconds(5))
        #expect(config.jitter == .zero)
        #expect(config.maximumWait == .zero)
        #expect(
            JobPollerConfiguration()
                == JobPollerConfiguration(interval: .seconds(30), jitter: .seconds(3), maximumWait: .seconds(3600))
        )
        var zeroWait = Poller(job: job.id, configuration: config, random: SeededRandomNumberGenerator(seed: 1))
        #expect(render(zeroWait.start(at: t0)) == "poll 0")
        #expect(render(zeroWait.statusReceived(status(.queued), at: t0)) == "fail poll-timeout")
    }
}

@Suite("JobPoller quirks")
struct JobPollerQuirkTests {
    @Test("Completed without a file-link downloads {id}/file, keeping $ in the id")
    func missingFileLink() {
        let job = Fixture.job("J$1", status: .completed, fileLink: false)
        var machine = JobPoller<TestInstant>(job: job.id, random: SeededRandomNumberGenerator(seed: 1))
        guard case .download(let link)? = machine.statusReceived(job, at: .zero) else {
            Issue.record("expected download")
            return
        }
        #expect(link.absoluteString == Fixture.base + "/Def$1/job/J$1/file")
    }
}
