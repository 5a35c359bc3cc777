public import Foundation

extension JobOwnership.StartWindow {
    /// 120 s, or `CONCUR_EXTRACT_START_WINDOW_SECONDS` (the chaos tests shorten it so that an interrupted start is
    /// judged within a schedule).
    ///
    /// ```swift
    /// let window = JobOwnership.StartWindow.fromEnvironment()
    /// ```
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> JobOwnership.StartWindow {
        let text = environment["CONCUR_EXTRACT_START_WINDOW_SECONDS"]
        guard let seconds = text.flatMap(Double.init), seconds.isFinite, seconds >= 1 else { return .default }
        return JobOwnership.StartWindow(duration: seconds)
    }
}

extension SyncScheduler.Configuration {
    /// How long a claimed run stays a worker's without renewal: 900 s, or `CONCUR_EXTRACT_LEASE_SECONDS` (the
    /// chaos tests shorten it to see a paused worker's lease expire).
    ///
    /// ```swift
    /// let lease = SyncScheduler.Configuration.leaseDuration()
    /// ```
    public static func leaseDuration(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Duration
    {
        let text = environment["CONCUR_EXTRACT_LEASE_SECONDS"]
        guard let seconds = text.flatMap(Double.init), seconds.isFinite, seconds >= 1 else { return .seconds(900) }
        return .milliseconds(Int64(seconds * 1000))
    }
}
