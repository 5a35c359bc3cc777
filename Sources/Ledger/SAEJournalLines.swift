public import AccountingExtract

/// The journal lines of an SAE file (each DETAIL line's extract line and its offset), read as they stream by.
///
/// Strict: a reading error, or a line whose offset cannot be derived, throws — so a load fed by it is rolled
/// back whole. Check the file first with `SAEFile.check(path:)` to quarantine it with every reason.
///
/// ```swift
/// let result = try await store.load(batch, lines: SAEJournalLines(path: "extract.txt"))
/// ```
public struct SAEJournalLines: AsyncSequence, Sendable {
    public typealias Element = JournalLine

    public let path: String
    public let options: SAEReader.Options
    public let configuration: JournalConfiguration
    /// Reports whose lines are left out (held back because they cannot be balanced).
    public let excludedReports: Set<String>

    public init(
        path: String,
        options: SAEReader.Options = .strict,
        configuration: JournalConfiguration = JournalConfiguration(),
        excludedReports: Set<String> = []
    ) {
        self.path = path
        self.options = options
        self.configuration = configuration
        self.excludedReports = excludedReports
    }

    public func makeAsyncIterator() -> AsyncIterator {
        var iterator = AsyncIterator(
            path: path,
            options: options,
            builder: JournalBuilder(configuration: configuration)
        )
        iterator.excludedReports = excludedReports
        return iterator
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let path: String
        let options: SAEReader.Options
        var builder: JournalBuilder
        var reader: SAEReader?
        var pending: [JournalLine] = []
        var index = 0
        var excludedReports: Set<String> = []

        init(path: String, options: SAEReader.Options, builder: JournalBuilder) {
            self.path = path
            self.options = options
            self.builder = builder
        }

        public mutating func next() async throws -> JournalLine? {
            if index < pending.count {
                index += 1
                return pending[index - 1]
            }
            if reader == nil { reader = try SAEReader(path: path, options: options) }
            guard let reader else { return nil }
            while let element = try reader.next() {
                guard case .detail(let record) = element else { continue }
                if !excludedReports.isEmpty, excludedReports.contains(record.reportID) { continue }
                let lines = builder.add(record)
                guard let first = lines.first else {
                    let problems = builder.finish().unbalancedReports.last?.problems.joined(separator: "; ") ?? ""
                    throw LedgerError(
                        .invalidLine,
                        "\(path):\(record.lineNumber): the journal line cannot be balanced (\(problems)); nothing was loaded"
                    )
                }
                pending = lines
                index = 1
                return first
            }
            return nil
        }
    }
}
