import ExtractAPI
import Foundation

extension SandboxStore {
    /// The most jobs kept per definition (older jobs and their files are discarded).
    public static let jobsKeptPerDefinition = 100

    // MARK: Job progression

    /// Moves every active job on to `now`, in time order, writing files as jobs complete.
    func advanceJobs() {
        let now = clock.now
        var events: [(time: Date, sequence: Int, index: Int, transition: JobStateMachine.Transition)] = []
        for index in state.jobs.indices where state.jobs[index].machine.isActive {
            for transition in state.jobs[index].machine.advance(to: now) {
                let time: Date
                switch transition {
                case .started(let at), .completed(let at), .failed(let at): time = at
                }
                events.append((time, state.jobs[index].sequence, index, transition))
            }
        }
        guard !events.isEmpty else { return }
        markDirty()
        events.sort { ($0.time, $0.sequence) < ($1.time, $1.sequence) }
        for event in events {
            guard case .completed(let at) = event.transition else { continue }
            complete(jobAt: event.index, at: at)
        }
    }

    /// Writes the file of a job that has just completed, and marks what it took as extracted.
    private func complete(jobAt index: Int, at time: Date) {
        let job = state.jobs[index]
        if let original = job.redeliveryOf, let bytes = files[original],
            let source = state.jobs.first(where: { $0.id == original })
        {
            // The file served a second time: same bytes and batch, nothing newly extracted.
            state.jobs[index].fileName = source.fileName
            state.jobs[index].contentType = source.contentType
            state.jobs[index].batchID = source.batchID
            state.jobs[index].extractedIDs = []
            files[job.id] = bytes
            queueFileSave(jobID: job.id, bytes: bytes)
            return
        }
        guard let companyIndex = state.companyIndex(id: job.companyID),
            let definition = state.companies[companyIndex].definitions.first(where: { $0.id == job.definitionID })
        else {
            state.jobs[index].machine.markFailed()
            state.jobs[index].failureReason = "the definition no longer exists"
            return
        }
        do {
            var output = try ExtractFileBuilder.build(
                kind: definition.kind,
                company: state.companies[companyIndex],
                at: time
            )
            if let replacement = nextFile {
                // A test's own file; what the job took from the company is still marked extracted.
                output.name = replacement.name
                output.contentType = replacement.contentType
                output.bytes = replacement.bytes
                nextFile = nil
            }
            state.jobs[index].fileName = output.name
            state.jobs[index].contentType = output.contentType.rawValue
            state.jobs[index].extractedIDs = output.extractedIDs
            state.jobs[index].batchID = String(state.companies[companyIndex].nextBatchID)
            for id in output.extractedIDs {
                if output.extractsPaymentRequests {
                    state.companies[companyIndex].extractedPaymentRequests[id] = job.id
                } else {
                    state.companies[companyIndex].extractedReports[id] = job.id
                }
            }
            state.companies[companyIndex].nextBatchID += 1
            files[job.id] = output.bytes
            queueFileSave(jobID: job.id, bytes: output.bytes)
        } catch {
            state.jobs[index].machine.markFailed()
            state.jobs[index].failureReason = "the extract could not be written: \(error)"
        }
    }

    // MARK: Extract API operations (all scoped to one company)

    /// The company's definitions.
    public func definitions(companyID: String) -> [SandboxDefinition] {
        state.company(id: companyID)?.definitions ?? []
    }

    /// One definition of the company; 404 when it has none with that ID (also when another company has).
    public func definition(companyID: String, id: String) throws(SandboxError) -> SandboxDefinition {
        guard let definition = state.company(id: companyID)?.definitions.first(where: { $0.id == id }) else {
            throw SandboxError.definitionNotFound()
        }
        return definition
    }

    /// The last 100 jobs of a definition, newest first.
    public func jobs(companyID: String, definitionID: String) async throws(SandboxError) -> [SandboxJob] {
        _ = try definition(companyID: companyID, id: definitionID)
        advanceJobs()
        await flush()
        return Array(
            jobsNewestFirst(companyID: companyID, definitionID: definitionID).prefix(Self.jobsKeptPerDefinition)
        )
    }

    private func jobsNewestFirst(companyID: String, definitionID: String) -> [SandboxJob] {
        state.jobs
            .filter { $0.companyID == companyID && $0.definitionID == definitionID }
            .sorted { ($0.machine.createdAt, $0.sequence) > ($1.machine.createdAt, $1.sequence) }
    }

    /// Starts a job: 409 while another job of the definition is queued or running, or when the previous run
    /// started less than ``SandboxConfiguration/minimumRunInterval`` ago. `faults` are the job faults that fired.
    public func startJob(
        companyID: String,
        definitionID: String,
        accessToken: String? = nil,
        faults: [SandboxFault.Kind] = []
    ) async throws(SandboxError) -> SandboxJob {
        let definition = try definition(companyID: companyID, id: definitionID)
        advanceJobs()
        let now = clock.now
        let previous = jobsNewestFirst(companyID: companyID, definitionID: definitionID)
        if previous.contains(where: { $0.machine.isActive }) {
            await flush()
            throw SandboxError(
                .jobAlreadyActive,
                status: 409,
                "A job for the specified definition is already queued or running."
            )
        }
        if configuration.minimumRunInterval > 0, let last = previous.first,
            now.timeIntervalSince(last.machine.createdAt) < configuration.minimumRunInterval
        {
            await flush()
            let wait = Int(
                (configuration.minimumRunInterval - now.timeIntervalSince(last.machine.createdAt)).rounded(.up)
            )
            throw SandboxError(
                .runTooSoon,
                status: 409,
                "The definition was run less than \(Int(configuration.minimumRunInterval)) seconds ago; "
                    + "try again in \(wait) seconds."
            )
        }
        var outcome: JobOutcome = definition.kind == .alwaysFails ? .fail : .complete
        if faults.contains(.jobFails) { outcome = .fail }
        if faults.contains(.jobStuckInQueue) { outcome = .stuckInQueue }
        let redeliveryOf =
            faults.contains(.fileServedTwice)
            ? previous.first(where: { $0.machine.status == .completed && files[$0.id] != nil })?.id : nil
        let number = state.nextJobNumber
        state.nextJobNumber += 1
        let job = SandboxJob(
            id: SandboxID.make(seed: state.seed, namespace: "job", counter: number),
            definitionID: definitionID,
            companyID: companyID,
            machine: JobStateMachine(createdAt: now, timing: configuration.jobTiming, outcome: outcome),
            extractedIDs: [],
            fileName: nil,
            contentType: nil,
            failureReason: outcome == .fail ? "planned to fail" : nil,
            sequence: number,
            startedBy: accessToken.flatMap { state.accessTokens[$0] }.map {
                "\($0.clientID)/\($0.username ?? "company")"
            },
            redeliveryOf: redeliveryOf
        )
        state.jobs.append(job)
        if faults.contains(.tokenExpiresMidJob), let accessToken, var token = state.accessTokens[accessToken] {
            token.expiresAt = min(token.expiresAt, now.addingTimeInterval(configuration.jobTiming.queued))
            state.accessTokens[accessToken] = token
        }
        pruneJobs(companyID: companyID, definitionID: definitionID)
        markDirty()
        advanceJobs()
        await flush()
        return state.jobs.first { $0.id == job.id } ?? job
    }

    private func pruneJobs(companyID: String, definitionID: String) {
        let ordered = jobsNewestFirst(companyID: companyID, definitionID: definitionID)
        guard ordered.count > Self.jobsKeptPerDefinition else { return }
        let dropped = Set(ordered.dropFirst(Self.jobsKeptPerDefinition).map(\.id))
        state.jobs.removeAll { dropped.contains($0.id) }
        for id in dropped { files[id] = nil }
        queueFileDelete(jobIDs: Array(dropped))
    }

    /// One job of the company's definition; 404 when either is unknown to the company.
    public func job(companyID: String, definitionID: String, jobID: String) async throws(SandboxError) -> SandboxJob {
        _ = try definition(companyID: companyID, id: definitionID)
        advanceJobs()
        await flush()
        guard
            let job = state.jobs.first(where: {
                $0.id == jobID && $0.companyID == companyID && $0.definitionID == definitionID
            })
        else { throw SandboxError.jobNotFound() }
        return job
    }

    /// The output of a completed job; 404 before completion, for failed jobs and for unknown IDs.
    public func file(
        companyID: String,
        definitionID: String,
        jobID: String
    ) async throws(SandboxError) -> (job: SandboxJob, bytes: [UInt8]) {
        let job = try await self.job(companyID: companyID, definitionID: definitionID, jobID: jobID)
        guard job.machine.status == .completed, let bytes = files[job.id] else {
            throw SandboxError(
                .fileNotAvailable,
                status: 404,
                job.machine.status == .failed
                    ? "The job failed; it has no file."
                    : "The job has not completed; its file is not available yet."
            )
        }
        return (job, bytes)
    }
}
