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
    /// ```
    public struct DecodingLimits: Sendable, Hashable {
        /// The deepest element nesting accepted in an XML body (the root is depth 1). Real bodies nest at most
        /// four deep.
        public var maximumXMLDepth: Int

        public init(maximumXMLDepth: Int = 256) {
            self.maximumXMLDepth = maximumXMLDepth
        }

        /// The limits every decoder of this module applies.
        public static let standard = DecodingLimits()
    }
}
