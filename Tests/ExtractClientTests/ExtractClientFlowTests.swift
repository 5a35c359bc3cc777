import AccountingExtract
import ExtractAPI
import ExtractClient
import ExtractSandbox
import ExtractTesting
import Foundation
import Synchronization
import Testing

/// The whole flow against the sandbox on a loopback port: definitions → run → poll → download → check.
@Suite struct ExtractClientFlowTests {
    @Test(arguments: [ExtractWire.Format.xml, .json])
    func wholeFlowOneFile(format: ExtractWire.Format) async throws {
        try await withSandbox { sandbox in
            let client = sandbox.client(format: format)
            let definitions = try await client.definitions()
            #expect(definitions.contains { $0.name == "Standard Accounting Extract" })
            let definition = try await client.definition(named: "Standard Accounting Extract")
            let job = try await client.startJob(definition)
            #expect(job.status == .queued)
            let seen = StatusLog()
            let done = try await client.waitForCompletion(job) { job, _ in seen.add(job.status) }
            #expect(done.status == .completed)
            #expect(done.fileLink != nil)
            let file = try await client.download(done, into: sandbox.directory)
            #expect(file.kind == .sae)
            #expect(file.contentType.hasPrefix("text/csv"))
            #expect(file.sha256.count == 64)
            let result = try SAEFile.check(path: file.path.path)
            #expect(result.isValid, "\(result.errors)")
            #expect(result.summary.reportCount > 0)
            #expect(seen.statuses.last == .completed)
            // The file's SHA-256 is that of the bytes on disk.
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path.path)
            #expect((attributes[.size] as? Int).map(Int64.init) == file.size)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }

    @Test func zipDefinitionIsExtractedSafely() async throws {
        try await withSandbox { sandbox in
            let client = sandbox.client(format: .json)
            let definitions = try await client.definitions()
            let zipped = try #require(
                definitions.first {
                    $0.name != "Standard Accounting Extract" && $0.name.lowercased().contains("attendee")
                }
            )
            let done = try await client.waitForCompletion(try await client.startJob(zipped))
            let file = try await client.download(done, into: sandbox.directory)
            #expect(file.kind == .zip)
            #expect(file.saeFiles.count == 1)
            #expect(file.otherFiles.count >= 1)
            let result = try SAEFile.check(path: try #require(file.saeFiles.first).path)
            #expect(result.isValid, "\(result.errors)")
        }
    }

    @Test func aFailingJobEndsInAnErrorNamingTheJob() async throws {
        try await withSandbox { sandbox in
            let client = sandbox.client()
            let definitions = try await client.definitions()
            let failing = try #require(definitions.first { $0.name.lowercased().contains("fail") })
            let job = try await client.startJob(failing)
            await #expect(throws: ExtractClientError.self) { try await client.waitForCompletion(job) }
            do {
                _ = try await client.waitForCompletion(job)
            } catch let error as ExtractClientError {
                #expect(error.code == .jobFailed)
                #expect(error.description.contains(job.id.lastPathComponent))
            }
        }
    }

    @Test func aSecondRunAttachesToTheRunningJob() async throws {
        try await withSandbox({ $0.jobTiming = JobTiming(queued: 30, running: 30) }) { sandbox in
            let client = sandbox.client()
            let definition = try await client.definition(named: "Standard Accounting Extract")
            let first = try await client.startJob(definition)
            let second = try await client.startJob(definition)
            #expect(first.id == second.id)
            #expect(try await client.jobs(of: definition).count == 1)
        }
    }

    @Test func manyConcurrentTasksShareOneClient() async throws {
        try await withSandbox { sandbox in
            let client = sandbox.client()
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 { group.addTask { try await client.definitions().count } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts.count == 20)
            #expect(Set(counts).count == 1)
        }
    }
}

/// Statuses seen while polling (shared with the progress callback).
final class StatusLog: Sendable {
    private let seen = Mutex<[JobStatus]>([])
    func add(_ status: JobStatus) { seen.withLock { $0.append(status) } }
    var statuses: [JobStatus] { seen.withLock { $0 } }
}
