extension JournalBuilder {
    /// Configured names (payment type names, card payment codes) compared with a field's raw bytes regardless
    /// of ASCII case, on the hot path of the balance check.
    ///
    /// A short field (1 to 16 bytes, with 16 bytes readable from its start) is folded to lower case in one vector
    /// and compared with each name as one vector; any other field is compared byte by byte. Only an ASCII field
    /// is compared here (``FoldedField/init(_:readsSixteen:)`` refuses the others), as Unicode case folding is
    /// the configuration's (``JournalConfiguration/party(_:paymentCode:)``).
    ///
    /// ```swift
    /// let names = JournalBuilder.FoldedNames(["Company"])
    /// // field: the raw bytes "COMPANY", with 16 bytes readable from their start
    /// if let folded = JournalBuilder.FoldedField(field, readsSixteen: true) {
    ///     names.contains(folded)  // true
    /// }
    /// ```
    struct FoldedNames {
        /// The names in ASCII lower case.
        private let names: [[UInt8]]
        /// The names of 1 to 16 bytes in ASCII lower case, zero-padded to 16 bytes, with their lengths.
        private let short: [(bytes: SIMD16<UInt8>, count: Int)]

        init(_ names: some Sequence<String>) {
            self.names = names.map { Array($0.lowercased().utf8) }
            self.short = self.names.compactMap { name in
                guard (1...16).contains(name.count) else { return nil }
                var bytes = SIMD16<UInt8>(repeating: 0)
                for (index, byte) in name.enumerated() { bytes[index] = byte }
                return (bytes, name.count)
            }
        }

        /// `true` when a name equals the field regardless of ASCII case.
        @inline(__always)
        func contains(_ field: FoldedField) -> Bool {
            if let folded = field.folded {
                // A lane compare and its mask: `==` on the vectors compiles to a loop over the lanes.
                for name in short
                where name.count == field.bytes.count
                    && SAEStructuralIndex.movemask(folded .== name.bytes) == 0xFFFF
                {
                    return true
                }
                return false
            }
            return names.contains { FoldedNames.equalsIgnoringASCIICase(field.bytes, $0) }
        }

        /// `true` when the ASCII `bytes` equal `lowercased` (ASCII lower case) regardless of case.
        @inline(__always)
        static func equalsIgnoringASCIICase(_ bytes: UnsafeRawBufferPointer, _ lowercased: [UInt8]) -> Bool {
            guard bytes.count == lowercased.count else { return false }
            return lowercased.withUnsafeBufferPointer { other in
                var index = 0
                while index < other.count {
                    let byte = bytes[index]
                    if (byte &- 0x41 < 26 ? byte | 0x20 : byte) != other[index] { return false }
                    index &+= 1
                }
                return true
            }
        }
    }

    /// An ASCII field's bytes, with their ASCII lower case as one zero-padded vector when the field is short.
    struct FoldedField {
        let bytes: UnsafeRawBufferPointer
        /// The bytes folded to lower case and zero-padded, for a field of 1 to 16 bytes read as one vector.
        let folded: SIMD16<UInt8>?

        /// `nil` when the field holds a byte that is not ASCII. `readsSixteen`: 16 bytes can be read from the
        /// field's start (more fields follow it on the line).
        @inline(__always)
        init?(_ bytes: UnsafeRawBufferPointer, readsSixteen: Bool) {
            self.bytes = bytes
            let count = bytes.count
            if readsSixteen, count >= 1, count <= 16, let start = bytes.baseAddress {
                let vector = start.loadUnaligned(as: SIMD16<UInt8>.self)
                // Signed compares: an unsigned one has no SSE2 instruction (see SAEStructuralIndex.digitMask).
                let inField =
                    SIMD16<Int8>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
                    .< SIMD16<Int8>(repeating: Int8(truncatingIfNeeded: count))
                let kept = vector & SAEStructuralIndex.bytes(inField)
                guard SAEStructuralIndex.movemask(kept) == 0 else { return nil }
                // Upper-case letters moved to the smallest signed values, found with one signed compare.
                let moved = unsafeBitCast(kept &+ 0x3F, to: SIMD16<Int8>.self)
                let upper = SAEStructuralIndex.bytes(moved .< SIMD16<Int8>(repeating: -128 + 26))
                folded = kept | (upper & SIMD16<UInt8>(repeating: 0x20))
                return
            }
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            guard high < 0x80 else { return nil }
            folded = nil
        }
    }
}
