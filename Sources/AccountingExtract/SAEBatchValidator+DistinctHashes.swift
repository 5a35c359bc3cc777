/// Counts distinct 64-bit hashes (of report and employee ids) in about half the memory of a `Set<UInt64>`, with
/// no per-element hashing: hashes are appended, a run of equal ones once, and the array is sorted and made unique
/// in place whenever it doubles. The lines of one report are consecutive in an SAE file, so a report costs one
/// append; a file whose ids alternate costs no more than twice the distinct count (plus 64 Ki entries).
///
/// ```swift
/// var reports = DistinctHashes()
/// reports.insert(7); reports.insert(7); reports.insert(9); reports.insert(7)
/// reports.count   // 2
/// ```
struct DistinctHashes: Sendable, Equatable {
    private var hashes: [UInt64] = []
    /// The prefix of `hashes` that is sorted and unique.
    private var compacted = 0
    private var compactAt = 1 << 16

    init() {}

    mutating func insert(_ hash: UInt64) {
        if hashes.last == hash { return }
        hashes.append(hash)
        if hashes.count >= compactAt { compact() }
    }

    /// Adds every hash of `other` (the tallies of two parts of one file).
    mutating func formUnion(_ other: DistinctHashes) {
        if hashes.isEmpty {
            self = other
            return
        }
        hashes.reserveCapacity(hashes.count + other.hashes.count)
        for hash in other.hashes { insert(hash) }
    }

    /// The number of distinct hashes inserted.
    var count: Int {
        mutating get {
            compact()
            return hashes.count
        }
    }

    private mutating func compact() {
        if compacted < hashes.count {
            hashes.sort()
            var kept = 0
            for index in hashes.indices where kept == 0 || hashes[index] != hashes[kept - 1] {
                hashes[kept] = hashes[index]
                kept += 1
            }
            hashes.removeLast(hashes.count - kept)
            compacted = kept
        }
        compactAt = max(2 * hashes.count, 1 << 16)
    }
}
