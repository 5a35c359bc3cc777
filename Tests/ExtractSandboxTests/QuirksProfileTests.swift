import ExtractAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// `--quirks docs|none` and the JSON pins: what forms the Extract answers come in (issue 14 items 4–5).
@Suite("Quirks profile")
struct QuirksProfileTests {
    /// The first `count` answer options of a store configured by `configure`.
    static func draws(
        _ count: Int,
        _ configure: (inout SandboxConfiguration) -> Void
    ) async throws
        -> [ExtractWire.EncodingOptions]
    {
        var configuration = SandboxConfiguration()
        configuration.reportsPerCompany = 2
        configuration.companies = 1
        configure(&configuration)
        let store = try await SandboxStore(configuration: configuration)
        var options: [ExtractWire.EncodingOptions] = []
        for _ in 0..<count { options.append(await store.answerOptions()) }
        return options
    }

    @Test("docs is the default: per answer, by seed, deterministic, every form within a few dozen answers")
    func docsDrawsEveryFormBySeed() async throws {
        #expect(SandboxConfiguration().quirks == .docs)
        let first = try await Self.draws(60) { $0.seed = 9 }
        let again = try await Self.draws(60) { $0.seed = 9 }
        let other = try await Self.draws(60) { $0.seed = 10 }
        #expect(first == again)
        #expect(first != other)
        #expect(Set(first.map(\.timestampStyle)).count == 2)
        #expect(Set(first.map(\.fractionDigits)).count >= 6)
        #expect(Set(first.map(\.completedWord)).count == 2)
        #expect(Set(first.map(\.linkWhitespace)).count == 3)
        #expect(Set(first.map(\.childOrder)).count == 2)
        #expect(Set(first.map(\.jsonList)).count == 3)
        #expect(Set(first.map(\.jsonStatus)).count == 3)
    }

    @Test("none answers in encodingOptions; the JSON pins hold under either profile")
    func noneIsOneFormAndPinsHold() async throws {
        let none = try await Self.draws(20) { $0.quirks = .none }
        #expect(none.allSatisfy { $0 == .canonical })
        let pinned = try await Self.draws(40) {
            $0.jsonList = .nested
            $0.jsonStatus = .word
        }
        #expect(pinned.allSatisfy { $0.jsonList == .nested && $0.jsonStatus == .word })
        #expect(Set(pinned.map(\.childOrder)).count == 2)
        let pinnedNone = try await Self.draws(5) {
            $0.quirks = .none
            $0.jsonList = .wrapped
        }
        #expect(pinnedNone.allSatisfy { $0.jsonList == .wrapped && $0.jsonStatus == .number })
    }

    @Test("Over HTTP, one resource asked again comes in several forms that all decode to one value")
    func answersVaryButMeanTheSame() async throws {
        try await withSandbox { sandbox, _ in
            let token = try await sandbox.token().accessToken
            for (accept, format) in [("application/xml", ExtractWire.Format.xml), ("application/json", .json)] {
                var bodies: Set<String> = []
                var values: Set<ExtractDefinitionList> = []
                for _ in 0..<24 {
                    let answer = try await HTTP.get(sandbox.definitionsURL, token: token, accept: accept)
                    #expect(answer.status == 200)
                    bodies.insert(answer.text)
                    values.insert(try ExtractDefinitionList(data: answer.data, format: format))
                }
                #expect(bodies.count > 3, "\(format): \(bodies.count) distinct bodies")
                #expect(values.count == 1)
            }
        }
    }

    @Test("--quirks none answers byte for byte the same")
    func noneAnswersIdentically() async throws {
        try await withSandbox({ $0.quirks = .none }) { sandbox, _ in
            let token = try await sandbox.token().accessToken
            var bodies: Set<String> = []
            for _ in 0..<6 {
                bodies.insert(try await HTTP.get(sandbox.definitionsURL, token: token, accept: "application/json").text)
            }
            #expect(bodies.count == 1)
            #expect(bodies.first?.hasPrefix("[{") == true)
        }
    }
}
