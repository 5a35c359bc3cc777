public import Foundation

/// When a company is overdue: no successful run for `factor` (2) times its interval, counted from its last
/// success, or from when the watch began (the process start) when none is known. Pure.
///
/// ```swift
/// OverdueWatch.isOverdue(lastSuccess: nil, since: start, every: .seconds(3600), now: start + 7201)  // true
/// ```
public enum OverdueWatch {
    public static let factor = 2

    public static func isOverdue(lastSuccess: Date?, since start: Date, every: Duration, now: Date) -> Bool {
        let window = Double(every.components.seconds) * Double(factor)
        return now.timeIntervalSince(lastSuccess ?? start) > window
    }
}
