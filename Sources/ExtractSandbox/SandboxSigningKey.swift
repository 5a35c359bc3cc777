import CryptoExtras
public import Foundation

/// The RSA key pair the sandbox signs its tokens with (RS256), kept in ``SandboxState`` so that a sandbox started
/// again with the same `--state` file signs with the same key and tokens issued before still verify.
///
/// A sandbox without a saved key takes the process's key (one 2048-bit key generated at first use), so tests that
/// start many in-memory sandboxes pay for one key generation; its public half is published at
/// ``SandboxTokenSigner/jwksPath``. The description never shows the private key.
///
/// ```swift
/// let key = SandboxSigningKey.processKey
/// let signer = try await SandboxTokenSigner(key: key)
/// ```
public struct SandboxSigningKey: Sendable, Hashable, Codable, CustomStringConvertible, CustomReflectable {
    /// The private key, PEM (PKCS#1 or PKCS#8).
    public var privateKeyPEM: String

    public init(privateKeyPEM: String) {
        self.privateKeyPEM = privateKeyPEM
    }

    /// A new 2048-bit key.
    public static func generate() throws -> SandboxSigningKey {
        SandboxSigningKey(privateKeyPEM: try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation)
    }

    /// The key of this process, generated once (`nil` if key generation failed, which a sandbox reports at start).
    public static var processKey: SandboxSigningKey? { shared }

    private static let shared: SandboxSigningKey? = try? generate()

    /// The process's key could not be generated (the system's random source or RSA failed).
    public struct GenerationFailed: Error, Sendable, CustomStringConvertible {
        public var description: String { "the sandbox could not generate its RSA signing key" }
    }

    public var description: String { "SandboxSigningKey(RSA, private key not shown)" }

    public var customMirror: Mirror { Mirror(self, children: ["privateKeyPEM": "(not shown)"]) }
}
