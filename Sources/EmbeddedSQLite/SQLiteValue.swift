/// A value bound to a statement's parameter or read from a result column.
///
/// ```swift
/// let rows = try await connection.withDatabase { db in
///     try db.query("SELECT ?1 + 1, ?2", [.integer(41), .text("answer")])
/// }
/// // rows == [[.integer(42), .text("answer")]]
/// ```
public enum SQLiteValue: Sendable, Hashable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null
}
