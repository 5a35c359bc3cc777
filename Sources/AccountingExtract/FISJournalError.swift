/// Why a FIS financial document cannot be turned into a balanced journal: a stable ``Code``, and where — the
/// document, entry, allocation, journal line and field — with the value found there.
///
/// Its ``description`` is written for the customer: it becomes the `messageShortText` of the `error` posting
/// confirmation sent back to Concur, where the processor reads it on the report's audit trail and fixes the
/// report (or the integration's journal configuration) before resubmitting.
///
/// ```swift
/// do {
///     _ = try FISJournalBuilder().lines(for: document, docId: id, postingDate: date)
/// } catch {
///     print(error.code, error)   // fis-unknown-party  document 5ab9…: entry 2C14…, allocation 2978…, …
/// }
/// ```
public struct FISJournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable code.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A line's parts do not add up to it (net of reclaim plus reclaimable tax ≠ gross), or the document's
        /// debits and credits differ.
        public static let unbalanced = Code(rawValue: "fis-unbalanced")
        /// A journal line has no account, and none can be derived (no `clearingAccountCode` either).
        public static let missingAccount = Code(rawValue: "fis-missing-account")
        /// The document names no currency for its amounts.
        public static let missingCurrency = Code(rawValue: "fis-missing-currency")
        /// A journal line's `taxGuid` names no `tax[]` line of its allocation, or a tax line lacks its amount.
        public static let taxLink = Code(rawValue: "fis-tax-link")
        /// A payer/payee pair with no `COMP` side, or a party code the configuration does not place.
        public static let unknownParty = Code(rawValue: "fis-unknown-party")
        /// An amount with more than 4 significant decimals, or too large for the ledger.
        public static let amount = Code(rawValue: "fis-amount")
        /// A line whose sign contradicts its `debitOrCredit`, or whose side is neither `DR` nor `CR`.
        public static let sign = Code(rawValue: "fis-sign")
        /// A document type this project does not post (payroll, obligations).
        public static let unsupportedDocument = Code(rawValue: "fis-unsupported-document")
    }

    public var code: Code
    /// The FIS document id (the transaction's `id`).
    public var docId: String
    /// The `entryId` of the expense entry (or the invoice line, the cash advance) at fault, when one is.
    public var entry: String?
    /// The `allocationId` of the allocation at fault, when one is.
    public var allocation: String?
    /// The 1-based journal line of the allocation (or of `journalData`), when one line is at fault.
    public var journalLine: Int?
    /// The JSON field at fault, e.g. `journalAccountCode`.
    public var field: String?
    /// The value found there (at most 80 characters), when there is one.
    public var value: String?
    /// What is wrong and what to do, in words.
    public var message: String

    public init(
        _ code: Code,
        _ message: String,
        docId: String,
        entry: String? = nil,
        allocation: String? = nil,
        journalLine: Int? = nil,
        field: String? = nil,
        value: String? = nil
    ) {
        self.code = code
        self.message = message
        self.docId = docId
        self.entry = entry
        self.allocation = allocation
        self.journalLine = journalLine
        self.field = field
        self.value = value.map { String($0.prefix(80)) }
    }

    /// `document <id>: entry <id>, allocation <id>, journal line <n>, field <name> '<value>': <message> [<code>]`.
    public var description: String {
        var place: [String] = []
        if let entry { place.append("entry \(entry)") }
        if let allocation { place.append("allocation \(allocation)") }
        if let journalLine { place.append("journal line \(journalLine)") }
        if let field { place.append("field \(field)" + (value.map { " '\($0)'" } ?? "")) }
        let location = place.isEmpty ? "" : " " + place.joined(separator: ", ")
        return "document \(docId)\(location): \(message) [\(code)]"
    }
}
