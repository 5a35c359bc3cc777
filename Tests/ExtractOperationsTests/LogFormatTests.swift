import ExtractOperations
import Testing

@Suite struct LogFormatTests {
    @Test(arguments: [("text", LogFormat.text), ("JSON", .json), (" json ", .json)])
    func parsesTheTwoNames(name: String, expected: LogFormat) throws {
        #expect(try LogFormat(parsing: name) == expected)
    }

    @Test func refusesAnotherNameListingTheAcceptedOnes() {
        #expect(throws: LogFormat.UnknownName(name: "xml")) { try LogFormat(parsing: "xml") }
        #expect("\(LogFormat.UnknownName(name: "xml"))" == "unknown log format \"xml\": use one of text, json")
    }
}
