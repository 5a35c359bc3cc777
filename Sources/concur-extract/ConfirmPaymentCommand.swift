import ArgumentParser
import ExtractClient
import ExtractConfiguration
import ExtractSync
import Foundation

/// `concur-extract confirm-payment`: sends the payment confirmations of a CSV or JSON file for FIS documents this
/// ledger posted, exactly once.
struct ConfirmPaymentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm-payment",
        abstract: "Send FIS payment confirmations (CP, PP, RE, OB) from a CSV or JSON file, and record them.",
        discussion: """
            Columns (CSV header) or fields (JSON objects): docId, status (CP completely paid, PP partially paid, \
            RE reversal, OB obsolete), paymentRef (unique per payment), clearingDate (YYYY-MM-DD), clearingAmount, \
            clearingCurrency (required for CP and PP), and optionally paymentMethod, companyCode, \
            financialDocumentId, fiscalYear, receiverId, receiverName, receiverType, additionalMessage. The whole \
            file is checked first, then every document against the ledger (posted and confirmed success); any \
            problem and nothing is recorded or sent. Each payment is recorded before it is sent; running the same \
            file again sends nothing new. Needs a company-level token (login --credential-type authtoken).
            """
                + "\n\n"
                + ExitStatus.help(
                    [.success, .failed, .unreadableFile, .usage, .network, .authentication, .configuration],
                    [
                        .success: "all confirmed (or already)",
                        .failed: "a malformed file, a refused document or a refusal by Concur",
                        .unreadableFile: "the payments file cannot be read",
                    ]
                )
    )

    @OptionGroup var options: ClientOptions
    @OptionGroup var data: DataOptions
    @Option(help: "The company's key in the ledger (as sync --company).") var company: String
    @Option(help: "The payments file: .json is JSON, anything else CSV.") var file: String
    @Option(help: "Our systemId, as the acknowledgements sent it (env CONCUR_FIS_SYSTEM_ID).") var systemId: String?
    @Option(help: "Payments per request (1-100).") var batchSize = 25
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        let entries: [PaymentConfirmationEntry]
        do {
            entries = try PaymentConfirmationFile.read(path: file)
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(error.code == .unreadable ? ExitStatus.unreadableFile.rawValue : ExitStatus.failed.rawValue)
        }
        let (client, _, _) = try options.makeClient()
        let store = try await data.location.openExisting()
        let settings = FISClientSettings(
            systemID: systemId ?? ProcessInfo.processInfo.environment["CONCUR_FIS_SYSTEM_ID"]
                ?? SyncSourceKind.defaultSystemID,
            batchSize: batchSize
        )
        let report: PaymentConfirmationReport
        do {
            report = try await PaymentConfirmationRun(
                company: company,
                store: store,
                client: client,
                settings: settings
            )
            .run(entries, file: file)
        } catch let error as PaymentConfirmationError {
            try? await store.close()
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.failed.rawValue)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        if json { try printEncoded(report) } else { print(report.text, terminator: "") }
        if report.exitStatus != .success { throw ExitCode(report.exitStatus.rawValue) }
    }
}
