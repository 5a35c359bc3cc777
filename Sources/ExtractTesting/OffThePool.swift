public import Dispatch
public import Testing

/// A task executor on a serial dispatch queue of its own. Such a queue runs on an overcommit thread, outside the
/// concurrency pool's width (one thread per core: two on a 2-core CI machine), so work on it cannot hold a pool
/// thread.
///
/// ```swift
/// try await withTaskExecutorPreference(QueueExecutor(label: "bomb")) { try buildAZipBomb() }
/// ```
public final class QueueExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// Runs `body` on a ``QueueExecutor`` of its own: CPU-heavy test work (a 64 MiB zip bomb, 40 MB of lines to
/// parse) that would otherwise hold a pool thread for seconds. A test that does it on the pool starves the
/// in-process sandboxes and every deadline that resumes on the pool; under CI's load that cascaded into 30
/// failures, each a request "past its deadline" 42 s into the run.
///
/// ```swift
/// let zip = try await offThePool { try RawZip.bomb(megabytes: 64) }
/// ```
public func offThePool<Value>(
    _ label: String = "concur-extract.off-the-pool",
    _ body: () async throws -> Value
) async rethrows -> Value {
    try await withTaskExecutorPreference(QueueExecutor(label: label)) { try await body() }
}

/// Runs each test of a suite (or one test) off the concurrency pool, on a ``QueueExecutor`` of its own. For
/// suites whose tests are synchronous and CPU-heavy: Swift Testing runs a synchronous test on a pool thread,
/// which it then holds until the test returns.
///
/// ```swift
/// @Suite(.offThePool) struct ExtractZipLimitTests { @Test func aZipBombIsRefused() throws { … } }
/// ```
public struct OffThePoolTrait: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil else { return try await function() }
        try await ExtractTesting.offThePool("test \(test.name)") { try await function() }
    }
}

extension Trait where Self == OffThePoolTrait {
    /// Runs the tests off the concurrency pool: see ``OffThePoolTrait``.
    public static var offThePool: Self { Self() }
}
