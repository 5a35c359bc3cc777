/// A small, fast, deterministic random number generator (SplitMix64), shared by the client (retry and poll
/// jitter) and the sandbox (seeded data and faults), so that tests and reproducible runs get the same sequence
/// for the same seed. It is not cryptographically secure; never use it for secrets or IDs.
///
/// ```swift
/// var random = SeededRandomNumberGenerator(seed: 42)
/// let jitter = Double.random(in: -3...3, using: &random)
/// ```
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
