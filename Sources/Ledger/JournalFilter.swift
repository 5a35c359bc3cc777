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

extension JournalFilter {
    /// The filter for `company` and `batchID` after checking that both exist, so that a typo is an error rather
    /// than an empty export. Throws ``LedgerError/Code/unknownCompany`` or ``LedgerError/Code/unknownBatch``
    /// naming the ones that exist, and ``LedgerError/Code/ambiguousBatch`` for a batch id that several companies
    /// have, given without a company (Concur numbers batches per company).
    ///
    /// ```swift
    /// let filter = try await JournalFilter.checked(company: "acme", batchID: "567", in: store)
    /// ```
    public static func checked(
        company: String?,
        batchID: String?,
        in store: any LedgerStore
    ) async throws
        -> JournalFilter
    {
        guard company != nil || batchID != nil else { return .all }
        let batches = try await store.batches()
        if let company {
            var known = Set(batches.map { $0.batch.company ?? "" })
            known.formUnion(try await store.jobs(company: nil, includePosted: true).map(\.company))
            guard known.contains(company) else {
                throw LedgerError(
                    .unknownCompany,
                    "no company '\(company)' in the ledger; "
                        + (known.isEmpty ? "it holds no company yet" : "it has: \(Self.names(known))")
                )
            }
        }
        guard let batchID else { return JournalFilter(company: company) }
        let candidates = batches.filter { company == nil || ($0.batch.company ?? "") == company }
        let matching = Set(candidates.filter { $0.batch.batchID == batchID }.map { $0.batch.company ?? "" })
        guard !matching.isEmpty else {
            let whose = company.map { " of company \($0)" } ?? ""
            let ids = candidates.map(\.batch.batchID)
            throw LedgerError(
                .unknownBatch,
                "no batch '\(batchID)'\(whose) in the ledger; "
                    + (ids.isEmpty ? "there are no batches\(whose) yet" : "the batches\(whose) are: \(Self.names(ids))")
            )
        }
        guard company != nil || matching.count == 1 else {
            throw LedgerError(
                .ambiguousBatch,
                "batch \(batchID) was loaded for several companies (\(Self.names(matching))): add --company"
            )
        }
        return JournalFilter(company: company, batchID: batchID)
    }

    /// Up to 20 names, sorted and de-duplicated, with "and N more"; `(none)` for the empty company.
    static func names<S: Sequence<String>>(_ values: S) -> String {
        let sorted = Set(values).sorted().map { $0.isEmpty ? "(none)" : $0 }
        let shown = sorted.prefix(20).joined(separator: ", ")
        return sorted.count > 20 ? shown + " and \(sorted.count - 20) more" : shown
    }
}
