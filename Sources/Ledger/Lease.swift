public import Foundation

/// The right of one worker to run a company's extract, until ``expiresAt``.
///
/// Every claim increments ``token`` (a fencing token): a worker whose lease was taken over after expiry gets
/// ``LedgerError/Code/leaseLost`` on its next ``LedgerStore/renew(_:leaseDuration:)``.
///
/// ```swift
/// if var lease = try await store.claimRun(company: "ACME", worker: "host-1:4711", leaseDuration: .seconds(60)) {
///     defer { Task { try? await store.release(lease) } }
///     lease = try await store.renew(lease, leaseDuration: .seconds(60))   // while working
/// }
/// ```
public struct Lease: Sendable, Hashable, Codable {
    public var company: String
    public var worker: String
    /// Increases with every claim of the company's run.
    public var token: Int64
    public var acquiredAt: Date
    public var expiresAt: Date

    public init(company: String, worker: String, token: Int64, acquiredAt: Date, expiresAt: Date) {
        self.company = company
        self.worker = worker
        self.token = token
        self.acquiredAt = acquiredAt
        self.expiresAt = expiresAt
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
