import AccountingExtract
import ExtractAPI
import ExtractClient
import ExtractSandbox
import ExtractTesting
import Foundation
import Testing

/// Each fault the sandbox can inject is survived, or reported clearly.
@Suite struct ExtractClientFaultTests {
    static let transient: [(String, SandboxFault.Kind)] = [
        ("503 with Retry-After", .serviceUnavailable(retryAfter: 2)),
        ("503 without Retry-After", .serviceUnavailable(retryAfter: nil)),
        ("429", .tooManyRequests(retryAfter: 1)),
        ("400 request limit", .requestLimit(retryAfter: nil)),
        ("dropped connection", .dropConnection),
        ("slow answer", .slow(milliseconds: 300)),
    ]

    @Test(arguments: [SandboxFault.Route.definitions, .jobStatus, .jobFile])
    func transientFaultsAreRetried(route: SandboxFault.Route) async throws {
        for (label, kind) in Self.transient {
            try await withSandbox({ $0.faults = [SandboxFault(route: route, kind: kind, count: 2)] }) { sandbox in
                let client = sandbox.client()
                let definition = try await client.definition(named: "Standard Accounting Extract")
                let done = try await client.waitForCompletion(try await client.startJob(definition))
                let file = try await client.download(done, into: sandbox.directory)
                #expect(try SAEFile.check(path: file.path.path).isValid, "\(label) on \(route)")
            }
        }
    }

    @Test func aTruncatedDownloadIsRetriedAndLeavesNoPartialFile() async throws {
        try await withSandbox({ $0.faults = [SandboxFault(route: .jobFile, kind: .truncatedBody, count: 2)] }) {
            sandbox in
            let client = sandbox.client()
            let definition = try await client.definition(named: "Standard Accounting Extract")
            let done = try await client.waitForCompletion(try await client.startJob(definition))
            let file = try await client.download(done, into: sandbox.directory)
            #expect(try SAEFile.check(path: file.path.path).isValid)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path).filter {
                $0.hasSuffix(".part")
            }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func aDownloadThatKeepsFailingKeepsNothing() async throws {
        try await withSandbox({ $0.faults = [SandboxFault(route: .jobFile, kind: .truncatedBody)] }) { sandbox in
            let client = sandbox.client()
            let definition = try await client.definition(named: "Standard Accounting Extract")
            let done = try await client.waitForCompletion(try await client.startJob(definition))
            await #expect(throws: ExtractClientError.self) { try await client.download(done, into: sandbox.directory) }
            let files = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path)
            #expect(files.isEmpty, "\(files)")
        }
    }

    @Test func aDroppedStartIsVerifiedNotRepeated() async throws {
        try await withSandbox({ $0.faults = [SandboxFault(route: .startJob, kind: .dropConnection, count: 1)] }) {
            sandbox in
            let client = sandbox.client()
            let definition = try await client.definition(named: "Standard Accounting Extract")
            let job = try await client.startJob(definition)
            let jobs = try await client.jobs(of: definition)
            #expect(jobs.count == 1)
            #expect(jobs.first?.id == job.id)
        }
    }

    /// A ledger's start never sends at or after its window's end: a window already closed sends nothing; a start
    /// whose attempts keep dropping stops at the window with `start-window-closed`, and no job came of it.
    @Test func aStartNeverSendsAfterItsWindow() async throws {
        try await withSandbox({ $0.faults = [SandboxFault(route: .startJob, kind: .dropConnection, count: 50)] }) {
            sandbox in
            let client = sandbox.client()
            let definition = try await client.definition(named: "Standard Accounting Extract")
            do {
                _ = try await client.startOwnJob(definition, knownJobIDs: [], sendBefore: Date().addingTimeInterval(-1))
                Issue.record("a closed window sends nothing")
            } catch let error as ExtractClientError {
                #expect(error.code == .startWindowClosed && error.message.contains("nothing was sent"), "\(error)")
            }
            #expect(await sandbox.server.store.faultHitCounts.reduce(0, +) == 0, "nothing was sent")
            do {
                _ = try await client.startOwnJob(definition, knownJobIDs: [], sendBefore: Date().addingTimeInterval(1))
                Issue.record("a start whose every attempt drops cannot succeed")
            } catch let error as ExtractClientError {
                #expect(
                    error.code == .startWindowClosed || error.code == .transport,
                    "\(error.code): \(error.message)"
                )
            }
            #expect(try await client.jobs(of: definition).isEmpty)
        }
    }

    /// The start window is judged by the configuration's clock, not the machine's: a client whose clock reads a
    /// day later sends nothing for a window that, by the machine's time, is still open for an hour.
    @Test func theStartWindowIsJudgedByTheInjectedClock() async throws {
        try await withSandbox { sandbox in
            let clock = SimulatedClock(start: Date().addingTimeInterval(86_400))
            let client = ConcurClient(
                configuration: ExtractClientConfiguration(clock: clock),
                tokens: sandbox.tokens()
            )
            let definition = try await client.definition(named: "Standard Accounting Extract")
            let sendBefore = clock.now.addingTimeInterval(-86_400 + 3_600)
            do {
                _ = try await client.startOwnJob(definition, knownJobIDs: [], sendBefore: sendBefore)
                Issue.record("by the injected clock the window closed a day ago")
            } catch let error as ExtractClientError {
                #expect(error.code == .startWindowClosed && error.message.contains("nothing was sent"), "\(error)")
            }
            #expect(try await client.jobs(of: definition).isEmpty, "no job was started")
        }
    }

    /// Whether a failed start may have started a job: not when every attempt was refused (503, 429), or nothing
    /// was sent; maybe when an attempt got no answer.
    @Test func aFailedStartSaysWhetherItMayHaveTakenEffect() async throws {
        let cases: [(SandboxFault.Kind, Bool)] = [
            (.serviceUnavailable(retryAfter: 1), true), (.tooManyRequests(retryAfter: 1), true),
            (.dropConnection, false),
        ]
        for (kind, tookNoEffect) in cases {
            try await withSandbox({ $0.faults = [SandboxFault(route: .startJob, kind: kind, count: 50)] }) { sandbox in
                let client = sandbox.client()
                let definition = try await client.definition(named: "Standard Accounting Extract")
                do {
                    _ = try await client.startOwnJob(definition, knownJobIDs: [])
                    Issue.record("\(kind): every attempt fails")
                } catch let error as ExtractClientError {
                    #expect(error.tookNoEffect == tookNoEffect, "\(kind): \(error)")
                }
                #expect(try await client.jobs(of: definition).isEmpty)
            }
        }
    }

    /// After a dropped start, one new job the caller did not know that it may not take as its own (other writers
    /// use the definition): `ambiguous-start`, and nothing more is sent.
    @Test func aDroppedStartTakesNoJobWhenOtherWritersUseTheDefinition() async throws {
        try await withSandbox { sandbox in
            let client = sandbox.client()
            let definition = try await client.definition(named: "Standard Accounting Extract")
            let colleagues = try await client.waitForCompletion(try await client.startJob(definition))
            await sandbox.server.store.setFaults([SandboxFault(route: .startJob, kind: .dropConnection, count: 1)])
            do {
                _ = try await client.startOwnJob(definition, knownJobIDs: [], takeSingleNewJob: false)
                Issue.record("the colleague's job must not be taken")
            } catch let error as ExtractClientError {
                #expect(error.code == .ambiguousStart, "\(error.code): \(error.message)")
            }
            #expect(try await client.jobs(of: definition).map(\.jobID) == [colleagues.jobID])
        }
    }

    @Test func aTokenExpiringMidJobIsRefreshed() async throws {
        try await withSandbox({ $0.faults = [SandboxFault(route: .startJob, kind: .tokenExpiresMidJob, count: 1)] }) {
            sandbox in
            let client = sandbox.client()
            let definition = try await client.definition(named: "Standard Accounting Extract")
            let done = try await client.waitForCompletion(try await client.startJob(definition))
            #expect(done.status == .completed)
        }
    }

    @Test func aJobStuckInQueueTimesOutClearly() async throws {
        try await withSandbox({ $0.faults = [SandboxFault(route: .startJob, kind: .jobStuckInQueue, count: 1)] }) {
            sandbox in
            let client = sandbox.client(maximumWait: .seconds(2))
            let definition = try await client.definition(named: "Standard Accounting Extract")
            let job = try await client.startJob(definition)
            do {
                _ = try await client.waitForCompletion(job)
                Issue.record("expected a timeout")
            } catch let error as ExtractClientError {
                #expect(error.code == .pollTimeout)
                #expect(error.description.contains(job.id.lastPathComponent))
            }
        }
    }

    @Test func persistentRefusalIsReportedWithItsStatus() async throws {
        try await withSandbox({
            $0.faults = [SandboxFault(route: .definitions, kind: .serviceUnavailable(retryAfter: 1))]
        }) { sandbox in
            let client = sandbox.client()
            do {
                _ = try await client.definitions()
                Issue.record("expected an error")
            } catch let error as ExtractClientError {
                #expect(error.code == .rateLimited)
                #expect(error.statusCode == 503)
            }
        }
    }
}

/// Tokens: rotation persisted across processes, geolocation switch, expiry of the refresh token.
@Suite struct ExtractClientTokenTests {
    @Test func rotationSurvivesTwoProcessesInARow() async throws {
        try await withSandbox({ $0.refreshRotation = .always }) { sandbox in
            let file = sandbox.directory.appendingPathComponent("state/token.json")
            // First "process": logs in, and its token is refreshed (rotating the refresh token).
            let first = sandbox.tokens(persistence: FileTokenPersistence(url: file))
            _ = try await first.login(
                LoginCredentials(
                    username: sandbox.server.demoCredentials.username,
                    password: sandbox.server.demoCredentials.password
                )
            )
            let loggedIn = try #require(await first.storedToken)
            await first.invalidate()
            _ = try await first.validToken()
            let rotated = try #require(await first.storedToken)
            #expect(rotated.refreshToken != loggedIn.refreshToken)
            // Second "process": knows no password; starts from the file, and its refresh works.
            let credentials = sandbox.server.demoCredentials
            let second = TokenStore(
                client: ClientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
                geolocation: sandbox.geolocation,
                persistence: FileTokenPersistence(url: file),
                fetcher: ConcurClient.tokenFetcher()
            )
            await second.invalidate()
            let client = sandbox.client(tokens: second)
            #expect(try await !client.definitions().isEmpty)
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            // The first process's old refresh token no longer works (its access token made to look expired).
            var expired = loggedIn
            expired.accessTokenExpiry = Date(timeIntervalSinceNow: -60)
            let stale = TokenStore(
                client: ClientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
                geolocation: sandbox.geolocation,
                persistence: InMemoryTokenPersistence(expired),
                fetcher: ConcurClient.tokenFetcher()
            )
            await stale.invalidate()
            do {
                _ = try await stale.validToken()
                Issue.record("a rotated-away refresh token must not work")
            } catch let error as ExtractClientError {
                #expect(error.code == .refreshTokenExpired)
                #expect(error.message.contains("company request token"))
            }
        }
    }

    @Test func callsMoveToTheTokensGeolocation() async throws {
        // Company 1 lives at another "data center": a second sandbox address on loopback.
        try await withSandbox { other in
            try await withSandbox({ $0.companyGeolocations = [0: other.server.baseURL] }) { sandbox in
                let tokens = sandbox.tokens()
                let token = try await tokens.login(
                    LoginCredentials(
                        username: sandbox.server.demoCredentials.username,
                        password: sandbox.server.demoCredentials.password
                    )
                )
                #expect(token.geolocation.baseURL.port == other.server.baseURL.port)
                #expect(await tokens.baseURL.port == other.server.baseURL.port)
            }
        }
    }
}

@Suite struct ExtractClientCompanyTokenTests {
    /// A company-level login: the company UUID as user name and the request token as password, with
    /// `credtype=authtoken`; the rotated refresh token is then used for the rest.
    @Test func companyRequestTokenLogin() async throws {
        try await withSandbox { sandbox in
            let company = try #require(await sandbox.server.store.state.companies.first)
            let credentials = sandbox.server.demoCredentials
            let login = LoginCredentials(
                username: company.id,
                password: company.requestToken,
                credentialType: "authtoken"
            )
            let tokens = TokenStore(
                client: ClientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
                geolocation: sandbox.geolocation,
                login: login,
                persistence: InMemoryTokenPersistence(),
                fetcher: ConcurClient.tokenFetcher()
            )
            _ = try await tokens.login(login)
            let client = sandbox.client(format: .json, tokens: tokens)
            #expect(try await client.definitions().contains { $0.name == "Standard Accounting Extract" })
            let wrong = LoginCredentials(username: company.id, password: "not-the-token", credentialType: "authtoken")
            await #expect(throws: ExtractClientError.self) { try await tokens.login(wrong) }
        }
    }
}
