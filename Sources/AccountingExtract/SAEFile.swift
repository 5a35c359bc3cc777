/// Checks a whole SAE batch in one pass: the physical rules, the batch checks and the journal's balance.
///
/// ```swift
/// let result = try SAEFile.check(path: "extract.txt")
/// if !result.isValid { for error in result.errors { print(error) } }
/// ```
public enum SAEFile {
    /// Reads and checks the file at `path` with flat memory.
    /// - Throws: ``SAEError`` only when the file cannot be opened; problems in the file are in the result.
    public static func check(
        path: String,
        options: SAEReader.Options = .strict,
        journal: JournalConfiguration = JournalConfiguration(),
        maximumErrors: Int = 100
    ) throws(SAEError) -> SAECheckResult {
        let reader = try SAEReader(path: path, options: options)
        return check(reader: reader, journal: journal, maximumErrors: maximumErrors)
    }

    /// Feeds every line `reader` yields to the validator and every DETAIL line to the journal, each read in
    /// place in the reader's buffer (no line is copied unless a check fails); a reading error is the
    /// validator's too, and reading goes on after it.
    @inline(__always)
    static func readAll(_ reader: SAEReader, into validator: inout SAEBatchValidator, _ journal: inout JournalBuilder) {
        while true {
            do throws(SAEError) {
                switch try reader.nextBorrowed() {
                case nil: return
                case .header(let header): validator.add(header)
                case .detail(let view):
                    let amount = validator.add(view: view)
                    journal.tally(view: view, amount: amount)
                }
            } catch {
                validator.add(error: error)
            }
        }
    }

    /// Reads and checks everything `reader` yields.
    public static func check(
        reader: SAEReader,
        journal configuration: JournalConfiguration = JournalConfiguration(),
        maximumErrors: Int = 100
    ) -> SAECheckResult {
        var validator = SAEBatchValidator(file: reader.name, mode: reader.options.mode, maximumErrors: maximumErrors)
        var journal = JournalBuilder(configuration: configuration)
        readAll(reader, into: &validator, &journal)
        let journalResult = journal.finish()
        validator.add(unbalanced: journalResult)
        return SAECheckResult(summary: validator.finish(reader: reader), journal: journalResult)
    }
}

/// The outcome of ``SAEFile/check(path:options:journal:maximumErrors:)``.
public struct SAECheckResult: Sendable, Hashable {
    public var summary: SAEBatchSummary
    public var journal: JournalResult

    /// `true` when every check passed and every report balances.
    public var isValid: Bool { summary.isValid && journal.isBalanced }
    public var errors: [SAEError] { summary.errors }
}

extension SAEBatchValidator {
    /// An error for each unbalanced report of `journal`, with the code of its first problem.
    mutating func add(unbalanced journal: JournalResult) {
        for report in journal.unbalancedReports { add(error: report.unbalancedError) }
    }
}
