import ExtractOperations
import ExtractSync
import Foundation
import Logging
import Testing

@Suite struct LineLogHandlerTests {
    /// 2026-11-30T19:40:00.123Z
    static let date = Date(timeIntervalSince1970: 1_796_067_600.123_4)

    @Test func textLineHasTimeLevelEventAndSortedFields() {
        let line = LogLine(
            date: Self.date,
            level: .info,
            event: "sync.posted",
            metadata: ["company": "acme", "batch": "42", "reason": "a file was quarantined", "n": "a=b"]
        )
        #expect(
            line.rendered(.text)
                == "2026-11-30T19:40:00.123Z info sync.posted batch=42 company=acme n=\"a=b\" reason=\"a file was quarantined\"\n"
        )
    }

    @Test func aNewlineNeverSplitsTheLine() {
        let line = LogLine(date: Self.date, level: .error, event: "run.failed", metadata: ["error": "one\ntwo\t\"x\""])
        let text = line.rendered(.text)
        #expect(text == "2026-11-30T19:40:00.123Z error run.failed error=\"one\\ntwo\\t\\\"x\\\"\"\n")
        #expect(line.rendered(.json).filter { $0 == "\n" }.count == 1)
    }

    @Test func jsonLineParsesBackWithStableKeys() throws {
        let line = LogLine(
            date: Self.date,
            level: .warning,
            event: "sync.foreign_job",
            metadata: [
                "company": "acme", "job": "j 1", "level": "shadowed", "tags": .array(["a", "b"]),
                "nested": .dictionary(["k": "v"]),
            ]
        )
        let json = line.rendered(.json)
        #expect(json.hasPrefix(#"{"ts":"2026-11-30T19:40:00.123Z","level":"warning","event":"sync.foreign_job","#))
        #expect(json.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["ts"] as? String == "2026-11-30T19:40:00.123Z")
        #expect(object["level"] as? String == "warning")
        #expect(object["event"] as? String == "sync.foreign_job")
        #expect(object["company"] as? String == "acme")
        #expect(object["job"] as? String == "j 1")
        #expect(object["field.level"] as? String == "shadowed")
        #expect(object["tags"] as? [String] == ["a", "b"])
        #expect((object["nested"] as? [String: String])?["k"] == "v")
        // The same fields in the same order on every line (sorted), whatever the dictionary's order.
        #expect(json == line.rendered(.json))
    }

    /// Any instant: the stamp is RFC 3339 UTC with milliseconds, and reads back as the instant cut to the millisecond.
    @Test func timestampsReadBackToTheMillisecond() throws {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var seed: UInt64 = 0x5EED
        for _ in 0..<500 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let interval = Double(seed % 4_102_444_800_000) / 1000 + 0.000_4  // 1970 … 2100, below a millisecond
            let stamp = LogLine.timestamp(Date(timeIntervalSince1970: interval))
            #expect(stamp.count == 24 && stamp.hasSuffix("Z"))
            let back = try #require(parser.date(from: stamp))
            #expect(abs(back.timeIntervalSince1970 - (interval * 1000).rounded(.down) / 1000) < 0.000_5)
        }
    }

    static let secrets = [
        "eyJhbGci", "AbCdEf0123456789", "hunter2-xyz", "pa55word", "pw-in-query", "XXXXsecretpath", "cs-nested-1",
        "cs-inline-2", "tok-bearer-3", "dXNlcjpwYXNz", "apikey-4", "tok-msg-5", "refresh-6", "cookie-7",
    ]

    static let hostile: Logger.Metadata = [
        "company": "acme",
        "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNlY3JldA",
        "Authorization": "Basic dXNlcjpwYXNz",
        "X-Api-Key": "apikey-4",
        "password": "hunter2-xyz",
        "RefreshToken": "refresh-6",
        "Set-Cookie": "cookie-7",
        "opaque": "AbCdEf0123456789GhIjKlMnOpQrStUv99",
        "jwt_in_text": "got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNlY3JldA back",
        "database": "postgres://user:pa55word@db.example:5432/ledger?sslmode=require&password=pw-in-query",
        "hook": "https://hooks.slack.com/services/T000/B000/XXXXsecretpath",
        "nested": .dictionary(["inner": .dictionary(["client_secret": "cs-nested-1"]), "ok": "visible"]),
        "note": "retry with client_secret=cs-inline-2 and Authorization: Bearer tok-bearer-3",
        "list": .array(["Bearer tok-bearer-3", "fine"]),
        "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "job": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    ]

    @Test(arguments: LogFormat.allCases)
    func secretsNeverReachALine(format: LogFormat) {
        let line = LogLine(
            date: Self.date,
            level: .error,
            event: "auth failed: Bearer tok-msg-5",
            metadata: Self.hostile
        )
        .rendered(format)
        for secret in Self.secrets { #expect(!line.contains(secret), "\(secret) leaked: \(line)") }
        // What is not a secret stays readable.
        for kept in [
            "acme", "db.example", "hooks.slack.com", "visible", "fine", "sslmode", "Bearer",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        ] {
            #expect(line.contains(kept), "\(kept) missing: \(line)")
        }
    }

    @Test func secretNamesAndShapes() {
        #expect(LogRedaction.isSecret(key: "client_secret"))
        #expect(LogRedaction.isSecret(key: "Proxy-Authorization"))
        #expect(!LogRedaction.isSecret(key: "company"))
        #expect(LogRedaction.value("Authorization: Bearer abc def") == "Authorization: Bearer <redacted> def")
        #expect(LogRedaction.value("batch 42 posted") == "batch 42 posted")
        // A correlation id (a prefix and an upper-case UUID) is what support asks for: never redacted; the same
        // length of random token characters still is.
        let correlation = "concur-extract-3F2504E0-4F89-11D3-9A0C-0305E82C3301"
        #expect(LogRedaction.value(correlation) == correlation)
        #expect(!LogRedaction.value("concur-extract-AbCdEf0123456789GhIjKlMnOpQrStUv99").contains("GhIjKlMnOp"))
        #expect(
            LogRedaction.shownWebhook(URL(string: "https://hooks.slack.com/services/T0/B0/xyz")!)
                == "https://hooks.slack.com/…"
        )
    }

    @Test func theHandlerWritesOneLineAnEventAtItsLevelAndAbove() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).txt")
        #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        var logger = Logger(label: "test") { _ in
            LineLogHandler(format: .text, level: .warning, output: handle, now: { Self.date })
        }
        logger[metadataKey: "worker"] = "w1"
        logger.debug("sync.job_status")
        logger.info("sync.posted", metadata: ["company": "acme"])
        logger.warning("sync.foreign_job", metadata: ["company": "acme", "job": "j1"])
        logger.error("run.failed", metadata: ["company": "beta", "error": "token=abc"])
        try handle.close()
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(
            lines == [
                "2026-11-30T19:40:00.123Z warning sync.foreign_job company=acme job=j1 worker=w1",
                "2026-11-30T19:40:00.123Z error run.failed company=beta error=\"token=<redacted>\" worker=w1",
            ]
        )
    }

    @Test func schedulerEventsBecomeRecordsWithTheirFields() {
        let posted = LogRecord.records(.sync(company: "acme", .loaded(batchID: "42", lines: 10, records: 4)))
        #expect(posted.map(\.event) == ["sync.loaded"])
        #expect(posted.first?.metadata["company"] == "acme")
        #expect(posted.first?.metadata["batch"] == "42")
        let failed = LogRecord.records(.failed(company: "beta", error: "boom"))
        #expect(failed.first?.level == .error)
        let pass = LogRecord.records(
            .passFinished(
                SyncPassReport(
                    outcomes: [SyncOutcome(company: "acme", error: "boom"), SyncOutcome(company: "b", skipped: true)],
                    quarantine: [.init(company: "acme", waiting: 2)]
                )
            )
        )
        #expect(pass.map(\.event) == ["run.finished", "quarantine.waiting", "pass.finished"])
        #expect(pass.last?.metadata["exit_code"] == "1")
    }
}
