import FinancialIntegrationAPI
import Foundation

extension FISJournalBuilder {
    /// One amount to post and its account.
    struct Part: Sendable, Hashable {
        var account: String
        var amount: Amount
    }

    /// A journal line's expense side split by its tax (§5.11 rule 3): `amountNetOfReclaim` on `account` and each
    /// linked tax line's `amountReclaim` on its tax account; the whole gross on `account` when no tax is linked.
    ///
    /// The parts take the gross's sign (a credit's tax is credited back). They must add up to the gross: a net that
    /// does not is refused (``FISJournalError/Code/unbalanced``), a `taxGuid` naming no tax line of the allocation
    /// too (``FISJournalError/Code/taxLink``). Without `amountNetOfReclaim` the net is the gross less the reclaim.
    func taxSplit(
        _ journal: FISExpenseJournal,
        gross: Amount,
        account: String,
        taxes: [FISExpenseTax],
        _ place: FISPlace
    ) throws(FISJournalError) -> [Part] {
        let guids = (journal.taxGuid?.values ?? []).filter { !$0.isEmpty }
        guard !guids.isEmpty else { return [Part(account: account, amount: gross)] }
        var parts: [Part] = []
        var reclaimed = Amount.zero
        for guid in guids {
            guard let tax = taxes.first(where: { $0.taxGuid?.values.contains(guid) == true }) else {
                throw place.error(
                    .taxLink,
                    "the journal line's tax link names no tax line of its allocation; have the report's tax "
                        + "recalculated in Concur and resubmit it",
                    field: "taxGuid",
                    value: guid
                )
            }
            guard let reclaim = tax.amountReclaim ?? (tax.amountTax == nil ? nil : Decimal(0)) else {
                throw place.error(
                    .taxLink,
                    "the linked tax line has neither amountReclaim nor amountTax",
                    field: "amountReclaim",
                    value: guid
                )
            }
            let magnitude = try place.amount(reclaim, field: "amountReclaim").magnitude
            let signed = gross.isNegative ? -magnitude : magnitude
            reclaimed += signed
            let label = tax.taxAuthorityLabel ?? ""
            parts.append(
                Part(account: configuration.taxAccounts[label] ?? configuration.reclaimableTaxAccount, amount: signed)
            )
        }
        let net: Amount
        if let stated = journal.amountNetOfReclaim {
            net = try place.amount(stated, field: "amountNetOfReclaim")
            guard net + reclaimed == gross else {
                throw place.error(
                    .unbalanced,
                    "amountNetOfReclaim \(net) plus the reclaimable tax \(reclaimed) is not the gross \(gross)",
                    field: "amountNetOfReclaim",
                    value: stated.description
                )
            }
        } else {
            net = gross - reclaimed
        }
        return [Part(account: account, amount: net)] + parts
    }
}
