public import ExtractAPI
import ExtractClient
import Foundation
import Ledger

extension ExtractFileSource {
    /// The definition's work for this run: this ledger's unfinished jobs, the job its interrupted start led to, a
    /// foreign job adopted with `sync --adopt`, and otherwise a job it starts (never attaching to another's). Every
    /// other job of the definition is recorded as foreign.
    public func findWork(_ context: PostingContext) async throws -> WorkPlan<ExtractDefinition> {
        let store = context.store
        let company = context.company
        let events = context.events
        let definitions = try await client.definitions()
        events(.definitionsFound(definitions.map(\.name)))
        guard
            let definition = definitions.first(where: { $0.name == settings.definition })
                ?? definitions.first(where: { $0.definitionID == settings.definition })
        else {
            throw ExtractClientError(
                .http,
                "no definition named '\(settings.definition)'; the company has \(definitions.map { "'\($0.name)'" }.joined(separator: ", "))",
                statusCode: 404,
                operation: "sync"
            )
        }
        // Host-free: the same definition and jobs whatever base URL or geolocation Concur is reached under.
        let definitionKey = definition.stableID
        func jobRecord(_ job: ExtractJob, _ state: PipelineState = .started) -> ExtractJobRecord {
            Self.record(of: job, company: company, definitionID: definitionKey, state: state)
        }
        var plan = WorkPlan(scope: definition, scopeID: definitionKey, title: definition.name, units: [])

        // 1. What this ledger recorded, what Concur lists, and whose each job is.
        let recorded = try await store.jobs(company: company, includePosted: true).filter {
            $0.definitionID == definitionKey
        }
        let intents = try await store.intents(company: company, openOnly: false).filter {
            $0.definitionID == definitionKey
        }
        let listed = try await client.jobs(of: definition)
        let window = settings.startWindow
        let decision = JobOwnership.decide(
            recorded: recorded,
            intents: intents,
            concurJobs: listed,
            now: settings.clock.now,
            window: window,
            soleWriter: settings.soleWriter
        )
        var pending = decision.resume
        for record in pending { events(.resuming(jobID: record.jobID, status: record.status)) }

        // 2. Jobs this ledger did not start: recorded as foreign (never lost from view, never posted silently).
        try await recordForeign(decision, recorded: recorded, listed: listed, definitionID: definitionKey, context)

        // 3. Jobs this ledger started but never recorded (a crash right after the POST): adopted, their intent closed.
        for adoption in decision.adopt {
            let record = jobRecord(adoption.job)
            try await store.recordJob(record)
            try await close(adoption.intent, on: .judged(.ownJob), jobID: record.jobID, in: store)
            events(.adopted(jobID: record.jobID))
            if record.state.isResumable { pending.append(record) }
        }
        for intent in decision.abandon {
            try await close(intent, on: .judged(.noJob), in: store)
            events(.intentAbandoned(intentID: intent.intentID))
        }

        // 4. A foreign job taken in explicitly (sync --adopt).
        if let wanted = settings.adopt, let record = try await adoptForeign(wanted, of: definition, context) {
            pending.append(record)
        }

        // 5. Nothing to resume and no start of this ledger in flight: start a job (never attaching to another's).
        if let latest = decision.inFlight.map(window.closes).max() {
            plan.startInFlight = latest
            events(.startInFlight(until: latest))
        }
        if pending.isEmpty && decision.inFlight.isEmpty {
            if let started = try await start(
                definition,
                listed: listed,
                takeSingleNewJob: !decision.otherWriterSeen,
                context: context
            ) {
                let record = jobRecord(started.job)
                try await store.recordJob(record)
                try await close(started.intent, on: .jobRecorded, jobID: record.jobID, in: store, whatever: true)
                context.afterStep(.jobRecorded)
                pending = [record]
            }
        }
        plan.units = pending
        return plan
    }

    /// Records the intent, then starts a job of `definition`: the job this call started, or `nil` when another's
    /// job is running (recorded as foreign) — the intent closed either way once known.
    private func start(
        _ definition: ExtractDefinition,
        listed: [ExtractJob],
        takeSingleNewJob: Bool,
        context: PostingContext
    ) async throws -> (job: ExtractJob, intent: StartIntent)? {
        let store = context.store
        let company = context.company
        let definitionKey = definition.stableID
        let intent = StartIntent(
            company: company,
            definitionID: definitionKey,
            intentID: UUID().uuidString,
            recordedAt: settings.clock.now
        )
        try await store.recordIntent(intent)
        context.afterStep(.intentRecorded)
        let sendable = Set(
            PipelineState.intentStates.filter { SyncMachine.transition(from: $0, on: .aboutToSend) != nil }
        )
        let job: ExtractJob
        do {
            // Never attaches to a job someone else started (a 409, or a job that appeared meanwhile): only
            // a job this call started, or the single one that appeared after an ambiguous failure.
            job = try await client.startOwnJob(
                definition,
                knownJobIDs: Set(listed.map(\.jobID)),
                sendBefore: settings.startWindow.sendBefore(intent),
                willSend: {
                    // The fence: only while the intent is open (no other run judged it meanwhile).
                    let open = try await store.transitionIntent(
                        company: company,
                        intentID: intent.intentID,
                        from: sendable,
                        to: .intentSending,
                        jobID: nil
                    )
                    guard open else {
                        throw SyncError(
                            .intentClosed,
                            "another run closed this run's start of a job (its window had passed) before it was sent: nothing was sent; the next run starts again"
                        )
                    }
                },
                takeSingleNewJob: takeSingleNewJob
            )
        } catch let error as ExtractClientError where error.code == .jobRunning {
            // Someone else's job is running: nothing was started; that job is recorded as foreign.
            try await close(intent, on: .startRefused, in: store, whatever: true)
            context.events(.intentAbandoned(intentID: intent.intentID))
            let known = Set(try await store.jobs(company: company, includePosted: true).map(\.jobID))
            var seen = Set<String>()
            for running in try await client.jobs(of: definition)
            where !known.contains(running.jobID) && seen.insert(running.jobID).inserted {
                try await store.recordJob(
                    Self.record(of: running, company: company, definitionID: definitionKey, state: .foreign)
                )
            }
            return nil
        } catch let error as ExtractClientError where error.tookNoEffect {
            // Nothing sent, or every attempt refused (a 4xx, 429 or 503 answer): no job came of it.
            try? await close(intent, on: .startRefused, in: store, whatever: true)
            throw error
        }
        // Any other failure leaves the intent open: whether a job came of it, the first run after its window
        // decides (adopted, abandoned, or listed as foreign when it cannot be told from another writer's).
        context.events(.jobStarted(jobID: job.jobID, status: job.status))
        context.afterStep(.jobStarted)
        return (job, intent)
    }

    /// Closes an intent by ``SyncMachine``'s transition: only while it is open, or (`whatever`: this run's own
    /// start, which it closes as it knows best) in any state.
    func close(
        _ intent: StartIntent,
        on event: SyncMachine.Event,
        jobID: String? = nil,
        in store: any LedgerStore,
        whatever: Bool = false
    ) async throws {
        guard let step = SyncMachine.transition(from: intent.state, on: event) else {
            throw SyncError(.invalidTransition, "an intent in state \(intent.state.rawValue) cannot take \(event)")
        }
        _ = try await store.transitionIntent(
            company: intent.company,
            intentID: intent.intentID,
            from: whatever ? PipelineState.intentStates : [PipelineState.intentRecorded, .intentSending],
            to: step.next,
            jobID: jobID
        )
    }
}
