import ExtractAPI
import ExtractSandbox
import ExtractSync
import Foundation
import Ledger
import Testing

/// `SyncReport` and the pass report are Codable in the shape `sync --json` always printed: the encoder's bytes
/// equal those of the hand-assembled `[String: Any]` object the command line printed before (kept here as the
/// oracle), over seeded random reports; decoding gives the report back; the text is what the CLI printed.
@Suite struct SyncReportCodingTests {
    /// The `sync --json` object as the command line assembled it before reports were Codable.
    static func oracle(_ report: SyncReport) -> String {
        let object: [String: Any] = [
            "company": report.company,
            "definition": report.definition,
            "succeeded": report.succeeded,
            "nothingNew": report.nothingNew ?? NSNull(),
            "foreignJobs": report.foreignJobs.map { job -> [String: Any] in
                [
                    "id": job.jobID, "url": job.url, "status": job.status,
                    "startTime": job.startedAt.formatted(.iso8601), "note": job.note ?? NSNull(),
                ]
            },
            "unreachableJobs": report.unreachableJobs.map { ["id": $0.jobID, "url": $0.url, "reason": $0.reason] },
            "jobs": report.jobs.map { job -> [String: Any] in
                [
                    "jobId": job.jobID, "posted": job.posted, "file": job.file ?? NSNull(),
                    "size": job.size ?? NSNull(),
                    "sha256": job.sha256 ?? NSNull(), "batches": job.batches, "linesLoaded": job.linesLoaded,
                    "recordsLoaded": job.recordsLoaded,
                    "quarantined": job.quarantined.map {
                        ["id": $0.id.map { NSNumber(value: $0) } ?? NSNull(), "code": $0.code, "reason": $0.reason]
                    },
                ]
            },
            "quarantineWaiting": report.quarantineWaiting ?? NSNull(),
            "startInFlightUntil": report.startInFlight?.formatted(.iso8601) ?? NSNull(),
            "confirmations": report.confirmations.map { reply -> [String: Any] in
                [
                    "docId": reply.docId, "answer": "\(reply.answer)",
                    "code": reply.code.map { NSNumber(value: $0) } ?? NSNull(), "message": reply.message,
                ]
            },
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// As the command line's `printEncoded`.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func encoded(_ report: SyncReport) throws -> String {
        String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// A random report, made through the JSON shape (the type has no public memberwise initialiser).
    static func randomReport(_ generator: inout SeededRandomNumberGenerator) throws -> SyncReport {
        func maybe(_ value: Any) -> Any { Bool.random(using: &generator) ? value : NSNull() }
        func text() -> String {
            let pieces = ["acme", "ÄÖ ü", "a/b", "quote\"d", "tab\tx", "https://x.example/api/job/J1", "1001", ""]
            return pieces[Int.random(in: 0..<pieces.count, using: &generator)]
        }
        func time() -> String {
            Date(timeIntervalSince1970: Double(Int.random(in: 1_700_000_000...1_900_000_000, using: &generator)))
                .formatted(.iso8601)
        }
        let jobs: [[String: Any]] = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
            [
                "jobId": text(), "posted": Bool.random(using: &generator), "file": maybe(text()),
                "size": maybe(Int.random(in: 0...1 << 40, using: &generator)), "sha256": maybe(text()),
                "batches": (0..<Int.random(in: 0...2, using: &generator)).map { _ in text() },
                "linesLoaded": Int.random(in: 0...9999, using: &generator),
                "recordsLoaded": Int.random(in: 0...9999, using: &generator),
                "quarantined": (0..<Int.random(in: 0...2, using: &generator)).map { _ in
                    ["id": maybe(Int.random(in: 1...99, using: &generator)), "code": text(), "reason": text()]
                },
            ]
        }
        let object: [String: Any] = [
            "company": text(), "definition": text(), "nothingNew": maybe(text()), "jobs": jobs,
            "foreignJobs": (0..<Int.random(in: 0...2, using: &generator)).map { _ in
                ["id": text(), "url": text(), "status": text(), "startTime": time(), "note": maybe(text())]
            },
            "unreachableJobs": (0..<Int.random(in: 0...2, using: &generator)).map { _ in
                ["id": text(), "url": text(), "reason": text()]
            },
            "quarantineWaiting": maybe(Int.random(in: 0...5, using: &generator)), "startInFlightUntil": maybe(time()),
            "confirmations": (0..<Int.random(in: 0...2, using: &generator)).map { _ in
                [
                    "docId": text(), "message": text(), "code": maybe(Int.random(in: 0...199, using: &generator)),
                    "answer": ["accepted", "alreadyConfirmed", "rejected", "retryLater"][
                        Int.random(in: 0...3, using: &generator)
                    ],
                ]
            },
        ]
        let data = try JSONSerialization.data(withJSONObject: object)
        return try JSONDecoder().decode(SyncReport.self, from: data)
    }

    @Test func theEncodedReportIsTheJSONTheCommandLinePrinted() throws {
        var generator = SeededRandomNumberGenerator(seed: 3)
        for _ in 0..<300 {
            let report = try Self.randomReport(&generator)
            #expect(try Self.encoded(report) == Self.oracle(report))
        }
    }

    @Test func aReportRoundTripsThroughItsJSON() throws {
        var generator = SeededRandomNumberGenerator(seed: 5)
        for _ in 0..<300 {
            let report = try Self.randomReport(&generator)
            let decoded = try JSONDecoder().decode(SyncReport.self, from: try Self.encoder.encode(report))
            #expect(try Self.encoded(decoded) == Self.encoded(report))
            #expect(decoded.foreignJobs == report.foreignJobs && decoded.unreachableJobs == report.unreachableJobs)
            #expect(decoded.exitCode == report.exitCode && decoded.startInFlight == report.startInFlight)
            #expect(decoded.jobs.map(\.quarantined.count) == report.jobs.map(\.quarantined.count))
        }
    }

    /// The lines the CLI tests look for (SyncAllTests, SyncOwnershipTests, QuarantineCommandTests).
    @Test func theTextIsWhatTheCommandLinePrinted() throws {
        var ok = try JSONDecoder().decode(
            SyncReport.self,
            from: Data(
                #"{"company":"acme","definition":"SAE","jobs":[],"foreignJobs":[{"id":"J7","url":"u","status":"Completed","startTime":"2026-01-15T06:00:00Z"},{"id":"J8","url":"u","status":"Running","startTime":"2026-01-15T06:00:00Z"}],"unreachableJobs":[],"quarantineWaiting":1}"#
                    .utf8
            )
        )
        #expect(
            ok.text == "quarantine: acme: 1 file waits in quarantine (concur-extract quarantine list --company acme)\n"
        )
        let pass = SyncPassReport(
            outcomes: [
                SyncOutcome(company: "acme", report: ok),
                SyncOutcome(company: "c0", skipped: true),
                SyncOutcome(company: "c1", error: "[invalid-client] wrong secret"),
            ],
            quarantine: [QuarantineCount(company: "acme", waiting: 0)]
        )
        #expect(
            pass.text() == """
                acme: ok, but 2 foreign job(s) not posted: J7, J8
                c0: skipped (held by another worker)
                c1: FAILED: [invalid-client] wrong secret
                quarantine: acme: 0 files wait in quarantine

                """
        )
        #expect(
            pass.text(prefix: "serve: ", includingSkipped: false) == """
                serve: acme: ok, but 2 foreign job(s) not posted: J7, J8
                serve: c1: FAILED: [invalid-client] wrong secret
                serve: quarantine: acme: 0 files wait in quarantine

                """
        )
        #expect(pass.exitCode == 1)
        ok.quarantineWaiting = nil
        #expect(ok.text.isEmpty)
        #expect(SyncOutcome(company: "acme", report: ok).summary.hasPrefix("ok, but 2 foreign job(s)"))
        #expect(SyncPassReport(outcomes: [SyncOutcome(company: "acme", report: ok)], quarantine: []).exitCode == 4)
        let decoded = try JSONDecoder().decode(SyncPassReport.self, from: try JSONEncoder().encode(pass))
        #expect(decoded.text() == pass.text())
        let event = SyncEvent.alreadyLoaded(batchID: "1001")
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        #expect(
            event.text(since: start, now: start.addingTimeInterval(0.44))
                == "[  0.4s] batch 1001 was already loaded: nothing changed"
        )
        #expect(
            SyncDismissal(company: "acme", note: "by hand", jobIDs: []).text == "no foreign job of acme to dismiss\n"
        )
        #expect(
            SyncDismissal(company: "acme", note: "by hand", jobIDs: ["J1"]).text
                == "job J1 of acme dismissed (kept in the ledger): by hand\n"
        )
    }
}
