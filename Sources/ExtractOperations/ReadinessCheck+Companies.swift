public import AccountingExtract
public import ExtractConfiguration
public import Foundation
public import Ledger

extension ReadinessCheck {
    /// The check of `serve`'s companies: each one's token where its client keeps it under `state`, and whether
    /// its configuration can log in again (the password grant).
    ///
    /// ```swift
    /// let check = ReadinessCheck(store: store, companies: try CompanyConfiguration.load(path: path), state: state)
    /// ```
    public init(
        store: any LedgerStore,
        companies: [CompanyConfiguration],
        state: URL,
        clock: any WallClock = SystemClock()
    ) {
        self.init(
            store: store,
            companies: companies.map {
                Company(name: $0.name, tokenFile: $0.tokenFile(state: state), canAuthenticate: $0.login != nil)
            },
            clock: clock
        )
    }
}
