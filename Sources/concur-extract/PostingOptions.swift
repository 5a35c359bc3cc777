import AccountingExtract
import ArgumentParser
import ExtractConfiguration
import Ledger

/// How a file is posted: the unbalanced-report policy and the journal configuration (offset accounts and payment
/// type names). Shared by `sync` and `quarantine reload`, so a reload checks a file exactly as a sync would.
///
/// The journal file is read by `JournalConfiguration(configurationFile:)` (ExtractConfiguration), which documents
/// its keys.
struct PostingOptions: ParsableArguments {
    @Option(
        help:
            "A report that cannot be balanced: 'hold' its whole batch (default) or 'post-balanced' (post the other reports, hold it)."
    )
    var unbalanced = "hold"

    @Option(
        help:
            "A journal configuration file: offset accounts and payment type names (see the README). Default: the built-in accounts."
    )
    var journal: String?

    func policy() throws -> LedgerLoader.UnbalancedReportPolicy {
        guard let policy = LedgerLoader.UnbalancedReportPolicy(rawValue: unbalanced) else {
            throw ValidationError("--unbalanced is hold or post-balanced, not '\(unbalanced)'")
        }
        return policy
    }

    func journalConfiguration() throws -> JournalConfiguration {
        guard let journal else { return JournalConfiguration() }
        return try JournalConfiguration(configurationFile: journal)
    }
}
