/// Whether the refresh grant hands back a new refresh token (`sandbox --refresh-rotation`).
///
/// Concur's OAuth2 reference ("Refreshing a token") says a refresh returns a refresh token that "can change even
/// if most of the time, this value is the same", and that clients must store whatever comes back. So the default
/// returns the same refresh token (with its original expiry); ``always`` issues a new one on every use and the old
/// one then fails with code 108, for testing that a client persists the rotated value.
///
/// ```swift
/// var configuration = SandboxConfiguration()
/// configuration.refreshRotation = .always
/// ```
public enum SandboxRefreshRotation: String, Sendable, Hashable, CaseIterable {
    /// Every refresh returns a new refresh token; the one used stops working.
    case always
    /// Every refresh returns the refresh token it was given, which stays valid until its expiry (the default).
    case never
}
