/// The state of an extract job: `Queued` (0) → `Running` (1) → `Completed` (2) or `Failed` (3).
///
/// XML writes the word, JSON the number. Reading is lenient (§7): whitespace is trimmed, words compare
/// case-insensitively, `Complete` means ``completed``, a numeric string counts as the number, and
/// anything else becomes ``unknown(_:)``, which is not terminal.
///
/// ```swift
/// JobStatus(parsing: " complete ")   // .completed
/// JobStatus(parsing: "2")            // .completed
/// JobStatus(number: 1)               // .running
/// JobStatus.failed.isTerminal        // true
/// ```
public enum JobStatus: Sendable, Hashable, CustomStringConvertible {
    case queued
    case running
    case completed
    case failed
    /// A value this contract does not know, kept as received (trimmed).
    case unknown(String)

    /// The status for a JSON number; numbers other than 0–3 give ``unknown(_:)``.
    public init(number: Int) {
        switch number {
        case 0: self = .queued
        case 1: self = .running
        case 2: self = .completed
        case 3: self = .failed
        default: self = .unknown(String(number))
        }
    }

    /// The status for a word or numeric string, read leniently.
    public init(parsing text: some StringProtocol) {
        let trimmed = text.trimmingWireWhitespace()
        if let number = Int(trimmed) {
            self.init(number: number)
            return
        }
        switch trimmed.lowercased() {
        case "queued": self = .queued
        case "running": self = .running
        case "completed", "complete": self = .completed
        case "failed": self = .failed
        default: self = .unknown(trimmed)
        }
    }

    /// The JSON number, or `nil` for an unknown status.
    public var number: Int? {
        switch self {
        case .queued: return 0
        case .running: return 1
        case .completed: return 2
        case .failed: return 3
        case .unknown(let raw): return Int(raw)
        }
    }

    /// The canonical XML word (`Queued`, `Running`, `Completed`, `Failed`), or the raw unknown value.
    public var word: String {
        switch self {
        case .queued: return "Queued"
        case .running: return "Running"
        case .completed: return "Completed"
        case .failed: return "Failed"
        case .unknown(let raw): return raw
        }
    }

    /// Whether the job has finished (``completed`` or ``failed``); polling stops here.
    public var isTerminal: Bool { self == .completed || self == .failed }

    public var description: String { word }

    /// The XML word under `options` (`Complete` in doc-quirk mode).
    func word(options: ExtractWire.EncodingOptions) -> String {
        self == .completed && options.completedWord == .complete ? "Complete" : word
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    func trimmingWireWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
