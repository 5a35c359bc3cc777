import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test func oneCompanysTokenNeverSeesAnothersDefinitionsJobsOrFiles() async throws {
        try await withSandbox { sandbox, clock in
            let demo = try await sandbox.token(company: 0).accessToken
            let globex = try await sandbox.token(company: 1).accessToken
            let demoDefinitions = await sandbox.store.state.companies[0].definitions
            let globexDefinitions = await sandbox.store.state.companies[1].definitions
            #expect(Set(demoDefinitions.map(\.id)).isDisjoint(with: globexDefinitions.map(\.id)))

            let seenByGlobex = try ExtractDefinitionList(
                xml: try await HTTP.get(sandbox.definitionsURL, token: globex).data
            )
            #expect(Set(seenByGlobex.definitions.compactMap(\.definitionID)) == Set(globexDefinitions.map(\.id)))

            let definition = await sandbox.definition(.standardAccounting, company: 0)
            let job = try ExtractJob(xml: try await HTTP.post(sandbox.jobsURL(definition), token: demo).data)
            clock.advance(by: 30)
            let fresh = try await sandbox.token(company: 1).accessToken
            for url in [
                sandbox.base + ExtractWire.Route.definition(id: definition.id).path,
                sandbox.jobsURL(definition),
                job.id.absoluteString,
                job.statusLink.absoluteString,
                job.id.absoluteString + "/file",
            ] {
                #expect(try await HTTP.get(url, token: globex).status == 404, "\(url)")
                #expect(try await HTTP.get(url, token: fresh, accept: "application/json").status == 404, "\(url)")
            }
            #expect(try await HTTP.post(sandbox.jobsURL(definition), token: globex).status == 404)
            // Globex's own SAE definition has no jobs, and its reports are untouched
            let own = await sandbox.definition(.standardAccounting, company: 1)
            let ownJobs = try ExtractJobList(xml: try await HTTP.get(sandbox.jobsURL(own), token: globex).data)
            #expect(ownJobs.jobs.isEmpty)
            #expect(await sandbox.store.state.companies[1].reportsReadyForExtract.count == 10)
            #expect(await sandbox.store.state.companies[0].reportsReadyForExtract.isEmpty)
            // and the owner still can
            #expect(try await HTTP.get(job.id.absoluteString + "/file", token: demo).status == 200)
        }
    }

    @Test func clientsAndUsersBelongToOneCompany() async throws {
        try await withSandbox { sandbox, _ in
            let demo = sandbox.demoCredentials
            let globexUser = await sandbox.credentials(company: 1)
            let crossed = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: demo.clientID,
                    clientSecret: demo.clientSecret,
                    grant: .password(username: globexUser.username, password: globexUser.password, credentialType: nil)
                )
            )
            #expect(crossed.status == 400)
            #expect(try OAuthErrorResponse(json: crossed.data).code == 5)
            // a refresh token only works with the client it was issued to
            let globexToken = try await sandbox.token(company: 1)
            let stolen = try await HTTP.token(
                sandbox.baseURL,
                TokenRequest(
                    clientID: demo.clientID,
                    clientSecret: demo.clientSecret,
                    grant: .refreshToken(try #require(globexToken.refreshToken), scope: nil)
                )
            )
            #expect(try OAuthErrorResponse(json: stolen.data).code == 108)
        }
    }
}
