internal import Foundation

#if canImport(Glibc)
internal import Glibc
#endif

/// What the benchmark executables (Benchmarks/) share: time, memory and a failure exit.
///
/// ```swift
/// let start = Benchmark.now()
/// try work()
/// print(Benchmark.now() - start, "s,", Benchmark.peakRSSMegabytes(), "MB")
/// ```
public enum Benchmark {
    /// This process's peak resident set size so far.
    public static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(0), &usage)  // RUSAGE_SELF
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }

    /// Monotonic seconds.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Prints `message` to standard error and exits with status 2.
    public static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}
