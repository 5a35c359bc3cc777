/// The answer of `GET …/{DefinitionID}/job`: the last 100 jobs of a definition (the emulator lists them
/// newest first by `start-time`).
///
/// XML wraps the items in `<jobs>`; JSON is a top-level array.
///
/// ```swift
/// let jobs = try ExtractJobList(data: body, format: .xml)
/// let running = jobs.jobs.filter { !$0.status.isTerminal }
/// ```
public struct ExtractJobList: Sendable, Hashable, ExpressibleByArrayLiteral {
    public var jobs: [ExtractJob]

    public init(_ jobs: [ExtractJob]) { self.jobs = jobs }

    public init(arrayLiteral elements: ExtractJob...) { self.init(elements) }
}
