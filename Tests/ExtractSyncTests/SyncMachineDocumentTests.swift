import ExtractSync
import Ledger
import Testing

/// The FIS document's transitions as a state × event table: every pair is in the table or impossible (`nil`);
/// from every unfinished state, every run of outcomes reaches rest, and a crash in any state resumes to it.
@Suite struct SyncMachineDocumentTests {
    typealias Event = SyncMachine.DocumentEvent
    typealias Step = SyncMachine.DocumentTransition

    static let events: [Event] =
        [.acknowledged, .ackFailed, .ackRefused, .ackForeign, .archived, .loaded(clean: true), .loaded(clean: false)]
        + [.setAside, .confirmationRecorded] + SyncMachine.ConfirmationAnswer.allCases.map(Event.confirmationAnswered)

    static let table: [(PipelineState, Event, PipelineState, SyncMachine.DocumentAction)] = [
        (.received, .acknowledged, .acknowledged, .archive),
        (.received, .ackFailed, .received, .none),
        (.received, .ackRefused, .failed, .none),
        (.received, .ackForeign, .foreign, .none),
        (.acknowledged, .archived, .archived, .load),
        (.acknowledged, .setAside, .quarantined, .recordConfirmation),
        (.archived, .setAside, .quarantined, .recordConfirmation),
        (.archived, .loaded(clean: false), .quarantined, .recordConfirmation),
        (.archived, .loaded(clean: true), .posted, .recordConfirmation),
        (.posted, .confirmationRecorded, .confirming, .sendConfirmation),
        (.quarantined, .confirmationRecorded, .confirming, .sendConfirmation),
        (.confirming, .confirmationAnswered(.accepted), .confirmed, .none),
        (.confirming, .confirmationAnswered(.alreadyConfirmed), .confirmed, .none),
        (.confirming, .confirmationAnswered(.rejected), .confirmed, .none),
        (.confirming, .confirmationAnswered(.retryLater), .confirming, .none),
    ]

    @Test func everyStateAndEvent() {
        for state in PipelineState.allCases {
            for event in Self.events {
                let expected = Self.table.first { $0.0 == state && $0.1 == event }.map { Step($0.2, $0.3) }
                #expect(SyncMachine.transition(from: state, on: event) == expected, "\(state.rawValue) × \(event)")
            }
        }
        #expect(Set(Self.table.map { "\($0.0)\($0.1)" }).count == Self.table.count, "one row per pair")
        #expect(Self.table.allSatisfy { PipelineState.documentStates.contains($0.0) && PipelineState.documentStates.contains($0.2) })
    }

    /// From each unfinished state (where a crash may leave a document), the resume action and every run of its
    /// outcomes reach rest — confirmed, failed or foreign, or received/confirming waiting for the next run — within
    /// a bounded number of steps; a posted or quarantined document is always confirmed before it rests.
    @Test func crashInEveryStateResumesToRest() {
        func outcomes(_ action: SyncMachine.DocumentAction) -> [Event] {
            switch action {
            case .acknowledge: [.acknowledged, .ackFailed, .ackRefused, .ackForeign]
            case .archive: [.archived, .setAside]
            case .load: [.loaded(clean: true), .loaded(clean: false), .setAside]
            case .recordConfirmation: [.confirmationRecorded]
            case .sendConfirmation: SyncMachine.ConfirmationAnswer.allCases.map(Event.confirmationAnswered)
            case .none: []
            }
        }
        var rests = 0
        func walk(_ state: PipelineState, _ action: SyncMachine.DocumentAction, posted: Bool, depth: Int) {
            if action == .none {
                #expect([.confirmed, .failed, .foreign, .received, .confirming].contains(state), "rest in \(state)")
                if posted { #expect(state == .confirmed || state == .confirming, "posted but left \(state)") }
                rests += 1
                return
            }
            guard depth < 10 else {
                Issue.record("no rest after 10 steps from \(state)")
                return
            }
            for event in outcomes(action) {
                guard let step = SyncMachine.transition(from: state, on: event) else {
                    Issue.record("\(action) in \(state) can end in \(event), which the machine refuses")
                    continue
                }
                walk(step.next, step.action, posted: posted || step.next == .posted, depth: depth + 1)
            }
        }
        for state in PipelineState.allCases where state.isUnfinishedDocument {
            let action = SyncMachine.resumeAction(forDocument: state)
            #expect(action != nil && action != SyncMachine.DocumentAction.none, "\(state) is resumed")
            walk(state, action ?? .none, posted: state == .posted, depth: 0)
        }
        #expect(rests > 20)
        for state in PipelineState.allCases where !state.isUnfinishedDocument {
            #expect(SyncMachine.resumeAction(forDocument: state) == nil)
        }
    }
}
