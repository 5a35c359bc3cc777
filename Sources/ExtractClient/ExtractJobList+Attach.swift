public import ExtractAPI

extension ExtractJobList {
    /// The job to follow instead of starting another one: the newest `Queued` or `Running` job of the
    /// definition, or `nil` when there is none.
    ///
    /// Used after a `409` ("a job for this definition is already queued or running") and after a `POST` that
    /// failed ambiguously (``RetryDecision/verifyBeforeRetry(after:)``), where `startedAtOrAfter` is the time
    /// of the attempt (minus any clock-skew allowance) so an older job is not mistaken for ours.
    /// Jobs whose `id` names another definition are skipped; "newest" is the latest `start-time`, and on a tie
    /// the one listed first (the server lists newest first).
    ///
    /// ```swift
    /// let jobs = try ExtractJobList(data: body, format: .xml)
    /// if let running = jobs.jobToAttach(definitionID: "nYoPK$pZ") {
    ///     // poll running.statusLink instead of POSTing again
    /// }
    /// ```
    public func jobToAttach(definitionID: String? = nil, startedAtOrAfter: ExtractTimestamp? = nil) -> ExtractJob? {
        var best: ExtractJob?
        for job in jobs where job.status == .queued || job.status == .running {
            if let definitionID, let owner = job.route?.definitionID, owner != definitionID { continue }
            if let startedAtOrAfter, job.startTime < startedAtOrAfter { continue }
            if let current = best, job.startTime <= current.startTime { continue }
            best = job
        }
        return best
    }
}
