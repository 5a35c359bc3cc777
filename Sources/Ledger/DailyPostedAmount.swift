public import AccountingExtract

/// What one day posted to one account of one company, in one currency: the status page's chart reads these.
///
/// Every journal line counts once (extract and offset lines alike), by its posting date, so a day's debits equal
/// its credits in a balanced ledger.
///
/// ```swift
/// let days = try await store.postedAmountsByDay(.company("acme"), from: nil, to: nil)
/// for day in days { print(day.postingDate, day.account, day.debit.formatted(), day.currency) }
/// // 2026-01-14 6000 101.2345 USD …
/// ```
public struct DailyPostedAmount: Sendable, Hashable, Codable {
    public var postingDate: CalendarDate
    /// The company (`""` for lines loaded without one).
    public var company: String
    public var account: String
    public var currency: String
    public var debit: Amount
    public var credit: Amount
    public var lineCount: Int

    public init(
        postingDate: CalendarDate,
        company: String,
        account: String,
        currency: String,
        debit: Amount,
        credit: Amount,
        lineCount: Int
    ) {
        self.postingDate = postingDate
        self.company = company
        self.account = account
        self.currency = currency
        self.debit = debit
        self.credit = credit
        self.lineCount = lineCount
    }
}
