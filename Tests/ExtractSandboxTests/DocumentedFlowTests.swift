import AccountingExtract
import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// The documented flow with plain HTTP requests, following only the links the server returns:
/// definitions → run → poll → file, then the file checked with the SAE reader.
@Suite("Documented flow over HTTP")
struct DocumentedFlowTests {
    @Test(arguments: [ExtractWire.Format.xml, .json])
    func listRunPollDownload(format: ExtractWire.Format) async throws {
        try await withSandbox { sandbox, _ in
            let seeded = await sandbox.store.state.companies[0].reportsReadyForExtract
            #expect(seeded.count == 10)
            let expectedLines = seeded.reduce(0) {
                $0
                    + $1.saeLines(
                        batchID: "1",
                        batchDate: CalendarDate(year: 2026, month: 1, day: 15)!,
                        firstSequence: 1
                    ).count
            }
            let expectedTotal = seeded.reduce(Amount.zero) { $0 + $1.journalAmountTotal }

            let token = try await sandbox.token().accessToken
            let accept = format == .json ? "application/json" : "application/xml"

            // 1. definitions → pick "Standard Accounting Extract"
            let listAnswer = try await HTTP.get(sandbox.definitionsURL, token: token, accept: accept)
            #expect(listAnswer.status == 200)
            #expect(listAnswer.header("Content-Type") == format.mediaType.rawValue)
            let list = try ExtractDefinitionList(data: listAnswer.data, format: format)
            #expect(list.definitions.count == 4)
            let definition = try #require(list.first(named: "Standard Accounting Extract"))
            #expect(definition.id.absoluteString.hasPrefix(sandbox.base + ExtractWire.basePath + "/"))

            // 2. start a job at job-link (no body, as the SAP Postman collection does)
            let started = try await HTTP.post(definition.jobsURL.absoluteString, token: token, accept: accept)
            #expect(started.status == 201)
            #expect(started.header("Content-Type") == format.mediaType.rawValue)
            let job = try ExtractJob(data: started.data, format: format)
            #expect(job.status == .queued)
            #expect(job.fileLink == nil && job.stopTime == nil)
            #expect(started.header("Location") == job.id.absoluteString)

            // 3. poll status-link (bounded), moving the simulated clock on through the admin route
            var current = job
            var seen: [JobStatus] = [job.status]
            for _ in 0..<20 where !current.status.isTerminal {
                let advance = try await HTTP.send(
                    .POST,
                    sandbox.base + "/_sandbox/clock/advance?seconds=3",
                    headers: [("X-Sandbox-Admin-Key", "test-admin-key")]
                )
                #expect(advance.status == 200)
                let status = try await HTTP.get(current.statusLink.absoluteString, token: token, accept: accept)
                #expect(status.status == 200)
                current = try ExtractJob(data: status.data, format: format)
                if seen.last != current.status { seen.append(current.status) }
            }
            #expect(seen == [.queued, .running, .completed])
            #expect(current.stopTime != nil)
            let fileLink = try #require(current.fileLink)

            // 4. the file: one SAE file as text/csv
            let file = try await HTTP.get(fileLink.absoluteString, token: token)
            #expect(file.status == 200)
            #expect(file.header("Content-Type") == "text/csv")
            #expect(file.header("Content-Disposition")?.contains("extract_CES_SAE_v3_p") == true)
            let result = SAEFile.check(reader: SAEReader(bytes: file.body))
            #expect(result.isValid, "\(result.errors)")
            #expect(result.summary.header?.recordCount == expectedLines)
            #expect(result.summary.recordCount == expectedLines)
            #expect(result.summary.journalAmountTotal == expectedTotal)
            #expect(result.summary.header?.journalAmountTotal == expectedTotal)
            #expect(result.summary.reportCount == 10)

            // downloads repeat byte for byte; the reports are now extracted
            let again = try await HTTP.get(fileLink.absoluteString, token: token)
            #expect(again.body == file.body)
            #expect(await sandbox.store.state.companies[0].reportsReadyForExtract.isEmpty)
        }
    }
}
