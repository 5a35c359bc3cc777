import ExtractAPI
import Foundation
import Testing

/// Every form the sandbox's `--quirks docs` profile writes, and every JSON shape a client may meet (§14, item 5
/// of issue 14): what a writer encodes in any of them decodes to the same value (timestamps to the precision
/// written).
@Suite("Wire variants")
struct WireVariantTests {
    typealias Options = ExtractWire.EncodingOptions

    static let base = "https://emulator.test/api/expense/extract/v1.0"

    /// Every combination of the options that apply to `format` (the others left canonical).
    static func everyOptions(for format: ExtractWire.Format) -> [Options] {
        var all: [Options] = []
        for zone in [ExtractTimestamp.Style.unzoned, .zulu] {
            for digits in [nil] + Array(0...7) {
                for word in Options.CompletedWord.allCases {
                    for whitespace in Options.LinkWhitespace.allCases {
                        let common = Options(
                            timestampStyle: zone,
                            completedWord: word,
                            fractionDigits: digits,
                            linkWhitespace: whitespace
                        )
                        switch format {
                        case .xml:
                            for schema in [false, true] {
                                for order in Options.ChildOrder.allCases {
                                    var options = common
                                    options.declaresSchemaInstance = schema
                                    options.childOrder = order
                                    all.append(options)
                                }
                            }
                        case .json:
                            for list in Options.JSONList.allCases {
                                for status in Options.JSONStatus.allCases {
                                    var options = common
                                    options.jsonList = list
                                    options.jsonStatus = status
                                    all.append(options)
                                }
                            }
                        }
                    }
                }
            }
        }
        return all
    }

    static let definitions = ExtractDefinitionList([
        ExtractDefinition(
            id: SpecExamples.url("\(base)/DEF$1"),
            name: "Standard Accounting Extract",
            jobLink: SpecExamples.url("\(base)/DEF$1/job")
        ),
        ExtractDefinition(
            id: SpecExamples.url("\(base)/DEF$2"),
            name: "Attendee <Detail> & more",
            jobLink: SpecExamples.url("\(base)/DEF$2/job")
        ),
    ])

    static func job(_ status: JobStatus, ticks: Int64) -> ExtractJob {
        let id = "\(base)/DEF$1/job/JOB$\(status.word)"
        return ExtractJob(
            id: SpecExamples.url(id),
            statusLink: SpecExamples.url(id + "/status"),
            startTime: ExtractTimestamp(secondsSince1970: 1_714_641_300, ticks: ticks),
            stopTime: status.isTerminal ? ExtractTimestamp(secondsSince1970: 1_714_641_303, ticks: 9_999_999) : nil,
            status: status,
            fileLink: status == .completed ? SpecExamples.url(id + "/file") : nil
        )
    }

    static let jobs = ExtractJobList([
        job(.queued, ticks: 0), job(.running, ticks: 1_234_567), job(.completed, ticks: 5_800_000),
        job(.failed, ticks: 1), job(.unknown("Paused"), ticks: 10),
    ])

    /// `timestamp` as a reader sees it after a writer kept `digits` fraction digits.
    static func written(_ timestamp: ExtractTimestamp, digits: Int?) -> ExtractTimestamp {
        guard let digits else { return timestamp }
        var unit: Int64 = 1
        for _ in digits..<7 { unit *= 10 }
        return ExtractTimestamp(
            secondsSince1970: timestamp.secondsSince1970,
            ticks: Int64(timestamp.ticks) / unit * unit
        )
    }

    static func written(_ job: ExtractJob, digits: Int?) -> ExtractJob {
        var job = job
        job.startTime = written(job.startTime, digits: digits)
        job.stopTime = job.stopTime.map { written($0, digits: digits) }
        return job
    }

    @Test(
        "Every written form decodes to the value (XML and JSON, lists and single bodies)",
        arguments: ExtractWire.Format.allCases
    )
    func everyFormDecodes(format: ExtractWire.Format) throws {
        let options = Self.everyOptions(for: format)
        #expect(options.count == (format == .xml ? 432 : 972))
        for option in options {
            let expectedJobs = ExtractJobList(Self.jobs.jobs.map { Self.written($0, digits: option.fractionDigits) })
            let jobs = try Self.jobs.encoded(as: format, options: option)
            #expect(try ExtractJobList(data: jobs, format: format) == expectedJobs, "\(option)")
            for (job, expected) in zip(Self.jobs.jobs, expectedJobs.jobs) {
                let data = try job.encoded(as: format, options: option)
                #expect(try ExtractJob(data: data, format: format) == expected, "\(option)")
            }
            let definitions = try Self.definitions.encoded(as: format, options: option)
            #expect(try ExtractDefinitionList(data: definitions, format: format) == Self.definitions, "\(option)")
            let one = try Self.definitions.definitions[1].encoded(as: format, options: option)
            #expect(try ExtractDefinition(data: one, format: format) == Self.definitions.definitions[1])
            let empty = try ExtractJobList([]).encoded(as: format, options: option)
            #expect(try ExtractJobList(data: empty, format: format).jobs.isEmpty)
        }
    }

    @Test("Each option changes the bytes as documented")
    func optionsShapeTheBytes() throws {
        let completed = Self.jobs.jobs[2]
        func xml(_ options: Options) -> String { String(decoding: completed.xmlData(options: options), as: UTF8.self) }
        func json(_ value: some WireBody, _ options: Options) throws -> String {
            String(decoding: try value.jsonData(options: options), as: UTF8.self)
        }
        #expect(xml(.canonical).contains("<start-time>2024-05-02T09:15:00.58</start-time>"))
        #expect(xml(Options(timestampStyle: .zulu, fractionDigits: 0)).contains("<start-time>2024-05-02T09:15:00Z<"))
        #expect(xml(Options(fractionDigits: 7)).contains("<start-time>2024-05-02T09:15:00.5800000<"))
        #expect(xml(Options(fractionDigits: 1)).contains("<stop-time>2024-05-02T09:15:03.9<"))
        #expect(xml(Options(completedWord: .complete)).contains("<status>Complete</status>"))
        #expect(xml(Options(linkWhitespace: .leadingSpace)).contains("<status-link> https://"))
        #expect(xml(Options(linkWhitespace: .surrounding)).contains("<file-link>\n    https://"))
        #expect(
            xml(Options(declaresSchemaInstance: true)).contains(#"xmlns:i="http://www.w3.org/2001/XMLSchema-instance""#)
        )
        #expect(!xml(.canonical).contains("xmlns:i"))
        let documented = xml(.canonical)
        let reversed = xml(Options(childOrder: .reversed))
        func position(_ text: String, _ name: String) -> String.Index? { text.range(of: "<\(name)>")?.lowerBound }
        #expect(try #require(position(documented, "id")) < #require(position(documented, "file-link")))
        #expect(try #require(position(reversed, "id")) > #require(position(reversed, "file-link")))
        // Definitions: `id, name, job-link` alone, `id, job-link, name` in a list (§5).
        let alone = String(decoding: Self.definitions.definitions[0].xmlData(), as: UTF8.self)
        let list = String(decoding: Self.definitions.xmlData(), as: UTF8.self)
        #expect(try #require(position(alone, "name")) < #require(position(alone, "job-link")))
        #expect(try #require(position(list, "job-link")) < #require(position(list, "name")))
        // JSON lists and statuses.
        #expect(try json(Self.jobs, .canonical).hasPrefix("[{"))
        #expect(try json(Self.jobs, Options(jsonList: .wrapped)).hasPrefix(#"{"jobs":[{"#))
        #expect(try json(Self.jobs, Options(jsonList: .nested)).hasPrefix(#"{"jobs":{"job":[{"#))
        #expect(try json(Self.definitions, Options(jsonList: .wrapped)).hasPrefix(#"{"definitions":[{"#))
        #expect(try json(completed, .canonical).contains(#""status":2"#))
        #expect(try json(completed, Options(jsonStatus: .numericString)).contains(#""status":"2""#))
        #expect(try json(completed, Options(jsonStatus: .word)).contains(#""status":"Completed""#))
        #expect(
            try json(completed, Options(completedWord: .complete, jsonStatus: .word)).contains(#""status":"Complete""#)
        )
    }

    static let jobObject =
        #"{"id": "https://h/v1.0/D/job/J", "status-link": "https://h/v1.0/D/job/J/status", "start-time": "2010-01-13T18:30:02Z", "status": "#

    /// Hand-written JSON lists of every plausible shape, with the number of jobs each holds.
    static let jsonLists: [(String, Int)] = [
        ("[]", 0),
        ("[\(jobObject)2}]", 1),
        (#"{"jobs": []}"#, 0),
        (#"{"jobs": [\#(jobObject)"2"}, \#(jobObject)"Complete"}]}"#, 2),
        (#"{"Jobs": [\#(jobObject)" completed "}]}"#, 1),
        (#"{"jobs": {"job": [\#(jobObject)0}, \#(jobObject)"Queued"}]}}"#, 2),
        (#"{"jobs": {"job": \#(jobObject)"2"}}}"#, 1),
        (#"{"jobs": {"job": []}}"#, 0),
        (#"{"jobs": {}}"#, 0),
        (#"{"jobs": null}"#, 0),
        (#"{"jobs": ""}"#, 0),
    ]

    @Test(
        "JSON job lists: bare, wrapped, nested, one item, none; status as number, numeric string or word",
        arguments: jsonLists
    )
    func jsonListShapes(text: String, count: Int) throws {
        let list = try ExtractJobList(json: Data(text.utf8))
        #expect(list.jobs.count == count)
        for job in list.jobs { #expect(job.status == .completed || job.status == .queued) }
    }

    @Test func wrappedSingleBodiesAndDefinitionLists() throws {
        let job = try ExtractJob(json: Data(#"{"job": \#(Self.jobObject)"Running"}}"#.utf8))
        #expect(job.status == .running)
        let definition = #"{"id": "https://h/v1.0/D", "name": "N", "job-link": "https://h/v1.0/D/job"}"#
        #expect(try ExtractDefinition(json: Data(#"{"definition": \#(definition)}"#.utf8)).name == "N")
        for text in [
            "[\(definition)]", #"{"definitions": [\#(definition)]}"#,
            #"{"definitions": {"definition": \#(definition)}}"#,
        ] {
            #expect(try ExtractDefinitionList(json: Data(text.utf8)).definitions.map(\.name) == ["N"], "\(text)")
        }
    }

    @Test("A list in no known shape is an error naming what was expected")
    func unknownShapes() {
        #expect(throws: ExtractAPIDecodingError.self) { try ExtractJobList(json: Data(#"{"items": []}"#.utf8)) }
        do {
            _ = try ExtractJobList(json: Data(#"{"items": []}"#.utf8))
        } catch {
            #expect(error.code == .unexpectedRoot)
            #expect(error.description.contains("jobs"))
        }
        do {
            _ = try ExtractDefinitionList(json: Data(#""text""#.utf8))
        } catch {
            #expect(error.code == .unexpectedRoot)
            #expect(error.description.contains("definitions"))
        }
        do {
            _ = try ExtractJobList(json: Data(#"{"jobs": [{"id": "https://h/j"}]}"#.utf8))
        } catch {
            #expect(error.code == .missingField)
            #expect(error.description.contains("jobs[0]"))
        }
    }

    @Test("Drawn options cover every form (a seeded stream of 500 answers)")
    func drawnOptionsCoverEveryForm() {
        var random = SplitMix(state: 42)
        let drawn = (0..<500).map { _ in Options.drawn(using: &random) }
        #expect(Set(drawn.map(\.timestampStyle)) == [.unzoned, .zulu])
        #expect(Set(drawn.map(\.fractionDigits)) == Set([nil] + Array(0...7)))
        #expect(Set(drawn.map(\.completedWord)) == Set(Options.CompletedWord.allCases))
        #expect(Set(drawn.map(\.linkWhitespace)) == Set(Options.LinkWhitespace.allCases))
        #expect(Set(drawn.map(\.declaresSchemaInstance)) == [false, true])
        #expect(Set(drawn.map(\.childOrder)) == Set(Options.ChildOrder.allCases))
        #expect(Set(drawn.map(\.jsonList)) == Set(Options.JSONList.allCases))
        #expect(Set(drawn.map(\.jsonStatus)) == Set(Options.JSONStatus.allCases))
        #expect(drawn.allSatisfy { $0.expiresInStyle == .string })
    }
}

/// SplitMix64, for a reproducible stream in this module's tests (the sandbox's generator lives elsewhere).
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
