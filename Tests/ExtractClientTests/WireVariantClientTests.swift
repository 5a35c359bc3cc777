import ExtractAPI
import ExtractClient
import ExtractSandbox
import ExtractTesting
import Foundation
import Testing

/// The client against the sandbox in every answer form (issue 14 items 4–5): each JSON variant pinned, and
/// the default `--quirks docs` profile over several seeds, where the client's view must equal the sandbox's.
@Suite("Client and answer forms")
struct WireVariantClientTests {
    typealias Options = ExtractWire.EncodingOptions

    static let jsonVariants: [(Options.JSONList, Options.JSONStatus)] = Options.JSONList.allCases.flatMap { list in
        Options.JSONStatus.allCases.map { (list, $0) }
    }

    @Test("Whole JSON flow under each pinned list shape and status form (--quirks none)", arguments: jsonVariants)
    func eachJSONVariant(list: Options.JSONList, status: Options.JSONStatus) async throws {
        try await withSandbox({
            $0.quirks = .none
            $0.jsonList = list
            $0.jsonStatus = status
        }) { sandbox in
            try await Self.checkClientView(sandbox, format: .json)
        }
    }

    @Test(
        "Under --quirks docs the client's view equals the sandbox's, for every seed (XML and JSON)",
        arguments: [UInt64(1), 2, 3, 4, 5, 6]
    )
    func docsProfileOverSeeds(seed: UInt64) async throws {
        try await withSandbox({
            $0.seed = seed
            #expect($0.quirks == .docs)
        }) { sandbox in
            for format in ExtractWire.Format.allCases {
                try await Self.checkClientView(sandbox, format: format)
            }
        }
    }

    /// Lists the definitions, runs the SAE definition to completion, lists its jobs and downloads the file, and
    /// checks each against the sandbox's own state (its oracle and files): ids, names, links, statuses, times
    /// (to the precision written) and bytes.
    static func checkClientView(_ sandbox: SandboxHarness, format: ExtractWire.Format) async throws {
        let store = sandbox.server.store
        let company = await store.state.companies[0].id
        let client = sandbox.client(format: format)
        let definitions = try await client.definitions()
        let expected = await store.definitions(companyID: company)
        #expect(definitions.map(\.stableID) == expected.map(\.id))
        #expect(definitions.map(\.name) == expected.map(\.name))
        for definition in definitions {
            #expect(definition.jobsURL.absoluteString == definition.id.absoluteString + "/job")
        }
        let definition = try #require(definitions.first { $0.name == "Standard Accounting Extract" })
        let started = try await client.startJob(definition)
        let done = try await client.waitForCompletion(started)
        #expect(done.status == .completed)
        let jobs = try await client.jobs(of: definition)
        let oracle = await store.oracle()
        let sandboxJobs = try await store.jobs(companyID: company, definitionID: definition.stableID)
        #expect(jobs.map(\.id.lastPathComponent) == sandboxJobs.map(\.id))
        for (job, truth) in zip(jobs, sandboxJobs) {
            #expect(job.status == truth.machine.status)
            #expect(oracle.job(id: truth.id)?.status == job.status.word)
            #expect(Self.isWritten(job.startTime, of: ExtractTimestamp(truth.machine.createdAt)))
            switch (job.stopTime, truth.machine.stopTime) {
            case (let seen?, let stop?): #expect(Self.isWritten(seen, of: ExtractTimestamp(stop)))
            case (nil, nil): break
            default:
                Issue.record(
                    "stop-time \(String(describing: job.stopTime)) where the sandbox has \(String(describing: truth.machine.stopTime))"
                )
            }
            #expect(job.id.absoluteString.hasPrefix("http"), "links are trimmed")
            #expect((job.fileLink != nil) == (truth.machine.status == .completed))
        }
        let file = try await client.download(done, into: sandbox.directory)
        let (_, bytes) = try await store.file(
            companyID: company,
            definitionID: definition.stableID,
            jobID: done.id.lastPathComponent
        )
        #expect(try Data(contentsOf: file.path) == Data(bytes))
    }

    /// Whether `seen` is `truth` written with some number of fraction digits (0–7, truncated) or all of them.
    static func isWritten(_ seen: ExtractTimestamp, of truth: ExtractTimestamp) -> Bool {
        var unit: Int32 = 1
        for _ in 0...7 {
            if seen.secondsSince1970 == truth.secondsSince1970, seen.ticks == truth.ticks / unit * unit { return true }
            unit *= 10
        }
        return false
    }
}
