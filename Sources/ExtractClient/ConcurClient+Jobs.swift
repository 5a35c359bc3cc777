import AccountingExtract
public import ExtractAPI
public import Foundation
import NIOHTTP1

extension ConcurClient {
    /// The extract definitions of the company.
    public func definitions() async throws -> [ExtractDefinition] {
        let url = try await tokens.validToken().geolocation.url(for: .definitions)
        let format = configuration.format
        return try await send("list definitions", .GET, url) { response in
            try response.decode(ExtractDefinitionList.self, expecting: format).definitions
        }
    }

    /// The definition with this exact name, or this id (its last path component).
    /// - Throws: ``ExtractClientError`` `http` (404-like) listing the names there are.
    public func definition(named nameOrID: String) async throws -> ExtractDefinition {
        let all = try await definitions()
        if let match = all.first(where: { $0.name == nameOrID }) ?? all.first(where: { $0.definitionID == nameOrID }) {
            return match
        }
        let names = all.map { "'\($0.name.debugEscaped)'" }.joined(separator: ", ")
        throw ExtractClientError(
            .http,
            "no definition named or with id '\(nameOrID.debugEscaped)'; the company has \(names)",
            statusCode: 404,
            operation: "find definition"
        )
    }

    /// The last jobs of a definition (newest first, as the server answers).
    public func jobs(of definition: ExtractDefinition) async throws -> [ExtractJob] {
        try await jobs(at: definition.jobsURL)
    }

    func jobs(at url: URL) async throws -> [ExtractJob] {
        let format = configuration.format
        return try await send("list jobs", .GET, url) { response in
            try response.decode(ExtractJobList.self, expecting: format).jobs
        }
    }

    /// Starts a job of `definition`. On 409 (a job already queued or running) it attaches to that job; after
    /// an ambiguous failure it looks at the jobs list before trying again, so one call never starts two jobs.
    ///
    /// For tools that post nothing (`run`); a ledger uses ``startOwnJob(_:knownJobIDs:sendBefore:willSend:takeSingleNewJob:)``,
    /// which never takes another actor's job.
    public func startJob(_ definition: ExtractDefinition) async throws -> ExtractJob {
        let startedBefore = ExtractTimestamp(configuration.clock.now.addingTimeInterval(-300))
        let definitionID = definition.definitionID
        do {
            return try await postJob(definition, sendBefore: nil, willSend: nil) { listed in
                // Did the ambiguous attempt start a job? Adopt it rather than start another.
                ExtractJobList(listed).jobToAttach(definitionID: definitionID, startedAtOrAfter: startedBefore)
            }
        } catch let error as ExtractClientError where error.statusCode == 409 {
            let running = try await ExtractJobList(jobs(at: definition.jobsURL)).jobToAttach(definitionID: definitionID)
            guard let running else {
                // Concur's own interval (a job started elsewhere, e.g. by hand, within the hour): nothing was
                // started, so the refusal takes no allowance of a local hourly guard (RunThrottle gives it back).
                var refused = ExtractClientError(
                    .tooSoon,
                    "Concur refused to start the job: \(error.message.debugEscaped) (another job of the definition ran "
                        + "within Concur's interval; --force cannot override Concur: run again once its interval has passed)",
                    statusCode: 409,
                    operation: "start job",
                    correlationID: error.correlationID
                )
                refused.tookNoEffect = error.tookNoEffect
                throw refused
            }
            logger.notice(
                "a job of this definition is already running: attaching to it",
                metadata: ["job": "\(running.id)"]
            )
            return running
        }
    }

    /// Starts a job of `definition` for a ledger that must never take another actor's job as its own.
    ///
    /// Unlike ``startJob(_:)`` it never attaches to a running job: a `409` (a job of the definition is queued or
    /// running, so not started by this call) throws ``ExtractClientError/Code/jobRunning``. No attempt is sent at
    /// or after `sendBefore` (``ExtractClientError/Code/startWindowClosed``), and `willSend` runs right before each
    /// attempt (a ledger marks its intent there; its error ends the call unsent), so that a ledger judging an
    /// interrupted start later knows whether and when its job could have started. After an ambiguous failure it takes a job as
    /// its own only when `takeSingleNewJob` (no other writer uses the definition) and exactly one job it did not know
    /// (`knownJobIDs`: every job the caller saw listed before this call) has appeared; otherwise it throws
    /// ``ExtractClientError/Code/ambiguousStart`` rather than guess.
    ///
    /// ```swift
    /// let listed = try await client.jobs(of: definition)
    /// let job = try await client.startOwnJob(definition, knownJobIDs: Set(listed.map(\.jobID)),
    ///                                        sendBefore: Date().addingTimeInterval(120))
    /// ```
    public func startOwnJob(
        _ definition: ExtractDefinition,
        knownJobIDs: Set<String>,
        sendBefore: Date? = nil,
        willSend: (@Sendable () async throws -> Void)? = nil,
        takeSingleNewJob: Bool = true
    ) async throws -> ExtractJob {
        let definitionID = definition.definitionID
        do {
            return try await postJob(definition, sendBefore: sendBefore, willSend: willSend) { listed in
                let appeared = listed.filter { job in
                    !knownJobIDs.contains(job.jobID) && (job.route?.definitionID).map { $0 == definitionID } ?? true
                }
                guard appeared.count <= 1, appeared.isEmpty || takeSingleNewJob else {
                    let ids = appeared.map(\.jobID).joined(separator: ", ")
                    let why =
                        appeared.count > 1
                        ? "\(appeared.count) new jobs of the definition appeared meanwhile (\(ids))"
                        : "a new job of the definition appeared meanwhile (\(ids)), and other writers use the definition"
                    throw ExtractClientError(
                        .ambiguousStart,
                        "the start of a job failed midway and \(why); none is taken: the next run lists them as foreign, adopt the right one with sync --adopt",
                        operation: "start job"
                    )
                }
                return appeared.first
            }
        } catch let error as ExtractClientError where error.statusCode == 409 {
            var running = ExtractClientError(
                .jobRunning,
                "a job of this definition is already queued or running, started by someone else (another ledger, a colleague's run): nothing was started; the next run tries again",
                statusCode: 409,
                operation: "start job",
                correlationID: error.correlationID
            )
            running.tookNoEffect = error.tookNoEffect
            throw running
        }
    }

    /// The one `POST …/job` of both starts: not idempotent, so an ambiguous failure lists the definition's jobs and
    /// asks `verify` whether the attempt started one (a job ends the call) before sending again.
    private func postJob(
        _ definition: ExtractDefinition,
        sendBefore: Date?,
        willSend: (@Sendable () async throws -> Void)?,
        verify: @escaping @Sendable ([ExtractJob]) throws -> ExtractJob?
    ) async throws -> ExtractJob {
        let format = configuration.format
        let body = try StartJobRequest(definitionURI: definition.id).encoded(as: format)
        let jobsURL = definition.jobsURL
        return try await send(
            "start job",
            .POST,
            definition.jobLink,
            body: body,
            idempotent: false,
            sendBefore: sendBefore,
            willSend: willSend,
            verify: { [self] in try verify(try await self.jobs(at: jobsURL)) },
            decode: { response in try response.decode(ExtractJob.self, expecting: format) }
        )
    }

    /// The job as its status link shows it now.
    public func status(of job: ExtractJob) async throws -> ExtractJob {
        try await status(at: job.statusLink)
    }

    /// The job at a job or status URL.
    public func status(at url: URL) async throws -> ExtractJob {
        let format = configuration.format
        return try await send("job status", .GET, url) { response in
            try response.decode(ExtractJob.self, expecting: format)
        }
    }

    /// Polls the job until it completes (returning it with its file link), fails or times out.
    /// - Parameters:
    ///   - job: the job as started or listed; its status link is polled.
    ///   - progress: called with each status seen and the time since polling began.
    public func waitForCompletion(
        _ job: ExtractJob,
        progress: (@Sendable (ExtractJob, Duration) -> Void)? = nil
    ) async throws -> ExtractJob {
        var poller = JobPoller<ContinuousClock.Instant>(
            job: job.id,
            configuration: configuration.poller,
            random: random
        )
        let clock = ContinuousClock()
        let began = clock.now
        var current = job
        progress?(current, .zero)
        var action = poller.statusReceived(job, at: clock.now)
        while let next = action {
            switch next {
            case .pollAfter(let delay):
                try await sleep(delay)
                do {
                    current = try await status(of: current)
                    progress?(current, clock.now - began)
                    action = poller.statusReceived(current, at: clock.now)
                } catch let error as ExtractClientError where error.isTransient {
                    action = poller.pollFailed(retryable: true, error: error, at: clock.now)
                }
            case .download(let fileLink):
                current.fileLink = fileLink
                return current
            case .fail(let error):
                throw error
            }
        }
        return current
    }
}
