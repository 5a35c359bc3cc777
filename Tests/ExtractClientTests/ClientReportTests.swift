import ExtractAPI
import Foundation
import Testing

@testable import ExtractClient

/// The reports `run`, `status`, `fetch`, `login` and `definitions` print, now Codable in the library: the JSON
/// equals the `[String: Any]` objects the command line assembled before (kept here as the oracle), the text the
/// lines it printed, and each round-trips.
@Suite struct ClientReportTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func oracle(_ object: Any) throws -> String {
        String(
            decoding: try JSONSerialization.data(
                withJSONObject: object,
                options: [.sortedKeys, .withoutEscapingSlashes]
            ),
            as: UTF8.self
        )
    }

    /// The old `JobReport.object(_:)`.
    static func jobObject(_ job: ExtractJob) -> [String: Any] {
        var object: [String: Any] = [
            "id": job.id.absoluteString, "status": job.status.word, "statusLink": job.statusLink.absoluteString,
            "startTime": job.startTime.formatted(),
        ]
        if let stop = job.stopTime { object["stopTime"] = stop.formatted() }
        if let file = job.fileLink { object["fileLink"] = file.absoluteString }
        return object
    }

    static func jobs() throws -> [ExtractJob] {
        let base = "https://us.api.concursolutions.com/api/expense/extract/v1.0/D1/job/"
        let start = ExtractTimestamp(Date(timeIntervalSince1970: 1_780_000_000))
        let stop = ExtractTimestamp(Date(timeIntervalSince1970: 1_780_000_090))
        return try [JobStatus.queued, .running, .completed, .failed, .unknown("Odd")].enumerated().map {
            index,
            status in
            let id = try #require(URL(string: base + "J\(index)"))
            return ExtractJob(
                id: id,
                statusLink: id.appendingPathComponent("status"),
                startTime: start,
                stopTime: index >= 2 ? stop : nil,
                status: status,
                fileLink: status == .completed ? id.appendingPathComponent("file") : nil
            )
        }
    }

    @Test func aJobReportIsWhatTheCommandsPrinted() throws {
        for job in try Self.jobs() {
            let report = JobReport(job)
            #expect(
                String(decoding: try Self.encoder.encode(report), as: UTF8.self)
                    == (try Self.oracle(Self.jobObject(job)))
            )
            var text = "job \(job.id.absoluteString): \(job.status) (started \(job.startTime.formatted())"
            if let stop = job.stopTime { text += ", stopped \(stop.formatted())" }
            #expect(report.text == text + ")\n")
            #expect(try JSONDecoder().decode(JobReport.self, from: try Self.encoder.encode(report)) == report)
        }
    }

    @Test func aJobReportWithItsFileIsWhatFetchPrinted() throws {
        let job = try Self.jobs()[2]
        let zip = URL(fileURLWithPath: "/data/out/extract.zip")
        let sae = URL(fileURLWithPath: "/data/out/extract/sae.txt")
        let other = URL(fileURLWithPath: "/data/out/extract/readme.pdf")
        let file = DownloadedExtract(
            kind: .zip,
            path: zip,
            sha256: String(repeating: "a", count: 64),
            size: 1234,
            contentType: "application/zip",
            saeFiles: [sae],
            otherFiles: [other],
            warnings: []
        )
        let report = JobReport(job, file: file)
        var object = Self.jobObject(job)
        object["file"] = file.path.path
        object["sha256"] = file.sha256
        object["size"] = file.size
        object["kind"] = file.kind.rawValue
        object["saeFiles"] = file.saeFiles.map(\.path)
        object["otherFiles"] = file.otherFiles.map(\.path)
        #expect(String(decoding: try Self.encoder.encode(report), as: UTF8.self) == (try Self.oracle(object)))
        let expected = """
            job \(job.id.absoluteString): Completed (started \(job.startTime.formatted()), stopped \(job.stopTime?.formatted() ?? ""))
            file: /data/out/extract.zip (1234 bytes, sha256 \(file.sha256))
              SAE: /data/out/extract/sae.txt
              other: /data/out/extract/readme.pdf

            """
        #expect(report.text == expected)
        #expect(try JSONDecoder().decode(JobReport.self, from: try Self.encoder.encode(report)) == report)
    }

    @Test func theLoginAndDefinitionReportsAreWhatTheCommandsPrinted() throws {
        let geolocation = try #require(Geolocation("https://us2.api.concursolutions.com"))
        let expires = Date(timeIntervalSince1970: 1_780_003_600)
        let token = AccessToken(value: "secret-token", expiresAt: expires, geolocation: geolocation)
        let login = LoginReport(token, stateDirectory: URL(fileURLWithPath: "/home/u/.local/state/concur-extract"))
        let object: [String: Any] = [
            "loggedIn": true, "geolocation": geolocation.baseURL.absoluteString,
            "accessTokenExpires": ISO8601DateFormatter().string(from: expires),
            "stateDirectory": "/home/u/.local/state/concur-extract",
        ]
        let json = String(decoding: try Self.encoder.encode(login), as: UTF8.self)
        #expect(json == (try Self.oracle(object)))
        #expect(!json.contains("secret-token") && !login.text.contains("secret-token"), "no secret")
        #expect(
            login.text == """
                logged in; calls go to \(geolocation.baseURL.absoluteString); the access token expires \(ISO8601DateFormatter().string(from: expires))
                token kept in /home/u/.local/state/concur-extract/token.json (mode 0600)

                """
        )
        let url = try #require(URL(string: "https://us.api.concursolutions.com/api/expense/extract/v1.0/gWq2"))
        let definition = ExtractDefinition(
            id: url,
            name: "Standard Accounting Extract",
            jobLink: url.appendingPathComponent("job")
        )
        let report = DefinitionReport(definition)
        let old: [String: Any] = [
            "id": definition.definitionID ?? "", "name": definition.name, "url": definition.id.absoluteString,
            "jobLink": definition.jobLink.absoluteString,
        ]
        #expect(String(decoding: try Self.encoder.encode([report]), as: UTF8.self) == (try Self.oracle([old])))
        #expect(
            report.text == "\(definition.definitionID ?? definition.id.absoluteString)  Standard Accounting Extract"
        )
    }
}
