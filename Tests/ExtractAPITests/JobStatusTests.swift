import ExtractAPI
import Testing

@Suite("JobStatus")
struct JobStatusTests {
    @Test("Numbers and words of §7")
    func table() {
        let table: [(JobStatus, Int, String, Bool)] = [
            (.queued, 0, "Queued", false), (.running, 1, "Running", false),
            (.completed, 2, "Completed", true), (.failed, 3, "Failed", true),
        ]
        for (status, number, word, terminal) in table {
            #expect(JobStatus(number: number) == status)
            #expect(JobStatus(parsing: word) == status)
            #expect(JobStatus(parsing: String(number)) == status)
            #expect(status.number == number)
            #expect(status.word == word)
            #expect(status.isTerminal == terminal)
        }
    }

    @Test("Lenient words; anything else is unknown and not terminal")
    func lenient() {
        #expect(JobStatus(parsing: "  complete\n") == .completed)
        #expect(JobStatus(parsing: "qUeUeD") == .queued)
        #expect(JobStatus(parsing: " Paused ") == .unknown("Paused"))
        #expect(JobStatus(number: 42) == .unknown("42"))
        #expect(JobStatus.unknown("42").number == 42)
        #expect(JobStatus.unknown("Paused").number == nil)
        #expect(!JobStatus.unknown("Paused").isTerminal)
    }
}
