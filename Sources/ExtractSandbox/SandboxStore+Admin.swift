import AccountingExtract
public import ExtractAPI
public import Foundation

extension SandboxStore {
    /// Puts the sandbox back to its seeded state: the same companies, credentials and reports, no tokens, no
    /// jobs, and the configured faults with fresh counters. The signing key (and so the JWKS) stays.
    public func reset() async {
        let dropped = state.jobs.map(\.id)
        let key = state.signingKey
        state = SandboxState.seeded(configuration, now: clock.now)
        state.signingKey = key
        files = [:]
        injector = FaultInjector(faults: configuration.faults, seed: configuration.seed)
        queueFileDelete(jobIDs: dropped)
        markDirty()
        await flush()
    }

    /// Adds `count` approved reports (and `paymentRequests` payment requests) to one company, or to every
    /// company when `companyID` is `nil`. Returns how many reports each company now has ready for extract.
    /// Jobs are moved on to now first, so a job that completed earlier never takes reports added after it.
    @discardableResult
    public func seedReports(
        count: Int,
        paymentRequests: Int = 0,
        companyID: String? = nil
    ) async throws(SandboxError) -> [String: Int] {
        // Jobs that finished before now take what was ready then, not the reports added now.
        advanceJobs()
        let date = CalendarDate.utc(clock.now)
        var ready: [String: Int] = [:]
        var found = false
        for index in state.companies.indices where companyID == nil || state.companies[index].id == companyID {
            found = true
            state.companies[index].addReports(
                count: max(0, count),
                paymentRequests: max(0, paymentRequests),
                seed: state.seed,
                before: date
            )
            ready[state.companies[index].id] = state.companies[index].reportsReadyForExtract.count
        }
        guard found else { throw SandboxError(.unknownCompany, status: 404, "No company has this ID.") }
        markDirty()
        await flush()
        return ready
    }

    /// Moves a simulated clock forward (and the jobs with it); 409 on the real clock.
    @discardableResult
    public func advanceClock(by seconds: TimeInterval) async throws(SandboxError) -> Date {
        guard seconds.isFinite, seconds >= 0 else {
            throw SandboxError(.malformedBody, status: 400, "The number of seconds must be zero or more.")
        }
        guard let simulated = clock as? SimulatedClock, simulated.advance(by: seconds) else {
            throw SandboxError(.clockNotSimulated, status: 409, "The sandbox runs on the real clock.")
        }
        advanceJobs()
        await flush()
        return clock.now
    }

    /// Gives a company a geolocation other than the sandbox's own address (`nil` restores it).
    public func setGeolocation(_ url: URL?, companyID: String) async throws(SandboxError) {
        guard let index = state.companyIndex(id: companyID) else {
            throw SandboxError(.unknownCompany, status: 404, "No company has this ID.")
        }
        state.companies[index].geolocation = url?.absoluteString
        markDirty()
        await flush()
    }

    /// Makes the next job to complete (of any company) serve `bytes` as its file, named `name`, instead of the
    /// file it would write: for tests that need a file Concur could send but the sandbox does not write (a zip
    /// whose entries share a name, say). The reports the job takes are still marked extracted.
    ///
    /// ```swift
    /// await server.store.replaceNextFile(name: "extract.zip", contentType: .zip, bytes: zipBytes)
    /// ```
    public func replaceNextFile(name: String, contentType: ExtractWire.MediaType, bytes: [UInt8]) {
        nextFile = ExtractFileBuilder.Output(
            name: name,
            contentType: contentType,
            bytes: bytes,
            extractedIDs: [],
            extractsPaymentRequests: false
        )
    }

    /// A summary for the admin route and the CLI, without secrets.
    public func summary() -> SandboxSummary {
        advanceJobs()
        return SandboxSummary(
            now: clock.now,
            companies: state.companies.map { company in
                SandboxSummary.Company(
                    id: company.id,
                    name: company.name,
                    geolocation: company.geolocation,
                    definitions: company.definitions.map { .init(id: $0.id, name: $0.name, kind: $0.kind) },
                    reportsReadyForExtract: company.reportsReadyForExtract.count,
                    reportsExtracted: company.extractedReports.count,
                    paymentRequestsReadyForExtract: company.paymentRequestsReadyForExtract.count
                )
            },
            jobs: state.jobs.map {
                .init(id: $0.id, definitionID: $0.definitionID, companyID: $0.companyID, status: $0.machine.status.word)
            },
            faults: injector.faults
        )
    }
}

/// What the sandbox holds, without secrets (`GET /_sandbox/state`).
public struct SandboxSummary: Sendable, Hashable, Codable {
    public struct Definition: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var kind: SandboxDefinitionKind
    }

    public struct Company: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var geolocation: String?
        public var definitions: [Definition]
        public var reportsReadyForExtract: Int
        public var reportsExtracted: Int
        public var paymentRequestsReadyForExtract: Int
    }

    public struct Job: Sendable, Hashable, Codable {
        public var id: String
        public var definitionID: String
        public var companyID: String
        public var status: String
    }

    public var now: Date
    public var companies: [Company]
    public var jobs: [Job]
    public var faults: [SandboxFault]
}
