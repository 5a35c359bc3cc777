extension ExtractZip {
    /// How much a zip may hold before it is refused: the number of entries, the total unpacked size, and the
    /// compression ratio (a zip bomb inflates a few megabytes to gigabytes). Checked on the sizes the central
    /// directory declares when the zip is opened, and on the bytes actually inflated while extracting: an entry
    /// never unpacks to more than it declared.
    ///
    /// The defaults leave room for any real extract: an SAE file deflates about 14:1 (the 145 kB sample of
    /// `Samples/`), highly repetitive pipe-delimited text up to about 50:1.
    ///
    /// ```swift
    /// var limits = ExtractZip.Limits()
    /// limits.maximumEntries = 500
    /// let archive = try ExtractZip(path: "download.zip", limits: limits)
    /// ```
    public struct Limits: Sendable, Hashable {
        /// The most entries (files, folders and links) the central directory may list. Default 10,000.
        public var maximumEntries: Int
        /// The most bytes all files may unpack to together. Default 8 GiB.
        public var maximumUnpackedSize: UInt64
        /// The most an entry may inflate per compressed byte, and the whole archive per byte of the zip.
        /// Default 100 (100:1).
        public var maximumRatio: UInt64
        /// Entries (and archives) that unpack to at most this many bytes are exempt from the ratio: a small file
        /// of blanks compresses far beyond 100:1 and harms no one. Default 1 MiB.
        public var ratioExemptSize: UInt64

        public init(
            maximumEntries: Int = 10_000,
            maximumUnpackedSize: UInt64 = 8 << 30,
            maximumRatio: UInt64 = 100,
            ratioExemptSize: UInt64 = 1 << 20
        ) {
            self.maximumEntries = maximumEntries
            self.maximumUnpackedSize = maximumUnpackedSize
            self.maximumRatio = maximumRatio
            self.ratioExemptSize = ratioExemptSize
        }

        /// The defaults.
        public static let `default` = Limits()

        /// `true` when `unpacked` bytes from `packed` bytes is past the ratio (and not exempt by its size).
        func exceedsRatio(unpacked: UInt64, packed: UInt64) -> Bool {
            guard unpacked > ratioExemptSize else { return false }
            let (allowed, overflow) = packed.multipliedReportingOverflow(by: maximumRatio)
            return !overflow && unpacked > allowed
        }
    }
}
