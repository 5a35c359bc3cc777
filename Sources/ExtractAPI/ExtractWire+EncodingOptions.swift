extension ExtractWire {
    /// Choices a writer (typically the emulator) makes when encoding bodies. The defaults are the canonical
    /// output of §15 of the contract: un-zoned UTC timestamps, `Completed`, `expires_in` as a string.
    ///
    /// ```swift
    /// var quirky = ExtractWire.EncodingOptions()
    /// quirky.completedWord = .complete          // doc-quirk mode
    /// quirky.timestampStyle = .zulu             // 2010-01-13T18:30:02Z
    /// let xml = job.xmlData(options: quirky)
    /// ```
    public struct EncodingOptions: Sendable, Hashable {
        /// How the XML `status` word of a completed job is spelled.
        public enum CompletedWord: Sendable, Hashable {
            /// `Completed` (canonical).
            case completed
            /// `Complete`, the spelling some documentation examples show.
            case complete
        }

        /// How `expires_in` of a token response is written in JSON.
        public enum NumberStyle: Sendable, Hashable {
            /// `"3600"` (AUTH; the emulator default).
            case string
            /// `3600` (TMC).
            case number
        }

        /// The form of `start-time` and `stop-time`.
        public var timestampStyle: ExtractTimestamp.Style
        /// The spelling of ``JobStatus/completed`` in XML (JSON always writes `2`).
        public var completedWord: CompletedWord
        /// How ``TokenResponse/expiresIn`` is written.
        public var expiresInStyle: NumberStyle

        public init(
            timestampStyle: ExtractTimestamp.Style = .unzoned,
            completedWord: CompletedWord = .completed,
            expiresInStyle: NumberStyle = .string
        ) {
            self.timestampStyle = timestampStyle
            self.completedWord = completedWord
            self.expiresInStyle = expiresInStyle
        }

        /// The canonical options (all defaults).
        public static let canonical = EncodingOptions()
    }
}
