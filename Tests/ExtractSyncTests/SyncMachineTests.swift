import ExtractSync
import Ledger
import Testing

/// The sync pipeline's transitions as a state × event table (as `JobPollerTests.transitions` does): every pair is
/// either in the table below, with its next state and action, or impossible (`nil`). Then invariants over every
/// path through the machine.
@Suite struct SyncMachineTests {
    typealias Event = SyncMachine.Event
    typealias Step = SyncMachine.Transition

    /// Every event the machine knows.
    static let events: [Event] =
        [.aboutToSend, .jobRecorded, .startRefused]
        + SyncMachine.Judgement.allCases.map(Event.judged)
        + SyncMachine.Readiness.allCases.map(Event.polled)
        + SyncMachine.Fetched.allCases.map(Event.fetched)
        + [.archived(extracts: true), .archived(extracts: false), .loaded(clean: true), .loaded(clean: false)]
        + [.setAside, .posted, .confirmed, .adopted, .dismissed]

    /// The possible transitions; every other (state, event) pair is impossible.
    static let table: [(PipelineState, Event, PipelineState, SyncMachine.Action)] = {
        var rows: [(PipelineState, Event, PipelineState, SyncMachine.Action)] = []
        for open in [PipelineState.intentRecorded, .intentSending] {
            rows += [
                (open, .aboutToSend, .intentSending, .send),
                (open, .jobRecorded, .superseded, .none),
                (open, .startRefused, .abandoned, .none),
            ]
        }
        // An intent that never sent is abandoned whatever its window shows.
        rows += SyncMachine.Judgement.allCases.map { (.intentRecorded, .judged($0), .abandoned, .none) }
        rows += [
            (.intentSending, .judged(.noJob), .abandoned, .none),
            (.intentSending, .judged(.ownJob), .superseded, .none),
            (.intentSending, .judged(.cannotTell), .ambiguous, .none),
            (.started, .polled(.waiting), .started, .poll),
            (.completed, .fetched(.files), .downloaded, .archive),
            (.completed, .fetched(.refused), .downloaded, .quarantine),
            (.downloaded, .archived(extracts: true), .archived, .load),
            (.downloaded, .archived(extracts: false), .archived, .quarantine),
            (.downloaded, .setAside, .quarantined, .confirm),
            (.archived, .setAside, .quarantined, .confirm),
            (.archived, .loaded(clean: true), .loaded, .post),
            (.archived, .loaded(clean: false), .quarantined, .confirm),
            (.loaded, .posted, .posted, .confirm),
            (.posted, .confirmed, .posted, .none),
            (.quarantined, .confirmed, .quarantined, .none),
            (.failed, .confirmed, .failed, .none),
            (.foreign, .adopted, .started, .poll),
            (.dismissed, .adopted, .started, .poll),
        ]
        // A resumed job (any unfinished state) asks where it stands and is fetched again from the start.
        for unfinished in [PipelineState.started, .completed, .downloaded, .archived, .loaded] {
            rows += [
                (unfinished, .polled(.ready), .completed, .fetch),
                (unfinished, .polled(.failed), .failed, .confirm),
            ]
        }
        // Any job not posted can be dismissed.
        for job in PipelineState.allCases where !job.isIntent && job != .posted {
            rows.append((job, .dismissed, .dismissed, .none))
        }
        return rows
    }()

    @Test func everyStateAndEvent() {
        var cells = 0
        for state in PipelineState.allCases {
            for event in Self.events {
                let expected = Self.table.first { $0.0 == state && $0.1 == event }.map { Step($0.2, $0.3) }
                #expect(
                    SyncMachine.transition(from: state, on: event) == expected,
                    "\(state.rawValue) × \(event)"
                )
                cells += 1
            }
        }
        #expect(Self.events.count == 20 && cells == PipelineState.allCases.count * Self.events.count)
        #expect(Set(Self.table.map { "\($0.0)\($0.1)" }).count == Self.table.count, "one row per pair")
    }

    /// Every path the machine allows: an intent only ever becomes another intent state, a job another job state;
    /// a posted job is never fetched, loaded or dismissed again; and from every unfinished state, every run of
    /// outcomes reaches a state at rest (posted, quarantined or failed, with nothing left to do) within a bounded
    /// number of actions unless the source keeps answering "not yet".
    @Test func pathsReachRest() {
        for state in PipelineState.allCases {
            for event in Self.events {
                guard let step = SyncMachine.transition(from: state, on: event) else { continue }
                #expect(step.next.isIntent == state.isIntent, "\(state) × \(event) crosses intents and jobs")
                if state == .posted { #expect(step.next == .posted) }
            }
        }
        // Depth-first over the actions' possible outcomes from every resumable state.
        func outcomes(of action: SyncMachine.Action) -> [Event] {
            switch action {
            case .poll: [.polled(.ready), .polled(.failed)]  // "waiting" loops on the source's clock
            case .fetch: SyncMachine.Fetched.allCases.map(Event.fetched)
            case .archive: [.archived(extracts: true), .archived(extracts: false)]
            case .load: [.loaded(clean: true), .loaded(clean: false)]
            case .quarantine: [.setAside]
            case .post: [.posted]
            case .confirm: [.confirmed]
            case .send, .none: []
            }
        }
        var paths = 0
        func walk(_ state: PipelineState, _ action: SyncMachine.Action, depth: Int) {
            if action == .none {
                #expect([.posted, .quarantined, .failed].contains(state), "at rest in \(state)")
                paths += 1
                return
            }
            #expect(depth < 12, "no rest after 12 actions from \(state)")
            guard depth < 12 else { return }
            for event in outcomes(of: action) {
                guard let step = SyncMachine.transition(from: state, on: event) else {
                    Issue.record("\(action) in \(state) can end in \(event), which the machine refuses")
                    continue
                }
                walk(step.next, step.action, depth: depth + 1)
            }
        }
        for state in PipelineState.allCases where state.isResumable {
            let first = SyncMachine.resumeAction(for: state)
            #expect(first == .poll)
            walk(state, first ?? .none, depth: 0)
        }
        #expect(paths > 20)
        for state in PipelineState.allCases where !state.isResumable {
            #expect(SyncMachine.resumeAction(for: state) == nil)
        }
    }
}
