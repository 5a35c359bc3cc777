import ArgumentParser
import ExtractConfiguration
import ExtractOperations
import ExtractSync
import Foundation

/// `concur-extract report`: one company's status and reconciliation page as a static HTML file (or its JSON).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write one company's status and reconciliation page (HTML, works offline) for a controller to review and archive.",
        discussion: """
            The page: the company's last run, outcome and next run (with --companies); its batches and FIS documents, \
            header against loaded counts and totals; open quarantine entries with their reasons; a chart of the \
            amounts posted per day and account. Without --batch or --from/--to: the latest 50 batches and 31 \
            posting days.

            Exit codes: 0 written; 1 unknown company or batch, or the file cannot be written; 64 bad arguments \
            (a date that is not YYYY-MM-DD, --from after --to, --batch with a range); 78 a wrong companies file.
            """
    )

    @OptionGroup var data: DataOptions
    @Option(help: "The company (its name in the configuration, as sync --company).") var company: String
    @Option(help: "Only this batch (a FIS document's batch is FIS-<docId>).") var batch: String?
    @Option(help: "First posting and batch date, YYYY-MM-DD (inclusive).") var from: String?
    @Option(help: "Last posting and batch date, YYYY-MM-DD (inclusive).") var to: String?
    @Option(name: .shortAndLong, help: "Write the report to this file (mode 0600) instead of standard output.")
    var output: String?
    @Option(help: "The companies file, for the company's schedule (next run).") var companies: String?
    @Flag(help: "Write the page's model as JSON instead of HTML.") var json = false

    func validate() throws {
        do throws(StatusReport.ArgumentError) {
            _ = try StatusReport.scope(company: company, batch: batch, from: from, to: to)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let scope = try StatusReport.scope(company: company, batch: batch, from: from, to: to)
        let schedule = try companies.map { path in
            try CompanyConfiguration.load(path: path).map { ScheduledCompany(name: $0.name, every: $0.every) }
        }
        let store = try await data.location.openExisting()
        defer { Task { try? await store.close() } }
        let report = try await StatusReport.make(
            store: store,
            schedule: schedule ?? [],
            scope: scope,
            format: json ? .json : .html,
            output: output,
            now: Date()
        )
        if output == nil {
            FileHandle.standardOutput.write(Data(report.bytes))
        } else {
            print(report.summary)
        }
    }
}
