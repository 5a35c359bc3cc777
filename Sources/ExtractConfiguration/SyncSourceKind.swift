/// Where a company's postings come from: the Extract API's SAE files (the default) or the Financial Integration
/// Service's documents (`source = "fis"` in a company's section, `sync --source fis`).
///
/// ```swift
/// let kind = SyncSourceKind(rawValue: "fis")   // .fis
/// ```
public enum SyncSourceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case extract
    case fis

    /// The `systemId` a ledger acknowledges and confirms FIS documents as, unless configured (`system_id`,
    /// `--system-id`, `CONCUR_FIS_SYSTEM_ID`). Decision: one name for this tool; give each ledger its own when
    /// several ledgers read the same company.
    public static let defaultSystemID = "concur-extract"
}
