extension SAEStructuralIndex {
    /// The number of line feeds in `bytes`, 64 bytes at a time: the same `SIMD16<UInt8>` compares and gather as the
    /// index, and a population count of each block's mask. Splitting a file over threads counts the lines of each
    /// part with it, so that every part knows its first line number.
    ///
    /// ```swift
    /// let lines = SAEStructuralIndex.countLineFeeds(UnsafeRawBufferPointer(buffer))
    /// ```
    static func countLineFeeds(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let lineFeed = SIMD16<UInt8>(repeating: 0x0A)
        var total = 0
        var offset = 0
        while offset + 64 <= bytes.count {
            var mask: UInt64 = 0
            for part in 0..<4 {
                let chunk = base.loadUnaligned(fromByteOffset: offset &+ part &* 16, as: SIMD16<UInt8>.self)
                mask |= UInt64(movemask(chunk .== lineFeed)) << UInt64(part &* 16)
            }
            total &+= mask.nonzeroBitCount
            offset += 64
        }
        while offset < bytes.count {
            if base.load(fromByteOffset: offset, as: UInt8.self) == 0x0A { total &+= 1 }
            offset += 1
        }
        return total
    }
}
