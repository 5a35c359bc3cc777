extension ReportJournalResult {
    /// A reason for a line that cannot be balanced, as kept in ``problems``: `line 12: no payment type`.
    static func problem(line: Int, _ message: String) -> String {
        "line \(line): \(message)"
    }

    /// Moves the report's line numbers by `count`, in ``lines`` and in the reasons that name them: a part of a
    /// file checked on its own thread numbers its lines from 1 (``SAEFile/check(path:options:journal:maximumErrors:threads:)``).
    ///
    /// Reason *i* names line *i* (both are kept together, up to ``JournalBuilder/maximumProblemsKept``); a reason
    /// that names no line (the debit and credit totals) is kept as it is.
    mutating func moveLines(by count: Int) {
        for index in 0..<min(problems.count, lines.count) {
            let prefix = Self.problem(line: lines[index], "")
            guard problems[index].hasPrefix(prefix) else { continue }
            problems[index] = Self.problem(line: lines[index] + count, String(problems[index].dropFirst(prefix.count)))
        }
        for index in lines.indices { lines[index] += count }
    }
}

extension JournalPart {
    /// Moves the line numbers of every report the part holds by `count`.
    mutating func moveLines(by count: Int) {
        for index in journal.unbalancedReports.indices { journal.unbalancedReports[index].moveLines(by: count) }
        first?.moveLines(by: count)
        last?.moveLines(by: count)
    }
}
