import AccountingExtract
import ExtractAPI
public import Foundation

/// A decoder that reads hostile input, driven the same way by the libFuzzer executables (`Fuzz/`) and by the
/// corpus regression test of the normal suite (`Tests/DecoderFuzzingTests`).
///
/// Each input must be decoded or refused with the decoder's own error type (`SAEError` or
/// `ExtractAPIDecodingError`); a crash, a hang or unbounded memory is a finding.
///
/// ```swift
/// let outcome = FuzzTarget.xml.run(Data("<job><id>1</id></job>".utf8))
/// print(outcome.decoded, outcome.refusals)   // 1 [] … or the codes of each refusal
/// ```
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The SAE line splitter and record checks: `SAEReader` (strict and lenient) and `SAEBatchValidator`.
    case sae
    /// The XML reader, through every XML wire body of the Extract API.
    case xml
    /// The JSON decoders of every Extract API wire body.
    case json
    /// The token endpoint's answers: `TokenResponse` and `OAuthErrorResponse`.
    case token
    /// The zip classifier: `ExtractZip` opening, classifying and extracting a downloaded zip.
    case zip

    /// Where the target's corpus lives, relative to the package root.
    public var corpusPath: String { "Tests/Fuzz/\(rawValue)" }

    /// Feeds one input to the decoders of the target.
    public func run(_ data: Data) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        switch self {
        case .sae: Self.runSAE(data, into: &outcome)
        case .xml: Self.runWire(data, format: .xml, into: &outcome)
        case .json: Self.runWire(data, format: .json, into: &outcome)
        case .token: Self.runToken(data, into: &outcome)
        case .zip: Self.runZip(data, into: &outcome)
        }
        return outcome
    }
}

/// What the decoders of one target made of one input.
public struct FuzzOutcome: Sendable, Hashable {
    /// How many decoders accepted the input.
    public var decoded = 0
    /// Each refusal, as `code: message` (the decoder's stable code first).
    public var refusals: [String] = []

    public init() {}

    mutating func refuse(_ error: SAEError) { refusals.append("\(error.code.rawValue): \(error.message)") }
    mutating func refuse(_ error: ExtractAPIDecodingError) {
        refusals.append("\(error.code.rawValue): \(error.message)")
    }
}
