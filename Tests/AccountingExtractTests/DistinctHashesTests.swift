import ExtractSandbox
import Testing

@testable import AccountingExtract

/// The distinct count of report and employee hashes equals a `Set`'s, whatever the order, the runs and the parts.
struct DistinctHashesTests {
    @Test("Equal to a Set's count over random schedules: runs, alternations, many compactions, parts merged")
    func equalsSet() {
        var generator = SeededRandomNumberGenerator(seed: 16)
        for round in 0..<60 {
            let distinct = [1, 5, 300, 70_000, 200_000][round % 5]
            let length = Int(generator.next() % 300_000)
            var parts = Array(repeating: DistinctHashes(), count: 1 + Int(generator.next() % 4))
            var reference = Set<UInt64>()
            var current = generator.next() % UInt64(distinct)
            for index in 0..<length {
                // Mostly runs (the lines of one report), sometimes a jump to any id, an earlier one included.
                if generator.next() % 4 == 0 { current = generator.next() % UInt64(distinct) }
                let hash = current &* 0x9E37_79B9_7F4A_7C15
                parts[index * parts.count / max(length, 1)].insert(hash)
                reference.insert(hash)
            }
            var merged = DistinctHashes()
            for part in parts { merged.formUnion(part) }
            #expect(merged.count == reference.count, "round \(round)")
            #expect(merged.count == reference.count, "a second count of round \(round)")
        }
    }

    @Test("Zero, the empty and the extreme hashes count like any other")
    func extremes() {
        var tally = DistinctHashes()
        #expect(tally.count == 0)
        for hash: UInt64 in [0, .max, 0, .max, 1, 0] { tally.insert(hash) }
        #expect(tally.count == 3)
    }
}
