import CBuildInfo

extension ConcurExtract {
    /// This release's version (semantic versioning; there is no release tag yet, so 0.x).
    static let version = "0.1.0"

    /// The git commit the binary was built from (see CBuildInfo.h): 12 hex digits, `-modified` when the checkout
    /// had uncommitted changes, or `unknown`.
    static var commit: String { String(cString: concur_extract_commit()) }

    /// What `concur-extract --version` prints: `concur-extract 0.1.0 (commit 98845e0c1a2b)`.
    static var versionText: String { "concur-extract \(version) (commit \(commit))" }
}
