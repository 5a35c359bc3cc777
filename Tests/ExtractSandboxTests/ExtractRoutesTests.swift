import AccountingExtract
import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("Extract routes, formats and errors")
struct ExtractRoutesTests {
    @Test func definitionsInXMLByDefaultAndJSONOnRequest() async throws {
        // Checks the canonical bytes (§15: JSON lists are top-level arrays), so one form: --quirks none.
        try await withSandbox({ $0.quirks = .none }) { sandbox, _ in
            let token = try await sandbox.token().accessToken
            let xml = try await HTTP.get(sandbox.definitionsURL, token: token)
            #expect(xml.status == 200)
            #expect(xml.header("Content-Type") == "application/xml")
            #expect(xml.text.contains("<definitions xmlns=\"\(ExtractWire.xmlNamespace)\""))
            let json = try await HTTP.get(sandbox.definitionsURL, token: token, accept: "application/json")
            #expect(json.header("Content-Type") == "application/json")
            #expect(json.text.hasPrefix("["))
            let fromXML = try ExtractDefinitionList(data: xml.data, format: .xml)
            let fromJSON = try ExtractDefinitionList(data: json.data, format: .json)
            #expect(fromXML == fromJSON)
            #expect(
                Set(fromXML.definitions.map(\.name)) == Set(SandboxDefinitionKind.allCases.map(\.defaultName))
            )
            // without the trailing slash too
            let bare = try await HTTP.get(sandbox.base + ExtractWire.basePath, token: token)
            #expect(bare.status == 200)
        }
    }

    @Test func linksFollowTheConfiguredPublicURLNotTheHostHeader() async throws {
        try await withSandbox({ $0.publicBaseURL = URL(string: "https://sandbox.example.test:8443/") }) { sandbox, _ in
            let token = try await sandbox.token().accessToken
            let answer = try await HTTP.get(
                sandbox.definitionsURL,
                token: token,
                headers: [("Host", "evil.example"), ("X-Forwarded-Proto", "http")]
            )
            let list = try ExtractDefinitionList(data: answer.data, format: .xml)
            #expect(!list.definitions.isEmpty)
            #expect(
                list.definitions.allSatisfy { $0.id.absoluteString.hasPrefix("https://sandbox.example.test:8443/") }
            )
            #expect(list.definitions.allSatisfy { $0.jobLink.absoluteString == $0.id.absoluteString + "/job" })
        }
    }

    @Test func oneDefinitionAndDollarOrPercentEncodedIDsRouteAlike() async throws {
        try await withSandbox({ $0.seed = 3 }) { sandbox, _ in
            let token = try await sandbox.token().accessToken
            let definitions = await sandbox.store.state.companies[0].definitions
            let definition = try #require(definitions.first { $0.id.contains("$") } ?? definitions.first)
            let answer = try await HTTP.get(
                sandbox.base + ExtractWire.Route.definition(id: definition.id).path,
                token: token
            )
            #expect(answer.status == 200)
            let wire = try ExtractDefinition(xml: answer.data)
            #expect(wire.name == definition.name)
            #expect(wire.definitionID == definition.id)
            let encoded = definition.id.replacingOccurrences(of: "$", with: "%24")
            let again = try await HTTP.get(sandbox.base + ExtractWire.basePath + "/" + encoded, token: token)
            #expect(again.status == 200)
            // The same definition (each answer's form is drawn anew under the default --quirks docs).
            #expect(try ExtractDefinition(xml: again.data) == wire)
        }
    }

    @Test func authorizationErrors() async throws {
        try await withSandbox { sandbox, _ in
            let missing = try await HTTP.get(sandbox.definitionsURL, token: nil)
            #expect(missing.status == 401)
            #expect(try ExtractErrorBody(xml: missing.data).message.contains("Authorization"))
            let basic = try await HTTP.get(
                sandbox.definitionsURL,
                token: nil,
                headers: [("Authorization", "Basic YTpi")]
            )
            #expect(basic.status == 401)
            let unknown = try await HTTP.get(sandbox.definitionsURL, token: "not-a-token")
            #expect(unknown.status == 403)
            let body = try ExtractErrorBody(xml: unknown.data)
            #expect(body.id != nil && body.serverTimestamp != nil)
            let unknownJSON = try await HTTP.get(
                sandbox.definitionsURL,
                token: "not-a-token",
                accept: "application/json"
            )
            #expect(unknownJSON.header("Content-Type") == "application/json")
            #expect(try ExtractErrorBody(json: unknownJSON.data).message.contains("Forbidden"))
            // the legacy OAuth scheme works like Bearer
            let token = try await sandbox.token().accessToken
            let legacy = try await HTTP.get(
                sandbox.definitionsURL,
                token: nil,
                headers: [("Authorization", "OAuth \(token)")]
            )
            #expect(legacy.status == 200)
        }
    }

    @Test func tokensWithoutEXTRCTOrOfNonAdministratorsAreForbidden() async throws {
        try await withSandbox { sandbox, _ in
            let company = await sandbox.store.state.companies[0]
            let reporting = company.clients[1]
            let answer = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(clientID: reporting.id, clientSecret: reporting.secret, grant: .clientCredentials)
            )
            let token = try TokenResponse(json: answer.data)
            #expect(!token.scopes.contains("EXTRCT"))
            let denied = try await HTTP.get(sandbox.definitionsURL, token: token.accessToken)
            #expect(denied.status == 403)
            #expect(try ExtractErrorBody(xml: denied.data).message.contains("EXTRCT"))

            let traveler = company.users[1]
            let userAnswer = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: company.clients[0].id,
                    clientSecret: company.clients[0].secret,
                    grant: .password(username: traveler.username, password: traveler.password, credentialType: nil)
                )
            )
            let userToken = try TokenResponse(json: userAnswer.data)
            let notAdmin = try await HTTP.get(sandbox.definitionsURL, token: userToken.accessToken)
            #expect(notAdmin.status == 403)
        }
    }

    /// Concur documents the hourly rule as advice and 409 only for a job already queued or running: by default a
    /// definition whose job completed a minute ago starts again (issue 14 item 1).
    @Test func noMinimumIntervalByDefault() async throws {
        #expect(SandboxConfiguration().minimumRunInterval == 0)
        try await withSandbox { sandbox, clock in
            let token = try await sandbox.token().accessToken
            let jobsURL = sandbox.jobsURL(await sandbox.definition(.standardAccounting))
            #expect(try await HTTP.post(jobsURL, token: token).status == 201)
            #expect(try await HTTP.post(jobsURL, token: token).status == 409)  // queued: the documented 409
            clock.advance(by: 60)  // completed
            #expect(try await HTTP.post(jobsURL, token: token).status == 201)
        }
    }

    @Test func unknownDefinitionOrJobIs404() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token().accessToken
            let definition = await sandbox.definition(.standardAccounting)
            for path in [
                ExtractWire.Route.definition(id: "nope").path,
                ExtractWire.Route.jobs(definitionID: "nope").path,
                ExtractWire.Route.job(definitionID: definition.id, jobID: "nope").path,
                ExtractWire.Route.jobStatus(definitionID: definition.id, jobID: "nope").path,
                ExtractWire.Route.jobFile(definitionID: definition.id, jobID: "nope").path,
                ExtractWire.basePath + "/a/b/c/d/e",
            ] {
                let answer = try await HTTP.get(sandbox.base + path, token: token)
                #expect(answer.status == 404, "\(path)")
                #expect((try? ExtractErrorBody(xml: answer.data)) != nil)
            }
            let post = try await HTTP.post(
                sandbox.base + ExtractWire.Route.jobs(definitionID: "nope").path,
                token: token
            )
            #expect(post.status == 404)
            let wrongMethod = try await HTTP.send(
                .DELETE,
                sandbox.definitionsURL,
                headers: [("Authorization", "Bearer \(token)")]
            )
            #expect(wrongMethod.status == 405)
        }
    }

    @Test func startJobBodiesAndConflicts() async throws {
        // The interval is off by default (Concur documents no error for it); `--minimum-run-interval` turns it on.
        // Checks the canonical JSON status (a number, §15), so one form: --quirks none.
        try await withSandbox({
            $0.minimumRunInterval = 3600
            $0.quirks = .none
        }) { sandbox, clock in
            let token = try await sandbox.token().accessToken
            let definition = await sandbox.definition(.standardAccounting)
            let jobsURL = sandbox.jobsURL(definition)
            let definitionURI = sandbox.base + ExtractWire.Route.definition(id: definition.id).path

            let malformed = try await HTTP.post(
                jobsURL,
                token: token,
                contentType: "application/xml",
                body: "<definition><id>"
            )
            #expect(malformed.status == 400)
            let other = await sandbox.definition(.invoicePaymentRequest)
            let mismatch = try await HTTP.post(
                jobsURL,
                token: token,
                contentType: "application/xml",
                body: StartJobRequest(
                    definitionURI: URL(string: sandbox.base + ExtractWire.Route.definition(id: other.id).path)
                )
                .xmlData().utf8String
            )
            #expect(mismatch.status == 400)
            #expect(try ExtractErrorBody(xml: mismatch.data).message.contains("definition"))

            let xmlBody = StartJobRequest(definitionURI: URL(string: definitionURI)).xmlData().utf8String
            let created = try await HTTP.post(jobsURL, token: token, contentType: "application/xml", body: xmlBody)
            #expect(created.status == 201)
            let job = try ExtractJob(xml: created.data)
            #expect(job.status == .queued)

            let conflict = try await HTTP.post(jobsURL, token: token)
            #expect(conflict.status == 409)
            #expect(try ExtractErrorBody(xml: conflict.data).message.contains("already queued or running"))

            clock.advance(by: 60)  // completed, but inside the one-hour minimum interval
            let tooSoon = try await HTTP.post(jobsURL, token: token, accept: "application/json")
            #expect(tooSoon.status == 409)
            #expect(tooSoon.header("Content-Type") == "application/json")

            clock.advance(by: 3_600)
            let fresh = try await sandbox.token().accessToken
            let json = try await HTTP.post(
                jobsURL,
                token: fresh,
                accept: "application/json",
                contentType: "application/json",
                body: #"{"id": "\#(definitionURI)"}"#
            )
            #expect(json.status == 201)
            let second = try ExtractJob(json: json.data)
            #expect(second.status == .queued)
            #expect(json.text.contains(#""status":0"#))

            // newest first
            let list = try ExtractJobList(data: try await HTTP.get(jobsURL, token: fresh).data, format: .xml)
            #expect(list.jobs.map(\.id) == [second.id, job.id])
            #expect(list.jobs[1].status == .completed)
        }
    }

    @Test func minimumIntervalIsConfigurable() async throws {
        try await withSandbox({ $0.minimumRunInterval = 0 }) { sandbox, clock in
            let token = try await sandbox.token().accessToken
            let jobsURL = sandbox.jobsURL(await sandbox.definition(.standardAccounting))
            #expect(try await HTTP.post(jobsURL, token: token).status == 201)
            clock.advance(by: 20)
            #expect(try await HTTP.post(jobsURL, token: token).status == 201)
        }
    }

    @Test func fileBeforeCompletionIs404AndEachReportIsExtractedOnce() async throws {
        try await withSandbox({ $0.minimumRunInterval = 0 }) { sandbox, clock in
            let token = try await sandbox.token().accessToken
            let definition = await sandbox.definition(.standardAccounting)
            let job = try ExtractJob(xml: try await HTTP.post(sandbox.jobsURL(definition), token: token).data)
            let fileURL = job.id.absoluteString + "/file"
            let early = try await HTTP.get(fileURL, token: token)
            #expect(early.status == 404)
            #expect(try ExtractErrorBody(xml: early.data).message.contains("not completed"))
            clock.advance(by: 15)
            let first = try await HTTP.get(fileURL, token: token)
            #expect(first.status == 200)
            #expect(SAEFile.check(reader: SAEReader(bytes: first.body)).summary.reportCount == 10)

            let second = try ExtractJob(xml: try await HTTP.post(sandbox.jobsURL(definition), token: token).data)
            clock.advance(by: 15)
            let empty = try await HTTP.get(second.id.absoluteString + "/file", token: token)
            let result = SAEFile.check(reader: SAEReader(bytes: empty.body))
            #expect(result.isValid)
            #expect(result.summary.recordCount == 0)
            #expect(result.summary.header?.batchID == "1002")

            try await sandbox.store.seedReports(count: 3, companyID: await sandbox.store.state.companies[0].id)
            clock.advance(by: 1)
            let third = try ExtractJob(xml: try await HTTP.post(sandbox.jobsURL(definition), token: token).data)
            clock.advance(by: 15)
            let more = try await HTTP.get(third.id.absoluteString + "/file", token: token)
            #expect(SAEFile.check(reader: SAEReader(bytes: more.body)).summary.reportCount == 3)
        }
    }

    @Test func zipDefinitionWritesSAEAndAttendeeDetail() async throws {
        try await withSandbox { sandbox, clock in
            let token = try await sandbox.token().accessToken
            let definition = await sandbox.definition(.accountingWithAttendees)
            let job = try ExtractJob(xml: try await HTTP.post(sandbox.jobsURL(definition), token: token).data)
            clock.advance(by: 30)
            let status = try ExtractJob(xml: try await HTTP.get(job.statusLink.absoluteString, token: token).data)
            let file = try await HTTP.get(try #require(status.fileLink).absoluteString, token: token)
            #expect(file.status == 200)
            #expect(file.header("Content-Type") == "application/zip")
            #expect(ExtractWire.FileKind.detect(contentType: nil, leadingBytes: file.body) == .zip)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-zip-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("extract.zip").path
            try Data(file.body).write(to: URL(fileURLWithPath: path))
            let archive = try ExtractZip(path: path)
            #expect(archive.entries.count == 2)
            let sae = try #require(archive.entries.first { $0.isSAE })
            #expect(sae.path.hasPrefix("extract_CES_SAE_v3_"))
            let attendees = try #require(archive.entries.first { !$0.isSAE })
            #expect(attendees.path.hasPrefix("extract_attendee_detail_"))
            let saePath = try archive.extract(sae, into: directory.path)
            #expect(try SAEFile.check(path: saePath).isValid)
            let attendeePath = try archive.extract(attendees, into: directory.path)
            let text = try String(contentsOfFile: attendeePath, encoding: .utf8)
            #expect(text.hasPrefix("ATTENDEE|"))
        }
    }

    @Test func invoiceAndFailingDefinitions() async throws {
        // Checks the canonical JSON status (a number, §15), so one form: --quirks none.
        try await withSandbox({ $0.quirks = .none }) { sandbox, clock in
            let token = try await sandbox.token().accessToken
            let invoice = try ExtractJob(
                xml: try await HTTP.post(
                    sandbox.jobsURL(await sandbox.definition(.invoicePaymentRequest)),
                    token: token
                ).data
            )
            let broken = try ExtractJob(
                xml: try await HTTP.post(sandbox.jobsURL(await sandbox.definition(.alwaysFails)), token: token).data
            )
            clock.advance(by: 30)
            let file = try await HTTP.get(invoice.id.absoluteString + "/file", token: token)
            #expect(file.status == 200)
            #expect(file.header("Content-Type") == "text/csv")
            let lines = file.text.split(separator: "\n")
            #expect(lines.first?.hasPrefix("INVOICE|") == true)
            #expect(lines.count >= 4)  // header plus at least one line for each of 3 requests

            let failed = try ExtractJob(xml: try await HTTP.get(broken.statusLink.absoluteString, token: token).data)
            #expect(failed.status == .failed)
            #expect(failed.stopTime != nil && failed.fileLink == nil)
            let json = try await HTTP.get(broken.statusLink.absoluteString, token: token, accept: "application/json")
            #expect(json.text.contains(#""status":3"#))
            #expect(try await HTTP.get(broken.id.absoluteString + "/file", token: token).status == 404)
        }
    }

    @Test func correlationIDIsEchoedOrMinted() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token().accessToken
            let echoed = try await HTTP.get(
                sandbox.definitionsURL,
                token: token,
                headers: [("concur-correlationid", "my-app-42")]
            )
            #expect(echoed.header("Concur-Correlationid") == "my-app-42")
            let minted = try await HTTP.get(sandbox.definitionsURL, token: token)
            #expect(UUID(uuidString: minted.header("Concur-Correlationid") ?? "") != nil)
        }
    }

    @Test func requestBudgetAnswersRequestLimit() async throws {
        try await withSandbox({ $0.requestBudgetPerToken = 2 }) { sandbox, _ in
            let token = try await sandbox.token().accessToken
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 200)
            #expect(try await HTTP.get(sandbox.definitionsURL, token: token).status == 200)
            let over = try await HTTP.get(sandbox.definitionsURL, token: token)
            #expect(over.status == 400)
            #expect(try ExtractErrorBody(xml: over.data).isRetryableLater)
        }
    }

    @Test func docQuirkModeSpellsComplete() async throws {
        var options = ExtractWire.EncodingOptions()
        options.completedWord = .complete
        options.timestampStyle = .zulu
        // Under --quirks none every answer is written in the configured options (the docs profile would draw).
        try await withSandbox({
            $0.quirks = .none
            $0.encodingOptions = options
        }) { sandbox, clock in
            let token = try await sandbox.token().accessToken
            let job = try ExtractJob(
                xml: try await HTTP.post(sandbox.jobsURL(await sandbox.definition(.standardAccounting)), token: token)
                    .data
            )
            clock.advance(by: 30)
            let answer = try await HTTP.get(job.statusLink.absoluteString, token: token)
            #expect(answer.text.contains("<status>Complete</status>"))
            #expect(answer.text.contains("Z</start-time>"))
        }
    }
}

extension Data {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
