/// The truth the sandbox knows and a client can only infer: which job extracted which report, who started each
/// job, which file was served again, and each FIS document's status and confirmations. Tests read it in-process (``SandboxStore/oracle()``) or over the admin
/// route `GET /_sandbox/oracle`, and check a ledger's journal against it.
///
/// ```swift
/// let oracle = await sandbox.store.oracle()
/// for job in oracle.jobs where job.startedBy == "sandbox-client/admin@demo.example" {
///     print(job.id, job.reportIDs)     // the reports that job, and only that job, extracted
/// }
/// let extractor = oracle.extractedBy[companyID]?[reportID]   // the job that extracted the report
/// ```
public struct SandboxOracle: Sendable, Hashable, Codable {
    /// One job as the sandbox saw it.
    public struct Job: Sendable, Hashable, Codable {
        public var id: String
        public var companyID: String
        public var definitionID: String
        /// The wire status (`Queued`, `Running`, `Completed`, `Failed`).
        public var status: String
        /// `clientID/username` (or `clientID/company`) of the token that started it; `nil` for in-process starts.
        public var startedBy: String?
        /// The reports (or payment requests) this job extracted: each is extracted by exactly one job.
        public var reportIDs: [String]
        /// The batch ID of its file, once completed.
        public var batchID: String?
        /// The file's name, once completed.
        public var fileName: String?
        /// The earlier job whose file this one served again (the ``SandboxFault/Kind/fileServedTwice`` fault).
        public var redeliveryOf: String?
        /// Why it failed, when it did.
        public var failureReason: String?

        public init(
            id: String,
            companyID: String,
            definitionID: String,
            status: String,
            startedBy: String?,
            reportIDs: [String],
            batchID: String? = nil,
            fileName: String? = nil,
            redeliveryOf: String? = nil,
            failureReason: String? = nil
        ) {
            self.id = id
            self.companyID = companyID
            self.definitionID = definitionID
            self.status = status
            self.startedBy = startedBy
            self.reportIDs = reportIDs
            self.batchID = batchID
            self.fileName = fileName
            self.redeliveryOf = redeliveryOf
            self.failureReason = failureReason
        }
    }

    /// Every job kept (the last ``SandboxStore/jobsKeptPerDefinition`` per definition), in creation order.
    public var jobs: [Job]
    /// Company ID → report (or payment request) ID → the job that extracted it.
    public var extractedBy: [String: [String: String]]
    /// Company ID → its FIS documents in creation order: status, acknowledging `systemId`, the posting
    /// confirmation (result, ledger document numbers) and the payment confirmations (see ``SandboxFISDocument``).
    public var fisDocuments: [String: [SandboxFISDocument]]

    public init(
        jobs: [Job],
        extractedBy: [String: [String: String]],
        fisDocuments: [String: [SandboxFISDocument]] = [:]
    ) {
        self.jobs = jobs
        self.extractedBy = extractedBy
        self.fisDocuments = fisDocuments
    }

    /// The FIS document with this id, in any company.
    public func fisDocument(id: String) -> SandboxFISDocument? {
        for documents in fisDocuments.values {
            if let found = documents.first(where: { $0.id == id }) { return found }
        }
        return nil
    }

    /// The job with this ID.
    public func job(id: String) -> Job? { jobs.first { $0.id == id } }
}

extension SandboxStore {
    /// The oracle: which job extracted which report, and who started each job (see ``SandboxOracle``).
    public func oracle() -> SandboxOracle {
        advanceJobs()
        var extractedBy: [String: [String: String]] = [:]
        for company in state.companies {
            extractedBy[company.id] = company.extractedReports.merging(company.extractedPaymentRequests) { a, _ in a }
        }
        return SandboxOracle(
            jobs: state.jobs.sorted { $0.sequence < $1.sequence }.map {
                SandboxOracle.Job(
                    id: $0.id,
                    companyID: $0.companyID,
                    definitionID: $0.definitionID,
                    status: $0.machine.status.word,
                    startedBy: $0.startedBy,
                    reportIDs: $0.extractedIDs,
                    batchID: $0.batchID,
                    fileName: $0.fileName,
                    redeliveryOf: $0.redeliveryOf,
                    failureReason: $0.failureReason
                )
            },
            extractedBy: extractedBy,
            fisDocuments: Dictionary(
                state.companies.filter { !$0.fisDocuments.isEmpty }.map { ($0.id, $0.fisDocuments) },
                uniquingKeysWith: { a, _ in a }
            )
        )
    }

    /// Adds an administrator to a company (or resets the password of one it has), so that several actors can
    /// hold tokens of their own and the oracle tells their jobs apart.
    ///
    /// ```swift
    /// try await store.addAdministrator(companyID: company.id, username: "ledger-b@demo.example", password: "pw")
    /// ```
    public func addAdministrator(companyID: String, username: String, password: String) async throws(SandboxError) {
        guard let index = state.companyIndex(id: companyID) else {
            throw SandboxError(.unknownCompany, status: 404, "No company has this ID.")
        }
        guard !username.isEmpty, !password.isEmpty else {
            throw SandboxError(.malformedBody, status: 400, "Give a user name and a password.")
        }
        state.companies[index].users.removeAll { $0.username.caseInsensitiveCompare(username) == .orderedSame }
        state.companies[index].users.append(SandboxUser(username: username, password: password, isAdministrator: true))
        markDirty()
        await flush()
    }

    /// Ends every job still `Queued` or `Running` as `Failed` ("cancelled by support"), as Concur support would
    /// clear a job stuck in the queue. Returns the IDs of the jobs ended.
    @discardableResult
    public func cancelActiveJobs() async -> [String] {
        advanceJobs()
        let now = clock.now
        var cancelled: [String] = []
        for index in state.jobs.indices where state.jobs[index].machine.cancel(at: now) {
            state.jobs[index].failureReason = "cancelled by support"
            cancelled.append(state.jobs[index].id)
        }
        if !cancelled.isEmpty { markDirty() }
        await flush()
        return cancelled
    }
}
