import AccountingExtract
import ArgumentParser
import ExtractSandbox
import ExtractSync
import Foundation

/// `concur-extract generate`: writes a realistic, deterministic SAE file from the sandbox's report generator.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic SAE file of generated approved expense reports (for tests, demos and benchmarks).",
        discussion: ExitStatus.help([.success, .failed, .usage])
    )

    @Option(name: .shortAndLong, help: "Where to write the file.")
    var output: String

    @Option(help: "The number of expense reports.")
    var reports = 50

    @Option(help: "The number of employees.")
    var employees = 12

    @Option(help: "The random seed; the same seed gives the same file.")
    var seed: UInt64 = 1

    @Option(help: "The batch id.")
    var batchID = "1001"

    @Option(help: "The batch date, YYYY-MM-DD.")
    var batchDate = "2026-01-15"

    @Option(help: "Threads writing the lines (default: the number of cores); any number gives the same bytes.")
    var threads: Int?

    @Flag(help: "End lines with CRLF instead of LF.")
    var crlf = false

    @Flag(help: "Print the result as one JSON object (file, batchID, batchDate, recordCount, journalAmountTotal).")
    var json = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }

    func run() throws {
        let date = try CalendarDate(parsing: batchDate)
        var generator = ExpenseReportGenerator(seed: seed)
        // Progress on a terminal only (standard error, at most every 100 ms): nothing of it in a pipe or a log.
        let progress = TerminalProgress()
        let display = progress.rateDisplay(verb: "generating", of: reports, unit: "reports")
        let written = try generator.writeSAEFile(
            to: output,
            reports: reports,
            employees: employees,
            batchID: batchID,
            batchDate: date,
            options: .init(lineEnding: crlf ? .crlf : .lf),
            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
            progress: { display?($0, $1, $0 == reports) }
        )
        if reports > 0 { progress.end() }
        if json { try printEncoded(written) } else { print(written.text, terminator: "") }
    }
}
