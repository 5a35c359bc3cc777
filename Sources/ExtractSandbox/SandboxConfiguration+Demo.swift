extension SandboxConfiguration {
    /// The sandbox `concur-extract demo` runs in-process: one company of `reports` approved reports, jobs that
    /// complete in about three seconds, no minimum interval between runs, its state kept at `statePath`.
    ///
    /// ```swift
    /// let sandbox = try await SandboxServer.start(.demo(reports: 40, seed: 1, statePath: "demo/sandbox.sqlite"))
    /// ```
    public static func demo(reports: Int, seed: UInt64, statePath: String?) -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.companies = 1
        configuration.reportsPerCompany = reports
        configuration.seed = seed
        configuration.jobTiming = JobTiming(queued: 1, running: 2)
        configuration.minimumRunInterval = 0
        configuration.statePath = statePath
        return configuration
    }
}
