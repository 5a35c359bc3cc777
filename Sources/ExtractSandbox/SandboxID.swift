/// Deterministic opaque IDs in Concur's style: 34 characters from `[A-Za-z0-9$]`, the same for the same seed,
/// namespace and counter, so a restarted sandbox with a saved state never reuses one.
///
/// ```swift
/// let id = SandboxID.make(seed: 1, namespace: "job", counter: 7)   // e.g. "nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd"
/// ```
public enum SandboxID {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789$")
    /// The length of every generated ID.
    public static let length = 34

    /// The ID for (`seed`, `namespace`, `counter`).
    public static func make(seed: UInt64, namespace: String, counter: Int, length: Int = SandboxID.length) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in namespace.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        var random = SeededRandomNumberGenerator(
            seed: seed ^ hash ^ (UInt64(truncatingIfNeeded: counter) &* 0x9E37_79B9_7F4A_7C15)
        )
        _ = random.next()
        return String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }

    /// A lower-case alphanumeric string of `length` characters for (`seed`, `namespace`, `counter`).
    static func lowercase(seed: UInt64, namespace: String, counter: Int, length: Int) -> String {
        let raw = make(seed: seed, namespace: namespace, counter: counter, length: length * 2)
        let allowed = raw.lowercased().filter { $0.isLetter || $0.isNumber }
        return String((allowed + String(repeating: "x", count: length)).prefix(length))
    }
}
