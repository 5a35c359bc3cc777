import AccountingExtract
import ExtractAPI
import ExtractSandbox
import ExtractTesting
import FinancialIntegrationAPI
import Foundation
import Ledger

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one seeded schedule did and found.
struct ChaosOutcome: Sendable {
    var seed: UInt64
    var events: [ChaosEvent]
    var kills = 0
    /// Of the kills, those at a FIS document step.
    var fisKills = 0
    var faultsFired = 0
    /// Jobs a ledger started but lists as foreign (an interrupted start it could not tell from another writer's).
    var ownListedForeign = 0
    /// Jobs started outside every ledger (by the colleague).
    var foreignJobs = 0
    /// FIS documents the sandbox created, and of them: posted in a ledger, confirmed `error`, recalled, acknowledged
    /// by the other ERP, resubmissions.
    var fisDocuments = 0
    var fisPosted = 0
    var fisErrorConfirmed = 0
    var fisRecalled = 0
    var fisForeign = 0
    var fisResubmitted = 0
    var violations: [ChaosViolation] = []
    /// Runs that ended in a way the harness did not cause (a signal it did not send, an unknown exit code).
    var unexpectedExits: [String] = []
}

/// Runs one seeded schedule against an in-process sandbox (the adversary and the oracle) and the real
/// `concur-extract` binary (so kill -9 and SIGSTOP are real), settles, and checks ``ChaosInvariants``.
///
/// ```swift
/// let outcome = try await ChaosHarness(seed: 3, length: 10).run()
/// #expect(outcome.violations.isEmpty)
/// ```
struct ChaosHarness {
    var seed: UInt64
    var length: Int
    var slowFaults = false
    /// The longest a run may take before the harness kills it.
    var runDeadline: Duration = .seconds(12)
    /// The lease of a `p` worker's claim (short, so a paused worker's lease expires).
    var leaseSeconds = 2.0
    /// Every run's command and exit, for a failing seed's report.
    var log: (@Sendable (String) -> Void)? = nil

    /// Companies `c0`, `c1` on the Extract API and `c2` (``ChaosSchedule/fisCompany``) on FIS.
    static let companies = 3
    static let clientPrefix = "chaos"

    func run() async throws -> ChaosOutcome {
        let events = ChaosSchedule.make(seed: seed, length: length, slowFaults: slowFaults)
        var configuration = SandboxConfiguration()
        configuration.seed = seed
        configuration.companies = Self.companies
        configuration.reportsPerCompany = 3
        configuration.employeesPerCompany = 3
        configuration.jobTiming = JobTiming(queued: 0, running: 0)
        configuration.minimumRunInterval = 0
        configuration.adminKey = "chaos-admin"
        configuration.companyReportSources = [ChaosSchedule.fisCompany: .fis]
        let server = try await SandboxServer.start(configuration)
        do {
            let world = try await World(server: server, seed: seed, leaseSeconds: leaseSeconds, log: log)
            var outcome = ChaosOutcome(seed: seed, events: events)
            for event in events {
                log?("seed \(seed): \(event)")
                try await world.play(event, deadline: runDeadline, outcome: &outcome)
            }
            try await world.settle(outcome: &outcome)
            outcome.faultsFired += await server.store.faultHitCounts.reduce(0, +)
            let oracle = await server.store.oracle()
            let identities = Set(world.ledgers.values.map(\.identity))
            outcome.foreignJobs =
                oracle.jobs.filter {
                    ChaosInvariants.username($0.startedBy).map { !identities.contains($0) } ?? false
                }.count
            var views: [ChaosLedgerView] = []
            for name in ["a", "b", "p"] {
                if let view = try await world.view(of: name) { views.append(view) }
            }
            outcome.violations = ChaosInvariants.check(
                oracle: oracle,
                companies: world.companyKeys,
                ledgers: views,
                fisDebits: await world.fisDebits(oracle)
            )
            let documents = oracle.fisDocuments.values.flatMap { $0 }
            let postedIDs = Set(views.flatMap { $0.fisPostings.map(\.docId) })
            outcome.fisDocuments = documents.count
            outcome.fisPosted = documents.filter { postedIDs.contains($0.id) }.count
            outcome.fisErrorConfirmed = documents.filter { $0.posting?.result == .error }.count
            outcome.fisRecalled = documents.filter { $0.status == .recalled }.count
            outcome.fisForeign = documents.filter { $0.erpSystemID == ChaosSchedule.foreignSystemID }.count
            outcome.fisResubmitted = documents.filter { $0.resubmissionOf != nil }.count
            outcome.ownListedForeign =
                oracle.jobs.filter { job in
                    views.contains {
                        $0.identity == ChaosInvariants.username(job.startedBy) && $0.foreignReported.contains(job.id)
                    }
                }.count
            await server.shutdown()
            return outcome
        } catch {
            await server.shutdown()
            throw error
        }
    }

    /// One ledger: where it lives, who its actors log in as, what its runs reported.
    final class Ledger: @unchecked Sendable {
        let name: String
        let username: String
        let password: String
        let identity: String
        /// The `systemId` it acknowledges and confirms FIS documents as: one per ledger, as the configuration
        /// asks of several ledgers reading one company.
        let systemID: String
        let database: String
        var foreignReported: Set<String> = []

        init(name: String, database: String) {
            self.name = name
            self.username = "ledger-\(name)@chaos.example"
            self.password = "pw-ledger-\(name)"
            self.identity = username
            self.systemID = "chaos-ledger-\(name)"
            self.database = database
        }
    }

    /// The sandbox, the data directory and the ledgers of one schedule.
    final class World: @unchecked Sendable {
        let server: SandboxServer
        let data: String
        let leaseSeconds: Double
        let log: (@Sendable (String) -> Void)?
        var ledgers: [String: Ledger] = [:]
        /// sandbox company id → ledger company key (`c0`, `c1`, `c2`).
        var companyKeys: [String: String] = [:]
        var companies: [SandboxCompany] = []
        var runNumber = 0

        init(server: SandboxServer, seed: UInt64, leaseSeconds: Double, log: (@Sendable (String) -> Void)?) async throws
        {
            self.server = server
            self.leaseSeconds = leaseSeconds
            self.log = log
            data = try CLIRunner.temporaryDirectory() + "/chaos-\(seed)"
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            companies = await server.store.state.companies
            // A ledger's actors log in as its own administrator in every company: the oracle's `startedBy` says
            // which ledger started a job.
            ledgers["a"] = Ledger(name: "a", database: data + "/a/ledger.sqlite")
            ledgers["b"] = Ledger(name: "b", database: data + "/b/ledger.sqlite")
            ledgers["p"] = Ledger(name: "p", database: try await TestPostgres.freshDatabase(prefix: "sync_crash_"))
            for (index, company) in companies.enumerated() {
                companyKeys[company.id] = "c\(index)"
                for ledger in ledgers.values {
                    try await server.store.addAdministrator(
                        companyID: company.id,
                        username: ledger.username,
                        password: ledger.password
                    )
                }
                try await server.store.addAdministrator(
                    companyID: company.id,
                    username: "colleague@chaos.example",
                    password: "pw-colleague"
                )
            }
            for name in ["b", "p"] {
                try companiesFile(for: try ledger(name)).write(
                    toFile: data + "/\(name).toml",
                    atomically: true,
                    encoding: .utf8
                )
            }
        }

        func ledger(_ name: String) throws -> Ledger {
            guard let ledger = ledgers[name] else {
                throw SyncCrashTests.CrashTestError(description: "no ledger \(name)")
            }
            return ledger
        }

        func companiesFile(for ledger: Ledger) -> String {
            var text = ""
            for (index, company) in companies.enumerated() {
                if index == ChaosSchedule.fisCompany {
                    // A FIS company: the company-level token of its request token, this ledger's systemId.
                    text += """
                        [company.c\(index)]
                        base_url = "\(server.baseURL.absoluteString)"
                        client_id = "\(company.clients[0].id)"
                        client_secret = "\(company.clients[0].secret)"
                        username = "\(company.id)"
                        password = "\(company.requestToken)"
                        credential_type = "authtoken"
                        source = "fis"
                        system_id = "\(ledger.systemID)"
                        every_minutes = 1

                        """
                    continue
                }
                text += """
                    [company.c\(index)]
                    base_url = "\(server.baseURL.absoluteString)"
                    client_id = "\(company.clients[0].id)"
                    client_secret = "\(company.clients[0].secret)"
                    username = "\(ledger.username)"
                    password = "\(ledger.password)"
                    every_minutes = 1

                    """
            }
            return text
        }

        /// How long an actor's start of a job may take (`CONCUR_EXTRACT_START_WINDOW_SECONDS`): short, so that an
        /// interrupted start is judged within the schedule (a start is judged 1.25 windows after its intent).
        static let startWindowSeconds = 2.0

        /// The command line and environment of one actor's run.
        func command(_ actor: ChaosActor, crashAfter: String?, serve: Bool) throws -> ([String], [String: String]) {
            var environment = [
                "CONCUR_EXTRACT_LEASE_SECONDS": String(leaseSeconds),
                "CONCUR_EXTRACT_START_WINDOW_SECONDS": String(Self.startWindowSeconds),
            ]
            if let crashAfter { environment["CONCUR_EXTRACT_CRASH_AFTER"] = crashAfter }
            let common = ["--poll-interval", "5"]
            switch actor {
            case .ledgerA(let index):
                let ledger = try ledger("a")
                let company = companies[index]
                environment["CONCUR_BASE_URL"] = server.baseURL.absoluteString
                environment["CONCUR_CLIENT_ID"] = company.clients[0].id
                environment["CONCUR_CLIENT_SECRET"] = company.clients[0].secret
                environment["CONCUR_USERNAME"] = ledger.username
                environment["CONCUR_PASSWORD"] = ledger.password
                environment["CONCUR_EXTRACT_STATE"] = data + "/a/state-c\(index)"
                var arguments = ["sync", "--json", "--data-dir", data + "/a", "--company", "c\(index)"]
                if index == ChaosSchedule.fisCompany {
                    environment["CONCUR_USERNAME"] = company.id
                    environment["CONCUR_PASSWORD"] = company.requestToken
                    environment["CONCUR_CREDENTIAL_TYPE"] = "authtoken"
                    environment["CONCUR_FIS_SYSTEM_ID"] = ledger.systemID
                    arguments += ["--source", "fis"]
                }
                return (arguments + common, environment)
            case .ledgerB:
                environment["CONCUR_EXTRACT_STATE"] = data + "/b/state"
                return (
                    ["sync", "--all", "--companies", data + "/b.toml", "--data-dir", data + "/b", "--parallel", "2"]
                        + common,
                    environment
                )
            case .worker(let number):
                let ledger = try ledger("p")
                environment["CONCUR_EXTRACT_STATE"] = data + "/p-w\(number)/state"
                let verb = serve ? ["serve", "--once"] : ["sync", "--all"]
                return (
                    verb + [
                        "--companies", data + "/p.toml", "--data-dir", data + "/p-w\(number)", "--database",
                        ledger.database, "--worker", "w\(number)", "--parallel", "2",
                    ] + common,
                    environment
                )
            }
        }

        func start(_ actor: ChaosActor, crashAfter: String?, serve: Bool = false) async throws -> ChildProcess {
            let (arguments, environment) = try command(actor, crashAfter: crashAfter, serve: serve)
            runNumber += 1
            return try await ChildProcess.chaosRun(arguments, environment: environment)
        }

        /// Records what a finished run tells: kills, unexpected ends, foreign jobs it reported.
        func finished(
            _ actor: ChaosActor,
            _ exit: ChaosExit,
            crashAfter: String?,
            outcome: inout ChaosOutcome
        ) {
            log?("  \(actor): \(exit)")
            if exit.wasKilled { outcome.kills += 1 }
            if exit.wasKilled, let crashAfter, ChaosSchedule.documentSteps.contains(crashAfter),
                !exit.killedAtDeadline
            {
                outcome.fisKills += 1
            }
            if exit.signalled && !exit.wasKilled {
                outcome.unexpectedExits.append("\(actor): \(exit)\n\(exit.output.suffix(2_000))")
            } else if !exit.signalled && ![0, 1, 4].contains(exit.status) {
                outcome.unexpectedExits.append("\(actor): \(exit)\n\(exit.output.suffix(2_000))")
            }
            if let ledger = ledgers[actor.ledger] {
                ledger.foreignReported.formUnion(Self.foreignJobs(in: exit.output))
            }
        }

        /// Concur job ids listed under `"foreignJobs"` in any JSON object of the output (absent today).
        static func foreignJobs(in output: String) -> Set<String> {
            var found: Set<String> = []
            var candidates = [output]
            candidates += output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("{") }
            for text in candidates {
                guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { continue }
                collect(object, into: &found)
            }
            return found
        }

        private static func collect(_ value: Any, into found: inout Set<String>) {
            if let dictionary = value as? [String: Any] {
                for (key, inner) in dictionary {
                    if key == "foreignJobs", let jobs = inner as? [[String: Any]] {
                        for job in jobs {
                            if let id = job["id"] as? String { found.insert(URL(string: id)?.lastPathComponent ?? id) }
                        }
                    } else {
                        collect(inner, into: &found)
                    }
                }
            } else if let array = value as? [Any] {
                for inner in array { collect(inner, into: &found) }
            }
        }

        func play(_ event: ChaosEvent, deadline: Duration, outcome: inout ChaosOutcome) async throws {
            switch event {
            case .run(let actor, let crashAfter):
                let serve = runNumber % 3 == 2
                let exit = try await start(actor, crashAfter: crashAfter, serve: serve).chaosExit(deadline: deadline)
                finished(actor, exit, crashAfter: crashAfter, outcome: &outcome)
            case .pausePastLease(let worker, let pauseMilliseconds):
                let paused = try await start(.worker(worker), crashAfter: nil)
                try await Task.sleep(for: .milliseconds(pauseMilliseconds))
                paused.send(SIGSTOP)
                try await Task.sleep(for: .milliseconds(Int64(leaseSeconds * 1000) + 300))
                let other = ChaosActor.worker(worker == 1 ? 2 : 1)
                let exit = try await start(other, crashAfter: nil).chaosExit(deadline: deadline)
                finished(other, exit, crashAfter: nil, outcome: &outcome)
                paused.send(SIGCONT)
                let pausedExit = try await paused.chaosExit(deadline: deadline)
                finished(.worker(worker), pausedExit, crashAfter: nil, outcome: &outcome)
            case .colleagueStartsJob(let index):
                await colleagueStartsJob(company: companies[index])
            case .addReports(let count):
                try await server.store.seedReports(count: count)
            case .faults(let faults):
                outcome.faultsFired += await server.store.faultHitCounts.reduce(0, +)
                await server.store.setFaults(faults)
            case .recallReady(let pick):
                if let document = await fisDocument(pick, where: { $0.status == .ready }) {
                    let recalled = try? await server.store.recallFISDocument(
                        companyID: fisCompanyID,
                        docID: document.id
                    )
                    log?("  recalled \(document.id): \(recalled?.status.rawValue ?? "refused")")
                }
            case .foreignAcknowledges(let pick, let confirmsError):
                guard let document = await fisDocument(pick, where: { $0.status == .ready }) else { return }
                let system = ChaosSchedule.foreignSystemID
                let acknowledged = await server.store.fisAcknowledge(
                    companyID: fisCompanyID,
                    type: document.docType,
                    request: FISAcknowledgeRequest(ids: [document.id], systemId: system)
                )
                log?("  \(system) acknowledged \(document.id): \(acknowledged.first?.code.code ?? -1)")
                guard confirmsError, acknowledged.first?.code == .success else { return }
                let confirmed = await server.store.fisConfirmPosting(
                    companyID: fisCompanyID,
                    type: document.docType,
                    request: FISPostingConfirmationRequest(
                        systemId: system,
                        postingConfirmations: [
                            FISPostingConfirmation(
                                docId: document.id,
                                overallPostingStatusCode: .error,
                                systemMessages: [
                                    FISSystemMessage(messageId: "E1", messageShortText: "posting period closed")
                                ]
                            )
                        ]
                    )
                )
                log?("  \(system) confirmed error for \(document.id): \(confirmed.first?.code.code ?? -1)")
            case .resubmit(let pick):
                let oracle = await server.store.oracle()
                let resubmitted = Set((oracle.fisDocuments[fisCompanyID] ?? []).compactMap(\.resubmissionOf))
                if let document = await fisDocument(
                    pick,
                    where: {
                        ($0.status == .postingConfirmedFailure || $0.status == .recalled)
                            && !resubmitted.contains($0.id)
                    }
                ) {
                    let new = try? await server.store.resubmitFISDocument(companyID: fisCompanyID, docID: document.id)
                    log?("  resubmitted \(document.id) as \(new?.id ?? "refused")")
                }
            case .addInvoices(let count):
                try await server.store.seedReports(count: 0, paymentRequests: count, companyID: fisCompanyID)
            }
        }

        /// The sandbox id of the FIS company.
        var fisCompanyID: String { companies[ChaosSchedule.fisCompany].id }

        /// The `pick`-th (modulo their count) of the FIS company's documents that `matching` keeps.
        func fisDocument(_ pick: Int, where matching: (SandboxFISDocument) -> Bool) async -> SandboxFISDocument? {
            let candidates = (await server.store.oracle().fisDocuments[fisCompanyID] ?? []).filter(matching)
            return candidates.isEmpty ? nil : candidates[pick % candidates.count]
        }

        /// Each FIS document's journal debits, built from the document the oracle serves (the same builder and
        /// default accounts as the ledgers): the oracle's side of the sums invariant.
        func fisDebits(_ oracle: SandboxOracle) async -> [String: Amount] {
            var debits: [String: Amount] = [:]
            let builder = FISJournalBuilder()
            guard let anyDay = CalendarDate(year: 2026, month: 1, day: 1) else { return debits }
            for (companyID, documents) in oracle.fisDocuments {
                for document in documents {
                    var query = SandboxStore.FISQuery()
                    query.docID = document.reportID
                    query.ignoreDocumentStatus = true
                    let served = await server.store.fisTransactions(
                        companyID: companyID,
                        type: document.docType,
                        query: query
                    )
                    guard let content = served.first(where: { $0.document.id == document.id })?.content,
                        let lines = try? builder.lines(
                            for: content,
                            docId: document.id,
                            postingDate: anyDay
                        )
                    else { continue }
                    debits[document.id] = lines.reduce(Amount.zero) { $0 + $1.debit }
                }
            }
            return debits
        }

        /// The colleague: a password grant and a `POST …/job` over plain HTTP, as any other Concur client would.
        /// Failures (faults hit the colleague too) are ignored: it does not retry.
        func colleagueStartsJob(company: SandboxCompany) async {
            guard let definition = company.definitions.first(where: { $0.kind == .standardAccounting }) else { return }
            let base = server.baseURL.absoluteString
            guard let tokenURL = URL(string: base + ExtractWire.tokenPath),
                let jobsURL = URL(string: base + ExtractWire.Route.jobs(definitionID: definition.id).path)
            else { return }
            var tokenRequest = URLRequest(url: tokenURL)
            tokenRequest.httpMethod = "POST"
            tokenRequest.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            let form = [
                ("grant_type", "password"), ("client_id", company.clients[0].id),
                ("client_secret", company.clients[0].secret), ("username", "colleague@chaos.example"),
                ("password", "pw-colleague"),
            ]
            tokenRequest.httpBody = Data(
                form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.1)" }
                    .joined(separator: "&").utf8
            )
            guard let (tokenData, _) = try? await URLSession.shared.data(for: tokenRequest),
                let token = (try? JSONSerialization.jsonObject(with: tokenData) as? [String: Any])?["access_token"]
                    as? String
            else {
                log?("  colleague: no token")
                return
            }
            var start = URLRequest(url: jobsURL)
            start.httpMethod = "POST"
            start.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            start.setValue("application/json", forHTTPHeaderField: "Accept")
            let answer = try? await URLSession.shared.data(for: start)
            log?("  colleague: POST job → \((answer?.1 as? HTTPURLResponse)?.statusCode ?? 0)")
        }

        /// Clears the faults, lets support cancel stuck jobs, waits out the leases of killed workers, then runs
        /// every actor until a round ends with nothing failed (at most 3 rounds).
        func settle(outcome: inout ChaosOutcome) async throws {
            outcome.faultsFired += await server.store.faultHitCounts.reduce(0, +)
            await server.store.setFaults([])
            let actors: [ChaosActor] = [
                .ledgerA(company: 0), .ledgerA(company: 1), .ledgerA(company: ChaosSchedule.fisCompany), .ledgerB,
                .worker(1),
            ]
            for round in 0..<3 {
                await server.store.cancelActiveJobs()
                let judged = Self.startWindowSeconds * 1.25  // the window and its skew allowance
                try await Task.sleep(for: .milliseconds(Int64(max(leaseSeconds, judged) * 1000) + 200))
                var clean = true
                for actor in actors {
                    let exit = try await start(actor, crashAfter: nil).chaosExit(deadline: .seconds(40))
                    log?("  settle \(round):")
                    finished(actor, exit, crashAfter: nil, outcome: &outcome)
                    if exit.signalled || ![0, 4].contains(exit.status) { clean = false }
                }
                if clean { return }
            }
        }

        /// The ledger as it stands: postings per (company, batch, report), quarantine, reconciliation.
        func view(of name: String) async throws -> ChaosLedgerView? {
            let ledger = try ledger(name)
            if !ledger.database.hasPrefix("postgres"), !FileManager.default.fileExists(atPath: ledger.database) {
                return nil
            }
            let store = try await LedgerStores.open(ledger.database)
            do {
                let view = try await read(store, ledger: ledger)
                try await store.close()
                return view
            } catch {
                try? await store.close()
                throw error
            }
        }

        private func read(_ store: any LedgerStore, ledger: Ledger) async throws -> ChaosLedgerView {
            var jobOfBatch: [String: String] = [:]
            for loaded in try await store.batches() {
                if let job = loaded.batch.jobID {
                    jobOfBatch["\(loaded.batch.company ?? "")/\(loaded.batch.batchID)"] =
                        URL(string: job)?.lastPathComponent ?? job
                }
            }
            var postings: Set<ChaosLedgerView.Posting> = []
            var fisDebits: [String: (company: String, debits: Amount)] = [:]
            for company in companyKeys.values {
                var cursor: JournalCursor?
                var pages = 0
                repeat {
                    let page = try await store.journalPage(.company(company), after: cursor, limit: 1_000)
                    for line in page.lines {
                        guard line.batchID.hasPrefix(Self.fisBatchPrefix) else { continue }
                        let docId = String(line.batchID.dropFirst(Self.fisBatchPrefix.count))
                        fisDebits[docId, default: (company, .zero)].debits += line.debit
                    }
                    for line in page.lines where line.origin == .extract && !line.batchID.hasPrefix(Self.fisBatchPrefix)
                    {
                        postings.insert(
                            .init(
                                company: company,
                                batchID: line.batchID,
                                jobID: jobOfBatch["\(company)/\(line.batchID)"],
                                reportID: line.reportID
                            )
                        )
                    }
                    cursor = page.next
                    pages += 1
                } while cursor != nil && pages < 10_000
            }
            let summary = try await store.reconciliation(.all)
            var problems: [String] = []
            if summary.debitTotal != summary.creditTotal {
                problems.append("debits \(summary.debitTotal) ≠ credits \(summary.creditTotal)")
            }
            for batch in summary.batches where !batch.matchesHeader {
                problems.append(
                    "batch \(batch.batchID): loaded \(batch.loadedRecordCount) records, \(batch.loadedTotal) against header \(batch.headerRecordCount), \(batch.headerTotal)"
                )
            }
            // What every run of this ledger lists (and exits 4 for): its jobs recorded as foreign, not yet adopted or
            // dismissed. `sync --json` prints them too; `sync --all` and `serve` print them as text.
            var foreign = ledger.foreignReported
            for company in companyKeys.values {
                for record in try await store.jobs(company: company, includePosted: false)
                where record.ownership == .foreign {
                    foreign.insert(record.jobID)
                }
            }
            var confirmations: [ChaosLedgerView.FISConfirmation] = []
            let fisCompany = "c\(ChaosSchedule.fisCompany)"
            for record in try await store.jobs(company: fisCompany, includePosted: true)
            where record.definitionID.hasPrefix("fis:") {
                if let confirmation = try await store.fisConfirmation(company: fisCompany, docId: record.jobID) {
                    confirmations.append(
                        .init(
                            company: fisCompany,
                            docId: record.jobID,
                            result: confirmation.result,
                            documentNumber: confirmation.documentNumber
                        )
                    )
                }
            }
            let quarantined = try await store.quarantinedFiles().map {
                ChaosLedgerView.Quarantined(batchID: $0.batchID, fileName: $0.fileName)
            }
            return ChaosLedgerView(
                name: ledger.name,
                identity: ledger.identity,
                postings: postings,
                quarantined: quarantined,
                reconciliationProblems: problems,
                foreignReported: foreign,
                systemID: ledger.systemID,
                fisPostings: fisDebits.map { .init(company: $0.value.company, docId: $0.key, debits: $0.value.debits) },
                fisConfirmations: confirmations
            )
        }

        /// The ledger batch id of a FIS document is this prefix and its id (`FISJournalBuilder.batchID(docId:)`).
        static let fisBatchPrefix = FISJournalBuilder.batchID(docId: "")
    }
}
