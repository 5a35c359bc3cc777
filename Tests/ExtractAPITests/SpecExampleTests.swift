import ExtractAPI
import Foundation
import Testing

/// Every example body of the contract decodes, with its values checked.
@Suite("Spec example bodies")
struct SpecExampleTests {
    typealias S = SpecExamples

    @Test("GET definitions (XML, §6)")
    func definitionsXML() throws {
        let list = try ExtractDefinitionList(xml: S.definitionsXML)
        #expect(list.definitions.count == 1)
        let definition = try #require(list.definitions.first)
        #expect(definition.id == S.url("\(S.base)/\(S.saeDefinitionID)"))
        #expect(definition.name == "Standard Accounting Extract")
        #expect(definition.jobLink == S.url("\(S.base)/\(S.saeDefinitionID)/job"))
        #expect(definition.jobsURL == definition.jobLink)
        #expect(definition.definitionID == S.saeDefinitionID)
        #expect(list.first(named: "Standard Accounting Extract") == definition)
    }

    @Test("GET definitions (JSON, top-level array, §6)")
    func definitionsJSON() throws {
        let list = try ExtractDefinitionList(json: S.definitionsJSON)
        #expect(list == (try ExtractDefinitionList(xml: S.definitionsXML)))
        #expect(list.definitions.first?.name == "Standard Accounting Extract")
    }

    @Test("POST job request body (XML, §6)")
    func postRequestXML() throws {
        let request = try StartJobRequest(xml: S.postJobRequestXML)
        #expect(request.definitionURI == S.url("\(S.base)/\(S.saeDefinitionID)"))
    }

    @Test("POST job 201 response (XML, §6)")
    func postResponseXML() throws {
        let job = try ExtractJob(xml: S.postJobResponseXML)
        let jobURI = "\(S.base)/\(S.saeDefinitionID)/job/\(S.queuedJobID)"
        #expect(job.id == S.url(jobURI))
        #expect(job.statusLink == S.url(jobURI + "/status"))
        #expect(job.startTime == ExtractTimestamp(year: 2010, month: 1, day: 13, hour: 18, minute: 30, second: 2))
        #expect(job.stopTime == nil)
        #expect(job.status == .queued)
        #expect(job.fileLink == nil)
        #expect(job.route == .job(definitionID: S.saeDefinitionID, jobID: S.queuedJobID))
    }

    @Test("GET status of a finished job (XML, §6, extra xmlns:i)")
    func finishedJobXML() throws {
        let job = try ExtractJob(xml: S.finishedJobXML)
        let jobURI = "\(S.base)/\(S.finishedDefinitionID)/job/\(S.finishedJobID)"
        #expect(job.id == S.url(jobURI))
        #expect(job.statusLink == S.url(jobURI + "/status"))
        #expect(
            job.startTime
                == ExtractTimestamp(year: 2011, month: 8, day: 25, hour: 14, minute: 25, second: 22, ticks: 5_800_000)
        )
        #expect(
            job.stopTime
                == ExtractTimestamp(year: 2011, month: 8, day: 25, hour: 14, minute: 25, second: 23, ticks: 5_370_000)
        )
        #expect(job.status == .completed)
        #expect(job.status.isTerminal)
        #expect(job.fileLink == S.url(jobURI + "/file"))
    }

    @Test("Finished job (JSON, status 2, §6)")
    func finishedJobJSON() throws {
        let job = try ExtractJob(json: S.finishedJobJSON)
        #expect(job == (try ExtractJob(xml: S.finishedJobXML)))
        #expect(job.status == .completed)
        #expect(job.stopTime?.formatted() == "2011-08-25T14:25:23.537")
    }

    @Test("Jobs list in JSON is an array of job objects (§6)")
    func jobsJSONArray() throws {
        let one = String(decoding: S.finishedJobJSON, as: UTF8.self)
        let list = try ExtractJobList(json: Data("[\(one), \(one)]".utf8))
        #expect(list.jobs.count == 2)
        #expect(list.jobs.allSatisfy { $0.status == .completed })
    }

    @Test("POST with JSON body or empty body (§6 Decision, §14 item 13)")
    func postRequestJSONAndEmpty() throws {
        let json = Data(#"{"id": "\#(S.base)/\#(S.saeDefinitionID)"}"#.utf8)
        #expect(try StartJobRequest(json: json).definitionURI == S.url("\(S.base)/\(S.saeDefinitionID)"))
        #expect(try StartJobRequest(json: Data()).definitionURI == nil)
        #expect(try StartJobRequest(xml: Data()).definitionURI == nil)
        #expect(try StartJobRequest(xml: Data("  \n".utf8)).definitionURI == nil)
    }

    @Test("Error body (XML, §10)")
    func errorXML() throws {
        let error = try ExtractErrorBody(xml: S.errorXML)
        #expect(error.message == "A job for the specified definition is already queued or running.")
        #expect(error.serverTime == "2024-05-02T09:15:00")
        #expect(error.serverTimestamp == ExtractTimestamp(parsing: "2024-05-02T09:15:00"))
        #expect(error.id == "3BDBC49E-8793-4515-BA0E-F9C71ADA7330")
        #expect(!error.isRetryableLater)
    }

    @Test("Error body (JSON, wrapped in Error, §10)")
    func errorJSON() throws {
        let error = try ExtractErrorBody(json: S.errorJSON)
        #expect(error.message == "Forbidden Request")
        #expect(error.serverTime == "2019-03-12T07:56:32")
        #expect(error.id == "65F68719-3FF5-459E-8B94-5FC93A5CD045")
    }

    @Test("OAuth2 token success response (§12)")
    func tokenResponse() throws {
        let token = try TokenResponse(json: S.tokenJSON)
        #expect(token.accessToken == "…")
        #expect(token.tokenType == "Bearer")
        #expect(token.isBearer)
        #expect(token.expiresIn == 3600)
        #expect(token.refreshToken == "a95caa0f-…")
        #expect(token.refreshExpiresIn == 1_517_039_403)
        #expect(token.refreshTokenExpiry == Date(timeIntervalSince1970: 1_517_039_403))
        #expect(token.scope == "EXTRCT …")
        #expect(token.scopes == ["EXTRCT", "…"])
        #expect(token.idToken == "…")
        #expect(token.geolocation == S.url("https://us.api.concursolutions.com"))
        let received = Date(timeIntervalSince1970: 1_000)
        #expect(token.accessTokenExpiry(receivedAt: received) == Date(timeIntervalSince1970: 4_600))
    }

    @Test("OAuth2 error body (§12)")
    func tokenError() throws {
        let failure = try OAuthErrorResponse(json: S.tokenErrorJSON)
        #expect(failure.error == "invalid_grant")
        #expect(failure.errorDescription == "Incorrect Credentials. Please Retry")
        #expect(failure.code == OAuthErrorResponse.Code.incorrectCredentials)
        #expect(failure.geolocation == S.url("https://emea.api.concursolutions.com"))
        #expect(!failure.requiresReauthorization)
    }
}
