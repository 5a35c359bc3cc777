import AccountingExtract
import ArgumentParser
import ExtractSync
import Foundation

/// `concur-extract parse FILE...`: checks Standard Accounting Extract files and summarises each batch.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Check SAE files (or zips of extract files) and summarise each batch.",
        discussion: """
            For each batch: the batch id and date, the counts of lines, reports and employees, debit and credit \
            totals by journal account (the derived offset lines included, so a balanced batch's debits equal its \
            credits), and the result of every check. Exits 0 when every batch is valid, 1 when one is not, and 2 \
            when a file cannot be read.
            """
                + "\n\n"
                + ExitStatus.help(
                    [.success, .failed, .unreadableFile, .usage],
                    [.success: "every file valid", .failed: "a file invalid"]
                )
    )

    @Argument(help: "SAE files (pipe-delimited text) or zips holding them.")
    var files: [String]

    @Flag(help: "Print one JSON object per batch, one per line.")
    var json = false

    @Flag(
        help:
            "Lenient mode: pad short lines, accept lowercase flags, skip unknown lines; each is reported as a warning."
    )
    var lenient = false

    func run() throws {
        var reports: [SAECheckReport] = []
        var unreadable = false
        for file in files {
            do {
                reports += try SAEFileCheck.check(file: file, mode: lenient ? .lenient : .strict).map(\.report)
            } catch {
                unreadable = true
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
        }
        for report in reports {
            if json { try printEncoded(report) } else { print(report.text, terminator: "") }
        }
        let invalid = reports.filter { !$0.valid }.count
        if invalid > 0 {
            FileHandle.standardError.write(
                Data("error: \(invalid) of \(reports.count) batches failed their checks\n".utf8)
            )
            throw ExitCode(1)
        }
        if unreadable { throw ExitCode(2) }
    }
}
