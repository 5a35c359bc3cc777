import FinancialIntegrationAPI

extension FISExpenseDocument {
    /// The document as served with `defect` (``SandboxFISDocument/defect``); itself when `nil`.
    func applying(_ defect: SandboxFISDocument.Defect?) -> FISExpenseDocument {
        guard let defect else { return self }
        var document = self
        switch defect {
        case .missingAccount:
            guard
                let index = document.expenseEntry.firstIndex(where: { entry in
                    (entry.allocation ?? []).contains { !($0.journal ?? []).isEmpty }
                }),
                var allocations = document.expenseEntry[index].allocation
            else { return self }
            for allocation in allocations.indices {
                guard var journal = allocations[allocation].journal else { continue }
                for line in journal.indices { journal[line].journalAccountCode = nil }
                allocations[allocation].journal = journal
            }
            document.expenseEntry[index].allocation = allocations
            document.expenseEntry[index].clearingAccountCode = nil
        }
        return document
    }
}
