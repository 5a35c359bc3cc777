/// Which journal lines an export or a reconciliation covers: all of them, one company's, or one batch.
///
/// Concur numbers batches per company, so two companies in one ledger can each have a batch "567": name the
/// company to pick one of them.
///
/// ```swift
/// let all = try await store.reconciliation(.all)
/// let acme = try await store.exportJournal(.csv, .company("acme"))
/// let one = try await store.reconciliation(.batch("567", company: "acme"))
/// ```
public struct JournalFilter: Sendable, Hashable {
    /// Only this company's batches; `nil` for every company. Batches loaded without a company have `""`.
    public var company: String?
    /// Only this batch id; `nil` for every batch.
    public var batchID: String?

    public init(company: String? = nil, batchID: String? = nil) {
        self.company = company
        self.batchID = batchID
    }

    /// Every line of the ledger.
    public static let all = JournalFilter()

    /// One company's lines.
    public static func company(_ company: String) -> JournalFilter { JournalFilter(company: company) }

    /// The lines of batch `id`: of `company`, or of every company that has a batch with that id.
    public static func batch(_ id: String, company: String? = nil) -> JournalFilter {
        JournalFilter(company: company, batchID: id)
    }

    /// SQL conditions on `ledger_batches` (as `alias`), with their binds numbered after `binds`.
    func conditions(on alias: String, binds: inout [SQLValue]) -> [String] {
        var conditions: [String] = []
        if let company {
            binds.append(.text(company))
            conditions.append("\(alias).company = $\(binds.count)")
        }
        if let batchID {
            binds.append(.text(batchID))
            conditions.append("\(alias).batch_id = $\(binds.count)")
        }
        return conditions
    }
}
