import ExtractSandbox

/// What one ledger holds, read back after a schedule: which reports each batch posted, the quarantine, whether
/// it reconciles, and the foreign jobs its runs reported (`"foreignJobs"` of `sync --json`, when present).
struct ChaosLedgerView: Sendable {
    struct Posting: Hashable, Sendable {
        var company: String
        var batchID: String
        /// The Concur job id (last path component of the recorded job URL), when the batch names one.
        var jobID: String?
        var reportID: String
    }

    struct Quarantined: Hashable, Sendable {
        var batchID: String?
        var fileName: String
    }

    var name: String
    /// The user name this ledger's actors log in with (the oracle's `startedBy` is `clientID/username`).
    var identity: String
    /// One entry per (company, batch, report).
    var postings: Set<Posting>
    var quarantined: [Quarantined]
    /// Why the ledger does not reconcile (debits ≠ credits, a batch's count or total ≠ its header); empty when it does.
    var reconciliationProblems: [String]
    /// Concur job ids the ledger's runs reported as foreign.
    var foreignReported: Set<String>
}

/// A broken invariant, with the class it belongs to.
struct ChaosViolation: Hashable, Sendable, CustomStringConvertible {
    enum Kind: String, Sendable, CaseIterable {
        /// A report a ledger's own job extracted is neither posted there, nor in its quarantine, nor its job reported
        /// (a start interrupted beside another writer is listed as foreign rather than guessed).
        case missing
        /// A report posted twice in one ledger.
        case duplicated
        /// A report posted in two ledgers.
        case inTwoLedgers
        /// A ledger posted the reports of a job it did not start, without reporting the job as foreign.
        case foreignPostedSilently
        /// A job started outside every ledger, with reports, that no ledger posted or reported.
        case foreignLostFromView
        /// Debits ≠ credits, or a batch's loaded count or total ≠ its header.
        case unreconciled
    }

    var kind: Kind
    var detail: String

    var description: String { "\(kind.rawValue): \(detail)" }

    /// The classes that depend on job ownership (foreign jobs), engineer A's part of issue 9: today's pipeline
    /// adopts jobs it did not start, so these are expected on main until that lands.
    static let ownershipKinds: Set<Kind> = [.inTwoLedgers, .foreignPostedSilently, .foreignLostFromView]
}

/// The invariants of issue 9 §4, checked against the sandbox's oracle and each ledger's journal only (no
/// pipeline internals), as a pure function.
///
/// ```swift
/// let violations = ChaosInvariants.check(oracle: oracle, companies: ["ID-0": "c0"], ledgers: [a, b, p])
/// ```
enum ChaosInvariants {
    /// - Parameters:
    ///   - companies: sandbox company id → the company's key in the ledgers.
    static func check(
        oracle: SandboxOracle,
        companies: [String: String],
        ledgers: [ChaosLedgerView]
    )
        -> [ChaosViolation]
    {
        var violations: [ChaosViolation] = []
        // A job whose file is an earlier job's, served again (the `fileServedTwice` fault): a ledger that started
        // it posts that file in good faith, since no ledger can see another's batches. Within a ledger the
        // duplicate is refused by content; across ledgers it is the source's fault, not the ledger's.
        var redeliveries: [String: SandboxOracle.Job] = [:]
        for job in oracle.jobs where job.redeliveryOf != nil { redeliveries[job.id] = job }
        // report key "company/report" → ledger → batches posting it
        var posted: [String: [String: Set<String>]] = [:]
        for ledger in ledgers {
            for posting in ledger.postings {
                if let jobID = posting.jobID, let redelivery = redeliveries[jobID],
                    Self.username(redelivery.startedBy) == ledger.identity
                {
                    continue
                }
                posted["\(posting.company)/\(posting.reportID)", default: [:]][ledger.name, default: []]
                    .insert(posting.batchID)
            }
            for problem in ledger.reconciliationProblems {
                violations.append(ChaosViolation(kind: .unreconciled, detail: "ledger \(ledger.name): \(problem)"))
            }
        }
        for (report, byLedger) in posted.sorted(by: { $0.key < $1.key }) {
            for (ledger, batches) in byLedger.sorted(by: { $0.key < $1.key }) where batches.count > 1 {
                violations.append(
                    ChaosViolation(
                        kind: .duplicated,
                        detail:
                            "report \(report) posted \(batches.count) times in ledger \(ledger) (batches \(batches.sorted()))"
                    )
                )
            }
            if byLedger.count > 1 {
                violations.append(
                    ChaosViolation(
                        kind: .inTwoLedgers,
                        detail: "report \(report) posted in ledgers \(byLedger.keys.sorted())"
                    )
                )
            }
        }
        let identities = Set(ledgers.map(\.identity))
        for job in oracle.jobs where !job.reportIDs.isEmpty {
            guard let company = companies[job.companyID] else { continue }
            let starter = Self.username(job.startedBy)
            let owner = ledgers.first { $0.identity == starter }
            for ledger in ledgers {
                let postedHere = job.reportIDs.filter { posted["\(company)/\($0)"]?[ledger.name] != nil }
                if ledger.name == owner?.name {
                    let missing = job.reportIDs.count - postedHere.count
                    let quarantined = ledger.quarantined.contains {
                        $0.fileName == job.fileName || ($0.batchID != nil && $0.batchID == job.batchID)
                    }
                    if missing > 0 && !quarantined && !ledger.foreignReported.contains(job.id) {
                        violations.append(
                            ChaosViolation(
                                kind: .missing,
                                detail:
                                    "job \(job.id) (\(company), batch \(job.batchID ?? "?")) started by ledger \(ledger.name): \(missing) of \(job.reportIDs.count) reports neither posted nor quarantined there"
                            )
                        )
                    }
                } else if !postedHere.isEmpty && !ledger.foreignReported.contains(job.id) {
                    violations.append(
                        ChaosViolation(
                            kind: .foreignPostedSilently,
                            detail:
                                "ledger \(ledger.name) posted \(postedHere.count) reports of job \(job.id) (\(company)) started by \(job.startedBy ?? "the sandbox itself")"
                        )
                    )
                }
            }
            if let startedBy = job.startedBy, let starter, !identities.contains(starter) {
                let seen = ledgers.contains { $0.foreignReported.contains(job.id) }
                if !seen {
                    violations.append(
                        ChaosViolation(
                            kind: .foreignLostFromView,
                            detail:
                                "job \(job.id) (\(company)) started by \(startedBy) extracted \(job.reportIDs.count) reports that no ledger reported as foreign"
                        )
                    )
                }
            }
        }
        return violations
    }

    /// The user name of an oracle `startedBy` (`clientID/username`).
    static func username(_ startedBy: String?) -> String? {
        startedBy.flatMap { $0.split(separator: "/", maxSplits: 1).last.map(String.init) }
    }
}
