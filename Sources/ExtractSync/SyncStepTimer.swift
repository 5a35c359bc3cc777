public import Metrics
import Synchronization

/// Times one run's durable steps: each ``SyncStep`` is recorded, when it ends, as the time since the previous
/// step ended (or since the run began) in the histogram `concur_extract_step_duration_seconds{company, step}`.
///
/// ```swift
/// let timer = SyncStepTimer(company: "acme")   // one per run
/// let pipeline = SyncPipeline(…, afterStep: { step in timer.finished(step); hook(step) })
/// ```
public final class SyncStepTimer: Sendable {
    /// The histogram's name.
    public static let label = "concur_extract_step_duration_seconds"

    let company: String
    let factory: (any MetricsFactory)?
    private let last: Mutex<ContinuousClock.Instant>

    /// A timer whose first step is measured from now; `factory` `nil`: the process's `MetricsSystem.factory`.
    public init(company: String, factory: (any MetricsFactory)? = nil) {
        self.company = company
        self.factory = factory
        last = Mutex(ContinuousClock.now)
    }

    /// `step` ended now.
    public func finished(_ step: SyncStep) {
        let now = ContinuousClock.now
        let elapsed = last.withLock { last in
            defer { last = now }
            return now - last
        }
        let components = elapsed.components
        let nanoseconds = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
        Metrics.Timer(
            label: Self.label,
            dimensions: [("company", company), ("step", step.rawValue)],
            factory: factory ?? MetricsSystem.factory
        ).recordNanoseconds(nanoseconds)
    }
}
