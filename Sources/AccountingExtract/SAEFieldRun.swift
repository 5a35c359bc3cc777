/// Consecutive fields of a DETAIL line as written once, ready to be copied into other lines: what
/// ``SAELineEncoder/put(_:from:_:)`` keeps from its first call and copies on the next ones. Only that function makes
/// and reads one; keep it in a variable next to the lines that share the fields.
///
/// ```swift
/// var shared: SAEFieldRun?
/// try line.put(264...400, from: &shared) { (line) throws(SAEError) in try line.put(264, email) }
/// ```
public struct SAEFieldRun: Sendable {
    /// The fields the run covers.
    public let fields: ClosedRange<Int>
    /// The bytes from the pipe after field `fields.lowerBound - 1` to the end of field `fields.upperBound`.
    let bytes: [UInt8]
    /// Field 169 as written, when the run covers it.
    let journalAmount: Amount?
    /// The writer's option the bytes were written with.
    let replacesLineBreaks: Bool
}
