import DecoderFuzzing
import Foundation
import Testing

/// Replays every input of each fuzz target's corpus (`Tests/Fuzz/<target>/`, seeded from the test files and grown
/// by Scripts/fuzz.sh, with the reproducers of past findings kept as `crash-*`) through the same decoders as the
/// fuzzers, without sanitizers: each input is decoded or refused with the decoder's own error, stable code and
/// message; a crash fails the whole run.
@Suite("Fuzz corpus regression")
struct FuzzCorpusTests {
    static let corpusRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// How many decoders each input of a target goes through (at least, for the zip: one per SAE entry more).
    static func decoders(_ target: FuzzTarget) -> Int {
        switch target {
        case .sae: 2  // strict read, lenient read through the batch checks
        case .xml, .json: 6  // the six wire bodies
        case .token: 2  // TokenResponse, OAuthErrorResponse
        case .zip: 1  // the classifier
        }
    }

    static func inputs(_ target: FuzzTarget) throws -> [URL] {
        let folder = corpusRoot.appendingPathComponent(target.rawValue)
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("Every corpus input is decoded or refused with a stable code", arguments: FuzzTarget.allCases)
    func replay(target: FuzzTarget) throws {
        let inputs = try Self.inputs(target)
        #expect(inputs.count >= 4, "the \(target) corpus has \(inputs.count) inputs; it is seeded with more")
        var decoded = 0
        var refused = 0
        for input in inputs {
            let outcome = target.run(try Data(contentsOf: input))
            // SAE's lenient pass may refuse several lines; each other decoder answers exactly once.
            let answers = outcome.decoded + (target == .sae ? min(outcome.refusals.count, 1) : outcome.refusals.count)
            if target == .zip {
                #expect(answers >= 1, "\(input.lastPathComponent): no answer")
            } else if target == .sae {
                #expect(answers >= 1 && outcome.decoded <= 2, "\(input.lastPathComponent): \(outcome)")
            } else {
                #expect(answers == Self.decoders(target), "\(input.lastPathComponent): \(outcome)")
            }
            for refusal in outcome.refusals {
                let code = refusal.prefix { $0 != ":" }
                #expect(!code.isEmpty && code.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(refusal)")
                #expect(refusal.count > code.count + 2, "\(input.lastPathComponent): a refusal without a message")
            }
            decoded += outcome.decoded
            refused += outcome.refusals.count
        }
        // A corpus of only refusals (or only successes) would no longer exercise both sides of the decoder.
        #expect(decoded > 0 && refused > 0, "\(target): \(decoded) decoded, \(refused) refused")
    }

    /// The reproducers of past findings stay in the corpus, so the replay above keeps covering them.
    @Test("The reproducers of past findings are kept")
    func reproducersKept() throws {
        let xml = try Self.inputs(.xml).map(\.lastPathComponent)
        #expect(xml.contains("crash-element-name-not-utf8"))
        let outcome = FuzzTarget.xml.run(
            try Data(contentsOf: Self.corpusRoot.appendingPathComponent("xml/crash-element-name-not-utf8"))
        )
        #expect(outcome.decoded == 0)
        #expect(outcome.refusals.allSatisfy { $0.hasPrefix("malformed-xml: the XML body is not valid UTF-8") })
    }

    /// Fuzz finding 3 (zip): a deflate stream that does not end within its entry kept ZIPFoundation's reader
    /// looping at the end of the file (> 290 s). The fuzzer's input is refused when opened (its second central
    /// directory record runs past the directory); the hand-made variant opens and is refused when extracted.
    @Test("The zip hang reproducers are refused at once")
    func zipHangReproducers() throws {
        let expected = [
            "timeout-0bb42f86de533f828725869fb82379da8b125a6b": (0, "archive: not a readable zip archive"),
            "timeout-deflate-stream-past-entry": (1, "archive: the entry's deflate stream does not end within its 33"),
        ]
        for (name, (decoded, refusal)) in expected {
            let input = try Data(contentsOf: Self.corpusRoot.appendingPathComponent("zip/\(name)"))
            let outcome = FuzzTarget.zip.run(input)
            #expect(outcome.decoded == decoded, "\(name): \(outcome)")
            #expect(outcome.refusals.count == 1 && outcome.refusals[0].hasPrefix(refusal), "\(name): \(outcome)")
        }
    }
}
