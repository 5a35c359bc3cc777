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

    @Flag(help: "End lines with CRLF instead of LF.")
    var crlf = false

    @Flag(help: "Print the result as one JSON object (file, batchID, batchDate, recordCount, journalAmountTotal).")
    var json = false

    func run() throws {
        let date = try CalendarDate(parsing: batchDate)
        var generator = ExpenseReportGenerator(seed: seed)
        let staff = generator.employees(count: employees)
        let writer = try SAEWriter(
            batchID: batchID,
            batchDate: date,
            path: output,
            options: .init(lineEnding: crlf ? .crlf : .lf)
        )
        // Progress on a terminal only (standard error): nothing of it in a pipe or a log.
        let progress = TerminalProgress()
        var remaining = reports
        while remaining > 0 {
            let chunk = min(remaining, 1_000)
            try writer.append(reports: generator.reports(count: chunk, employees: staff, before: date))
            remaining -= chunk
            progress.show("generating: \(reports - remaining) of \(reports) reports")
        }
        progress.end()
        let written = SAEWrittenFile(file: output, header: writer.header)
        try writer.finish()
        if json { try printEncoded(written) } else { print(written.text, terminator: "") }
    }
}
