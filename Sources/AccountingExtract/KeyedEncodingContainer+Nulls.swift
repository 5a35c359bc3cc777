extension KeyedEncodingContainer {
    /// Writes each value under its key, in order, and `null` for an absent one: every key is written, the shape
    /// the `--json` reports have always printed (a synthesized `Encodable` leaves absent keys out).
    ///
    /// ```swift
    /// var container = encoder.container(keyedBy: CodingKeys.self)
    /// try container.encodeEveryKey([.jobID: jobID, .note: note])  // {"jobId":"uIo8","note":null}
    /// ```
    package mutating func encodeEveryKey(_ values: KeyValuePairs<Key, (any Encodable)?>) throws {
        for (key, value) in values {
            if let value {
                try encode(value, forKey: key)
            } else {
                try encodeNil(forKey: key)
            }
        }
    }
}
