import ArgumentParser
import ExtractConfiguration
import ExtractOperations
import Logging

/// `--log-format`, `--log-level` and `--alert-webhook` (serve, sync, sync --all).
struct LoggingOptions: ParsableArguments {
    @Option(
        help:
            "Write one log line per event on standard error: 'text' (time level event key=value…) or 'json' (one object a line)."
    )
    var logFormat: String?
    @Option(help: "The lowest level logged: trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?
    @Option(
        help:
            "Post alerts (failed run, quarantined file, foreign job, company overdue) to this https URL as JSON with a Slack-compatible 'text' (serve and sync --all; a company's alert_webhook wins)."
    )
    var alertWebhook: String?

    /// The logger asked for; `nil` when neither `--log-format` nor `--log-level` is given and `always` is false.
    func logger(always: Bool) throws -> Logger? {
        guard always || logFormat != nil || logLevel != nil else { return nil }
        do {
            let format =
                try logFormat.map { name throws(LogFormat.UnknownName) in try LogFormat(parsing: name) } ?? .text
            let level =
                try logLevel.map { name throws(LineLogHandler.UnknownLevel) in
                    try LineLogHandler.level(parsing: name)
                } ?? .info
            return LineLogHandler.logger(format: format, level: level)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The logger of the alerts' own messages when no log was asked for: warnings and errors, as text.
    static var alertLogger: Logger {
        LineLogHandler.logger(label: "concur-extract.alerts", format: .text, level: .warning)
    }

    /// `--alert-webhook`, checked.
    func webhook() throws -> AlertWebhook? {
        guard let alertWebhook else { return nil }
        do {
            return try AlertWebhook(alertWebhook)
        } catch {
            throw ValidationError("--alert-webhook: \(error.reason)")
        }
    }
}
