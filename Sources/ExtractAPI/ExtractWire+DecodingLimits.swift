extension ExtractWire {
    /// The resource limits of decoding a body, in one place: a body beyond one is refused with
    /// ``ExtractAPIDecodingError/Code/limitExceeded`` naming the limit, never parsed into unbounded memory or
    /// recursion.
    ///
    /// Every ``WireBody`` decoder uses ``standard``; no real Extract body comes near it.
    ///
    /// ```swift
    /// let limits = ExtractWire.DecodingLimits.standard
    /// print(limits.maximumXMLDepth)   // 256
    /// print(limits.maximumJSONDepth)  // 64
    /// ```
    public struct DecodingLimits: Sendable, Hashable {
        /// The deepest element nesting accepted in an XML body (the root is depth 1). Real bodies nest at most
        /// four deep.
        public var maximumXMLDepth: Int

        /// The deepest array/object nesting accepted in a JSON body (the top-level value is depth 1). Extract
        /// bodies nest at most three deep, FIS v4 financial documents about nine.
        public var maximumJSONDepth: Int

        /// The longest JSON number token accepted, in characters. FIS amounts have at most 23 digits with 8
        /// decimals (33 characters with sign and point); longer numbers are refused by name instead of being
        /// rounded.
        public var maximumJSONNumberLength: Int

        /// The largest decimal exponent accepted in a JSON number (`1e400` is refused; `0E-8` is fine).
        public var maximumJSONExponent: Int

        public init(
            maximumXMLDepth: Int = 256,
            maximumJSONDepth: Int = 64,
            maximumJSONNumberLength: Int = 40,
            maximumJSONExponent: Int = 64
        ) {
            self.maximumXMLDepth = maximumXMLDepth
            self.maximumJSONDepth = maximumJSONDepth
            self.maximumJSONNumberLength = maximumJSONNumberLength
            self.maximumJSONExponent = maximumJSONExponent
        }

        /// The limits every decoder of this module applies.
        public static let standard = DecodingLimits()
    }
}
