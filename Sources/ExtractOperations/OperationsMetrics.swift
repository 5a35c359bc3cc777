import Metrics
public import Prometheus
import Synchronization

/// The Prometheus side of `serve --http`: a registry, and a factory over it whose histograms fit the
/// pipeline's steps (from 10 ms to an hour), bootstrapped once per process as the `MetricsSystem` factory.
///
/// ```swift
/// let registry = OperationsMetrics.bootstrap()          // serve: every library now records into it
/// let factory = OperationsMetrics.factory(registry: PrometheusCollectorRegistry())   // a test's own
/// ```
public enum OperationsMetrics {
    /// The step durations' buckets, in seconds.
    public static let stepBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(250), .seconds(1), .seconds(5), .seconds(15),
        .seconds(60), .seconds(300), .seconds(900), .seconds(3600),
    ]

    /// A factory recording into `registry`.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["concur_extract_step_duration_seconds"] = stepBuckets
        return factory
    }

    private static let bootstrapped = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Bootstraps `MetricsSystem` with a registry of its own the first time, and returns that registry
    /// (the same one on every later call: swift-metrics allows one bootstrap per process).
    public static func bootstrap() -> PrometheusCollectorRegistry {
        bootstrapped.withLock { registry in
            if let registry { return registry }
            let made = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(factory(registry: made))
            registry = made
            return made
        }
    }
}
