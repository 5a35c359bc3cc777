// Shared by the benchmark executables (linked into each target's folder, as Tests/Shared is for the tests).
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// This process's peak resident set size so far.
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(0), &usage)  // RUSAGE_SELF
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
}

/// Monotonic seconds.
func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Prints `message` to standard error and exits with status 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}
