import ExtractAPI
import ExtractSandbox
import ExtractSync

/// Who acts in a chaos schedule. Three ledgers sync the same three companies (`c0`, `c1` on the Extract API, `c2`
/// on FIS): `a` (SQLite, one `sync --json` per company, `--source fis` for `c2`), `b` (SQLite, `sync --all`) and
/// `p` (PostgreSQL, shared by workers 1 and 2 running `sync --all` or `serve --once`); each ledger acknowledges
/// FIS documents as its own `systemId`. A colleague starts jobs through the raw API; another ERP acknowledges FIS
/// documents.
enum ChaosActor: Hashable, Sendable, CustomStringConvertible {
    case ledgerA(company: Int)
    case ledgerB
    case worker(Int)

    /// The ledger the actor writes to.
    var ledger: String {
        switch self {
        case .ledgerA: return "a"
        case .ledgerB: return "b"
        case .worker: return "p"
        }
    }

    var description: String {
        switch self {
        case .ledgerA(let company): return "a/c\(company)"
        case .ledgerB: return "b"
        case .worker(let number): return "p/w\(number)"
        }
    }
}

/// One step of a chaos schedule.
enum ChaosEvent: Hashable, Sendable, CustomStringConvertible {
    /// The actor runs once; with `crashAfter` it kills itself with SIGKILL right after that durable step.
    case run(ChaosActor, crashAfter: String?)
    /// A `p` worker runs, is stopped (SIGSTOP) after `pauseMilliseconds`, stays stopped past its lease while the
    /// other worker runs, then continues (SIGCONT).
    case pausePastLease(worker: Int, pauseMilliseconds: Int)
    /// The colleague starts a job of a company's definition through the raw API (and never posts it).
    case colleagueStartsJob(company: Int)
    /// Approved reports are added to every company.
    case addReports(count: Int)
    /// The sandbox's faults are replaced by these.
    case faults([SandboxFault])
    /// A processor recalls a `READY` FIS document (the `pick`-th of those ready, modulo their count; none when
    /// none is ready).
    case recallReady(pick: Int)
    /// Another ERP (``ChaosSchedule/foreignSystemID``) acknowledges a `READY` FIS document, and with
    /// `confirmsError` confirms it with `error` (its posting failed there).
    case foreignAcknowledges(pick: Int, confirmsError: Bool)
    /// The customer resubmits an error-confirmed or recalled FIS document: a new `READY` document, new id, same
    /// report.
    case resubmit(pick: Int)
    /// Payment requests are added to the FIS company (`READY` invoice documents).
    case addInvoices(count: Int)

    /// An event of the FIS adversary, drawn besides the schedule's `length` events: the FIS company's events, a
    /// run of ledger a on the FIS company, a run killed at a FIS document step.
    var isFISAdversary: Bool {
        switch self {
        case .recallReady, .foreignAcknowledges, .resubmit, .addInvoices: return true
        case .run(let actor, let step):
            if case .ledgerA(let company) = actor, company == ChaosSchedule.fisCompany { return true }
            return step.map(ChaosSchedule.documentSteps.contains) ?? false
        default: return false
        }
    }

    var description: String {
        switch self {
        case .run(let actor, let step): return "run \(actor)" + (step.map { " kill -9 after \($0)" } ?? "")
        case .pausePastLease(let worker, let ms): return "pause p/w\(worker) after \(ms) ms past its lease"
        case .colleagueStartsJob(let company): return "colleague starts a job of c\(company)"
        case .addReports(let count): return "add \(count) reports"
        case .faults(let faults):
            return "faults " + faults.map { "\($0.route.rawValue):\($0.kind.name)" }.joined(separator: ",")
        case .recallReady(let pick): return "processor recalls ready FIS document #\(pick)"
        case .foreignAcknowledges(let pick, let error):
            return "another ERP acknowledges ready FIS document #\(pick)" + (error ? " and confirms error" : "")
        case .resubmit(let pick): return "customer resubmits failed or recalled FIS document #\(pick)"
        case .addInvoices(let count): return "add \(count) FIS invoices"
        }
    }
}

/// Seeded random schedules: a pure function of the seed, so a seed that breaks an invariant reproduces it.
///
/// ```swift
/// let events = ChaosSchedule.make(seed: 7, length: 12)   // the same 12 events on every machine
/// ```
///
/// The FIS part of the world is drawn from a second stream of the seed, so the Extract events of a seed are
/// those it had before the FIS company joined (the kept CI seeds keep their meaning; `b` and `p` runs now sync the
/// FIS company too): FIS adversary events are inserted before some events (recalls, another ERP, resubmissions,
/// invoices, runs of `a` on the FIS company, runs killed at a FIS document step), and some fault sets also hold a
/// FIS fault (which no Extract request matches).
enum ChaosSchedule {
    /// The durable steps of an Extract job the crash hook knows (`SyncStep`).
    static let steps = SyncStep.extractSteps.map(\.rawValue)
    /// The durable steps of a FIS document the crash hook knows.
    static let documentSteps = SyncStep.documentSteps.map(\.rawValue)
    /// The sandbox index (and ledger key `c2`) of the FIS company.
    static let fisCompany = 2
    /// The `systemId` of the other ERP that acknowledges FIS documents.
    static let foreignSystemID = "colleague-erp"

    /// Faults that cost no fixed wait: a retried refusal with a short Retry-After, a dropped connection, a
    /// truncated body, a token expiring mid-job, a failing job, a file served twice.
    static func quickFault(_ random: inout SeededRandomNumberGenerator) -> SandboxFault {
        let routes: [SandboxFault.Route] = [.any, .token, .definitions, .jobs, .startJob, .jobStatus, .jobFile]
        let route = random.pickOne(routes)
        let count = Int.random(in: 1...2, using: &random)
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return SandboxFault(route: route, kind: .serviceUnavailable(retryAfter: 1), count: count)
        case 1: return SandboxFault(route: route, kind: .tooManyRequests(retryAfter: 1), count: count)
        case 2: return SandboxFault(route: route, kind: .requestLimit(retryAfter: 1), count: count)
        case 3: return SandboxFault(route: route == .token ? .jobs : route, kind: .dropConnection, count: 1)
        case 4: return SandboxFault(route: .jobFile, kind: .truncatedBody, count: count)
        case 5: return SandboxFault(route: .startJob, kind: .tokenExpiresMidJob, count: 1)
        case 6: return SandboxFault(route: .startJob, kind: .jobFails, count: 1)
        case 7: return SandboxFault(route: .startJob, kind: .fileServedTwice, count: 1)
        default: return SandboxFault(route: route, kind: .tooManyRequests(retryAfter: nil), count: 1)
        }
    }

    /// Faults that make a run wait past its deadline (the harness then kills it): a 503 without Retry-After
    /// (the client waits 5 minutes, as Concur prescribes) and a job stuck in the queue (support cancels it later).
    static func slowFault(_ random: inout SeededRandomNumberGenerator) -> SandboxFault {
        random.chanceOf(0.5)
            ? SandboxFault(route: .jobStatus, kind: .serviceUnavailable(retryAfter: nil), count: 1)
            : SandboxFault(route: .startJob, kind: .jobStuckInQueue, count: 1)
    }

    /// A fault of the FIS routes that costs no fixed wait: a refusal with a short Retry-After, a dropped
    /// connection, a truncated answer (after the sandbox recorded an acknowledgement or a confirmation).
    static func fisFault(_ random: inout SeededRandomNumberGenerator) -> SandboxFault {
        let route = random.pickOne(
            [.fisTransactions, .fisAcknowledgements, .fisPostingConfirmations] as [SandboxFault.Route]
        )
        let count = Int.random(in: 1...2, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return SandboxFault(route: route, kind: .serviceUnavailable(retryAfter: 1), count: count)
        case 1: return SandboxFault(route: route, kind: .tooManyRequests(retryAfter: 1), count: count)
        case 2: return SandboxFault(route: route, kind: .dropConnection, count: 1)
        default: return SandboxFault(route: route, kind: .truncatedBody, count: count)
        }
    }

    /// One event of the FIS adversary.
    static func fisAdversary(_ random: inout SeededRandomNumberGenerator) -> ChaosEvent {
        let pick = Int.random(in: 0..<16, using: &random)
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return .recallReady(pick: pick)
        case 1: return .foreignAcknowledges(pick: pick, confirmsError: random.chanceOf(0.5))
        case 2: return .resubmit(pick: pick)
        case 3: return .addInvoices(count: Int.random(in: 1...2, using: &random))
        case 4, 5:
            let step = random.chanceOf(0.6) ? random.pickOne(documentSteps) : nil
            return .run(.ledgerA(company: fisCompany), crashAfter: step)
        default:
            let actor: ChaosActor = random.chanceOf(0.4) ? .ledgerB : .worker(Int.random(in: 1...2, using: &random))
            return .run(actor, crashAfter: random.pickOne(documentSteps))
        }
    }

    /// `length` events drawn from `seed`, with the FIS adversary's events between them (see ``ChaosEvent/isFISAdversary``).
    /// `slowFaults` allows the faults that cost a run its deadline.
    static func make(seed: UInt64, length: Int, slowFaults: Bool = false) -> [ChaosEvent] {
        var random = SeededRandomNumberGenerator(seed: seed ^ 0xC4A0_5C4E_D01E)
        var fis = SeededRandomNumberGenerator(seed: seed ^ 0xF15_C4A0_5D0C)
        var events: [ChaosEvent] = []
        func actor() -> ChaosActor {
            switch Int.random(in: 0..<5, using: &random) {
            case 0, 1: return .ledgerA(company: Int.random(in: 0...1, using: &random))
            case 2: return .ledgerB
            default: return .worker(Int.random(in: 1...2, using: &random))
            }
        }
        for _ in 0..<max(0, length) {
            if fis.chanceOf(0.35) { events.append(fisAdversary(&fis)) }
            let roll = Int.random(in: 0..<100, using: &random)
            switch roll {
            case 0..<35:
                events.append(.run(actor(), crashAfter: nil))
            case 35..<55:
                events.append(.run(actor(), crashAfter: random.pickOne(steps)))
            case 55..<63:
                events.append(
                    .pausePastLease(
                        worker: Int.random(in: 1...2, using: &random),
                        pauseMilliseconds: Int.random(in: 0...600, using: &random)
                    )
                )
            case 63..<73:
                events.append(.colleagueStartsJob(company: Int.random(in: 0...1, using: &random)))
            case 73..<83:
                events.append(.addReports(count: Int.random(in: 1...4, using: &random)))
            case 83..<97:
                var faults = [quickFault(&random)]
                if random.chanceOf(0.4) { faults.append(quickFault(&random)) }
                if fis.chanceOf(0.6) { faults.append(fisFault(&fis)) }
                events.append(.faults(faults))
            default:
                var faults = slowFaults ? [slowFault(&random)] : [quickFault(&random)]
                if fis.chanceOf(0.6) { faults.append(fisFault(&fis)) }
                events.append(.faults(faults))
            }
        }
        return events
    }
}

extension SeededRandomNumberGenerator {
    mutating func pickOne<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &self)] }
    mutating func chanceOf(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
}
