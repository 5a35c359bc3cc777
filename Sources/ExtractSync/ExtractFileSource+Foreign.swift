import ExtractAPI
import ExtractClient
import Foundation
import Ledger

extension ExtractFileSource {
    /// The ledger's record of a job Concur reports, in `state`.
    static func record(
        of job: ExtractJob,
        company: String,
        definitionID: String,
        state: PipelineState
    ) -> ExtractJobRecord {
        ExtractJobRecord(
            company: company,
            definitionID: definitionID,
            jobID: job.jobID,
            status: job.status.word,
            startedAt: job.startTime.date,
            url: job.id.absoluteString,
            state: state
        )
    }

    /// Records the jobs this ledger did not start as foreign (never lost from view, never posted silently), the
    /// candidates of an ambiguous interrupted start saying so (its intent closed), and gives the foreign jobs
    /// recorded earlier Concur's current status and link.
    func recordForeign(
        _ decision: JobOwnership.Decision,
        recorded: [ExtractJobRecord],
        listed: [ExtractJob],
        definitionID: String,
        _ context: PostingContext
    ) async throws {
        let store = context.store
        let company = context.company
        var hints: [String: String] = [:]
        for ambiguity in decision.ambiguous {
            for job in ambiguity.candidates {
                hints[job.jobID] =
                    "may be this ledger's own: \(ambiguity.reason) (at \(ExtractTimestamp(ambiguity.intent.recordedAt))); adopt the right one with sync --adopt"
            }
        }
        for job in decision.foreign {
            var record = Self.record(of: job, company: company, definitionID: definitionID, state: .foreign)
            record.note = hints[job.jobID]
            try await store.recordJob(record)
        }
        for ambiguity in decision.ambiguous {
            try await close(ambiguity.intent, on: .judged(.cannotTell), in: store)
            context.events(
                .intentAmbiguous(intentID: ambiguity.intent.intentID, jobIDs: ambiguity.candidates.map(\.jobID))
            )
        }
        var listedByID: [String: ExtractJob] = [:]
        for job in listed where listedByID[job.jobID] == nil { listedByID[job.jobID] = job }
        for record in recorded where record.state == .foreign {
            guard let job = listedByID[record.jobID],
                job.status.word != record.status || job.id.absoluteString != record.url
            else { continue }
            try await store.updateJob(
                company: company,
                jobID: record.jobID,
                state: .foreign,
                status: job.status.word,
                url: job.id.absoluteString
            )
        }
    }

    /// Takes the recorded foreign job `wanted` (a job URL or id, `sync --adopt`) into this ledger: the record to
    /// post, or `nil` when its state takes no adoption or another run changed it meanwhile.
    ///
    /// - Throws: ``SyncError`` `.unknownJob` when no such job of `definition` is recorded, `.alreadyPosted` when
    ///   it is posted here already.
    func adoptForeign(
        _ wanted: String,
        of definition: ExtractDefinition,
        _ context: PostingContext
    ) async throws -> ExtractJobRecord? {
        let store = context.store
        let jobID = SyncPipeline.concurJobID(wanted)
        guard let current = try await store.job(company: context.company, jobID: jobID),
            current.definitionID == definition.stableID
        else {
            throw SyncError(
                .unknownJob,
                "no job \(jobID) of '\(definition.name)' is in Concur's list or this ledger: check the id (sync lists the foreign jobs)"
            )
        }
        guard !current.isPosted else {
            throw SyncError(.alreadyPosted, "job \(jobID) is posted in this ledger already: nothing to adopt")
        }
        guard let record = try await store.apply(.adopted, to: current, note: JobOwnership.adoptedNote) else {
            return nil
        }
        context.events(.adopted(jobID: jobID))
        return record
    }
}
