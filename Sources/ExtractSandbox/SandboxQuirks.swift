public import ExtractAPI

/// Which forms the sandbox writes its Extract answers in (`concur-extract sandbox --quirks docs|none`).
///
/// Concur's documentation shows several forms of one answer (§14 of the contract): `…Z` or no zone, 0 to 7
/// fraction digits, `Completed` or `Complete`, links with whitespace around them, an extra `xmlns:i`, children
/// in another order; and it never shows the JSON forms, so lists may come bare or wrapped and a status as a
/// number, numeric string or word. ``docs`` (the default, which the whole test suite runs with) draws one
/// form of each per answer from a generator seeded by ``SandboxConfiguration/seed``, so a client that handles
/// only one form fails in tests instead of in production; ``none`` writes every answer in
/// ``SandboxConfiguration/encodingOptions`` (canonical by default), for byte-exact comparisons.
///
/// ```swift
/// var configuration = SandboxConfiguration()
/// configuration.quirks = .none          // one canonical form
/// configuration.jsonList = .wrapped     // pinned under either profile: {"jobs": […]}
/// ```
public enum SandboxQuirks: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every documented form, drawn per answer (deterministic for a seed and a sequence of requests).
    case docs
    /// One form: ``SandboxConfiguration/encodingOptions``.
    case none
}

/// Draws the options of each answer under ``SandboxQuirks``.
struct QuirkDrawer: Sendable {
    private var random: SeededRandomNumberGenerator
    let quirks: SandboxQuirks
    let base: ExtractWire.EncodingOptions
    let jsonList: ExtractWire.EncodingOptions.JSONList?
    let jsonStatus: ExtractWire.EncodingOptions.JSONStatus?

    init(_ configuration: SandboxConfiguration) {
        // A stream of its own, so drawing forms never shifts the seeded data or faults.
        random = SeededRandomNumberGenerator(seed: configuration.seed ^ 0x5155_4952_4B53_0001)
        quirks = configuration.quirks
        base = configuration.encodingOptions
        jsonList = configuration.jsonList
        jsonStatus = configuration.jsonStatus
    }

    /// The options of the next answer.
    mutating func next() -> ExtractWire.EncodingOptions {
        var options = quirks == .docs ? ExtractWire.EncodingOptions.drawn(using: &random, base: base) : base
        if let jsonList { options.jsonList = jsonList }
        if let jsonStatus { options.jsonStatus = jsonStatus }
        return options
    }
}

extension SandboxStore {
    /// The options the next Extract answer is written with: drawn per answer under ``SandboxQuirks/docs``,
    /// ``SandboxConfiguration/encodingOptions`` under ``SandboxQuirks/none``, with the JSON pins applied.
    public func answerOptions() -> ExtractWire.EncodingOptions {
        quirkDrawer.next()
    }
}
