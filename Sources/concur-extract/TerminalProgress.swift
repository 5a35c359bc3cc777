import ExtractAPI
import ExtractClient
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Progress of a step that can take more than a second (generate, poll wait, download, load, export), on standard error
/// and only when standard error is a terminal: nothing of it reaches a pipe, a log or `--json` output.
///
/// ```swift
/// let progress = TerminalProgress()
/// progress.show("generating: 1000 of 5000 reports")   // redraws the one line
/// progress.end()                                       // keeps it, ends the line
/// ```
struct TerminalProgress: Sendable {
    let enabled: Bool

    /// - Parameter enabled: `false` silences it even on a terminal (beside log lines on standard error).
    init(enabled: Bool = true) { self.enabled = enabled && isatty(STDERR_FILENO) == 1 }

    /// Replaces the progress line with `text`.
    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    /// Keeps the progress line and ends it.
    func end() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    /// Erases the progress line, before a line that says the step is done.
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// A download's progress as bytes received and rate (`nil` when not on a terminal: nothing to show).
    func downloadDisplay() -> DownloadProgress? {
        guard enabled else { return nil }
        // Elapsed time for the rate: the monotonic clock, not the wall clock.
        let start = ContinuousClock.now
        return { received, expected in
            let elapsed = ContinuousClock.now - start
            let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 0.001)
            let rate = Double(received) / seconds / 1_000_000
            show(
                "downloading: \(received) bytes\(expected.map { " of \($0)" } ?? "") at \(String(format: "%.1f", rate)) MB/s"
            )
        }
    }

    /// A step's progress as items done of `total`, megabytes written and the rate, redrawn at most every 100 ms
    /// (and always when `final` is true); `nil` when not on a terminal: nothing to show.
    ///
    /// ```swift
    /// let display = progress.rateDisplay(verb: "generating", of: 5000, unit: "reports")
    /// display?(1200, 4_700_000, false)   // generating: 1200 of 5000 reports, 4.7 MB at 212.4 MB/s
    /// ```
    func rateDisplay(verb: String, of total: Int, unit: String) -> ((_ done: Int, _ bytes: Int, _ final: Bool) -> Void)?
    {
        guard enabled else { return nil }
        let start = ContinuousClock.now
        var shown = start
        return { done, bytes, final in
            let now = ContinuousClock.now
            guard final || now - shown >= .milliseconds(100) else { return }
            shown = now
            let elapsed = now - start
            let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 0.001)
            let megabytes = Double(bytes) / 1_000_000
            show(
                "\(verb): \(done) of \(total) \(unit), \(String(format: "%.1f", megabytes)) MB at "
                    + "\(String(format: "%.1f", megabytes / seconds)) MB/s"
            )
        }
    }

    /// Downloads a completed job's file, showing the bytes received and the rate; warnings go to standard error.
    func download(_ job: ExtractJob, with client: ConcurClient, into output: String) async throws -> DownloadedExtract {
        let file = try await client.download(job, into: URL(fileURLWithPath: output), progress: downloadDisplay())
        end()
        for warning in file.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        return file
    }
}
