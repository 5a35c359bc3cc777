import ExtractAPI
import Foundation
import Testing

/// encode → decode → equal, for every body type in every format it has.
@Suite("Round trips")
struct RoundTripTests {
    static let base = "https://emulator.test/api/expense/extract/v1.0"

    static func url(_ text: String) -> URL { SpecExamples.url(text) }

    static let definition = ExtractDefinition(
        id: url("\(base)/DEF$1"),
        name: "Standard Accounting Extract & <More>",
        jobLink: url("\(base)/DEF$1/job")
    )

    static func job(_ status: JobStatus, finished: Bool) -> ExtractJob {
        let id = "\(base)/DEF$1/job/JOB$\(status.word)"
        return ExtractJob(
            id: url(id),
            statusLink: url(id + "/status"),
            startTime: ExtractTimestamp(secondsSince1970: 1_714_641_300, ticks: 1_234_567),
            stopTime: finished ? ExtractTimestamp(secondsSince1970: 1_714_641_303, ticks: 5_000_000) : nil,
            status: status,
            fileLink: status == .completed ? url(id + "/file") : nil
        )
    }

    static let jobs: [ExtractJob] = [
        job(.queued, finished: false), job(.running, finished: false), job(.completed, finished: true),
        job(.failed, finished: true), job(.unknown("Paused"), finished: false), job(.unknown("7"), finished: false),
    ]

    static let options: [ExtractWire.EncodingOptions] = [
        .canonical,
        ExtractWire.EncodingOptions(timestampStyle: .zulu, completedWord: .complete, expiresInStyle: .number),
    ]

    func roundTrip<T: WireBody & Equatable>(_ value: T) throws {
        for format in ExtractWire.Format.allCases {
            for options in Self.options {
                let data = try value.encoded(as: format, options: options)
                let decoded = try T(data: data, format: format)
                #expect(decoded == value, "\(format) \(String(decoding: data, as: UTF8.self))")
            }
        }
    }

    @Test func definition() throws { try roundTrip(Self.definition) }

    @Test func definitionList() throws {
        try roundTrip(ExtractDefinitionList([Self.definition, Self.definition]))
        try roundTrip(ExtractDefinitionList([]))
    }

    @Test(arguments: jobs)
    func job(_ job: ExtractJob) throws { try roundTrip(job) }

    @Test func jobList() throws {
        try roundTrip(ExtractJobList(Self.jobs))
        try roundTrip(ExtractJobList([]))
    }

    @Test func startJobRequest() throws {
        try roundTrip(StartJobRequest(definitionURI: Self.url("\(Self.base)/DEF$1")))
        try roundTrip(StartJobRequest())
    }

    @Test func errorBody() throws {
        try roundTrip(ExtractErrorBody(message: "Nope <&> \"quoted\"", serverTime: "2024-05-02T09:15:00", id: "ID-1"))
        try roundTrip(ExtractErrorBody(message: "Only a message"))
    }

    @Test func tokenResponse() throws {
        let full = TokenResponse(
            accessToken: "at",
            tokenType: "Bearer",
            expiresIn: 3600,
            refreshToken: "rt",
            refreshExpiresIn: 1_517_039_403,
            scope: "EXTRCT user.read",
            idToken: "idt",
            geolocation: Self.url("https://us2.api.concursolutions.com")
        )
        let minimal = TokenResponse(accessToken: "at", expiresIn: 60)
        for token in [full, minimal] {
            for options in Self.options {
                #expect(try TokenResponse(json: token.jsonData(options: options)) == token)
            }
        }
    }

    @Test func tokenResponseExpiresInStyle() throws {
        let token = TokenResponse(accessToken: "at", expiresIn: 3600)
        #expect(String(decoding: try token.jsonData(), as: UTF8.self).contains(#""expires_in":"3600""#))
        let number = try token.jsonData(options: .init(expiresInStyle: .number))
        #expect(String(decoding: number, as: UTF8.self).contains(#""expires_in":3600"#))
    }

    @Test func oauthError() throws {
        let failures = [
            OAuthErrorResponse(
                error: "invalid_request",
                errorDescription: "elsewhere",
                code: 16,
                geolocation: Self.url("https://emea.api.concursolutions.com")
            ),
            OAuthErrorResponse(error: nil, code: 62),
        ]
        for failure in failures {
            #expect(try OAuthErrorResponse(json: failure.jsonData()) == failure)
        }
    }

    @Test func tokenRequest() throws {
        let requests = [
            TokenRequest(
                clientID: "id",
                clientSecret: "s&=+ %/é",
                grant: .password(username: "uuid", password: "p w&x", credentialType: "authtoken")
            ),
            TokenRequest(
                clientID: "id",
                clientSecret: "s",
                grant: .password(username: "u", password: "p", credentialType: nil)
            ),
            TokenRequest(clientID: "id", clientSecret: "s", grant: .refreshToken("rt+1", scope: "EXTRCT")),
            TokenRequest(clientID: "id", clientSecret: "s", grant: .clientCredentials),
        ]
        for request in requests {
            #expect(try TokenRequest(form: request.formBody()) == request)
        }
    }
}
