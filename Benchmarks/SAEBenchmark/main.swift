// SAE parse-and-validate benchmark. See BENCHMARKS.md and Benchmarks/run-sae-benchmark.sh.
//
//   SAEBenchmark generate FILE MEGABYTES [SEED]   write a realistic SAE file of at least that size
//   SAEBenchmark check FILE [RUNS] [THREADS]      read, check every line and field, balance the journal; print MB/s and peak RSS
//   SAEBenchmark unzip ZIP                        open a zip (no entry limit) and extract every entry; print the time
import AccountingExtract
import ExtractSandbox
import ExtractTesting
import Foundation

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { Benchmark.fail("usage: SAEBenchmark generate FILE MEGABYTES [SEED] | check FILE [RUNS]") }

switch arguments[1] {
case "generate":
    guard arguments.count >= 4, let megabytes = Int(arguments[3]) else {
        Benchmark.fail("usage: SAEBenchmark generate FILE MEGABYTES [SEED]")
    }
    let seed = arguments.count > 4 ? UInt64(arguments[4]) ?? 1 : 1
    guard let date = CalendarDate(year: 2026, month: 1, day: 15) else { Benchmark.fail("bad date") }
    var generator = ExpenseReportGenerator(seed: seed)
    let employees = generator.employees(count: 5_000)
    do {
        let writer = try SAEWriter(batchID: "900001", batchDate: date, path: arguments[2])
        var approximateBytes = 0
        while approximateBytes < megabytes * 1_000_000 {
            let before = writer.recordCount
            try writer.append(reports: generator.reports(count: 500, employees: employees, before: date))
            approximateBytes += (writer.recordCount - before) * 980
        }
        let header = writer.header
        try writer.finish()
        let size = (try FileManager.default.attributesOfItem(atPath: arguments[2])[.size] as? Int) ?? 0
        print("wrote \(arguments[2]): \(size) bytes, \(header.recordCount) lines, total \(header.journalAmountTotal)")
    } catch {
        Benchmark.fail("\(error)")
    }
case "check":
    let runs = arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3
    let threads = arguments.count > 4 ? Int(arguments[4]) ?? 1 : 1
    let path = arguments[2]
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    var best = Double.infinity
    var last: SAECheckResult?
    for _ in 0..<runs {
        let start = Benchmark.now()
        do {
            last = threads > 1 ? try SAEFile.check(path: path, threads: threads) : try SAEFile.check(path: path)
        } catch {
            Benchmark.fail("\(error)")
        }
        best = min(best, Benchmark.now() - start)
    }
    guard let result = last else { Benchmark.fail("no run") }
    let megabytes = Double(size) / 1e6
    print(
        String(
            format:
                "swift, %d thread%@: %.1f MB in %.3f s (best of %d) = %.0f MB/s; lines %d, reports %d, valid %@; peak RSS %.1f MB",
            threads,
            threads == 1 ? "" : "s",
            megabytes,
            best,
            runs,
            megabytes / best,
            result.summary.recordCount,
            result.summary.reportCount,
            result.isValid ? "yes" : "NO",
            Benchmark.peakRSSMegabytes()
        )
    )
    if !result.isValid { Benchmark.fail("the benchmark file did not pass its checks: \(result.errors.prefix(3))") }
case "unzip":
    // Opening reads the central directory once; each entry is extracted by a seek (BENCHMARKS.md, "Zip").
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unzip-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let start = Benchmark.now()
        let archive = try ExtractZip(path: arguments[2], limits: ExtractZip.Limits(maximumEntries: .max))
        let opened = Benchmark.now()
        for entry in archive.entries { _ = try archive.extract(entry, into: directory) }
        let end = Benchmark.now()
        print(
            String(
                format: "unzip: %d entries, opened in %.3f s, extracted in %.3f s (%.0f entries/s); peak RSS %.1f MB",
                archive.entries.count,
                opened - start,
                end - opened,
                Double(archive.entries.count) / max(end - opened, 1e-9),
                Benchmark.peakRSSMegabytes()
            )
        )
    } catch {
        Benchmark.fail("\(error)")
    }
default:
    Benchmark.fail("unknown command \(arguments[1])")
}
