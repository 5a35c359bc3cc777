import ExtractSandbox
import Testing

@testable import AccountingExtract

/// The balance check's account totals, found through a small cache of recent slots in front of a dictionary of
/// hashes: whatever the order of the accounts and however their hashes share the cache's ways, each account's totals
/// are those a plain dictionary by name gives.
struct AccountTallyTests {
    @Test("300 accounts in 20,000 random additions, by name and by bytes, total as a dictionary by name does")
    func totalsAgreeWithADictionaryByName() {
        var random = SeededRandomNumberGenerator(seed: 167)
        // Far more accounts than the cache's 64 ways, so that they evict each other; some differ in one byte.
        let names = (0..<300).map { index in
            index % 3 == 0 ? "6\(index)" : "ACCT-\(String(index, radix: 36))\(index % 7 == 0 ? "é" : "")"
        }
        var tally = AccountTally()
        var reference: [String: AccountTotals] = [:]
        for round in 0..<20_000 {
            // Runs of one account (the cache's hits) between random ones (its misses).
            let name = names[round % 5 == 0 ? 7 : Int.random(in: 0..<names.count, using: &random)]
            let debit = Amount(tenThousandths: Int64.random(in: 0...1_000_000, using: &random))
            let credit = Amount(tenThousandths: Int64.random(in: 0...1_000_000, using: &random))
            if Bool.random(using: &random) {
                tally.add(name: name, debit: debit, credit: credit)
            } else {
                Array(name.utf8).withUnsafeBytes { tally.add(bytes: $0, debit: debit, credit: credit) }
            }
            reference[name, default: AccountTotals()].debit += debit
            reference[name, default: AccountTotals()].credit += credit
        }
        #expect(tally.totals == reference)
        #expect(tally.names.count == Set(tally.names).count, "one slot per account")
    }
}
