import AccountingExtract
import Foundation
import Testing

@testable import ExtractSandbox

/// Personal data leaves downloaded files (`--trace`), and the files stay valid: over seeded companies, every SAE
/// and attendee file redacted keeps its header, field counts and every non-personal field; names become stable
/// pseudonyms none of which is an original name; card numbers keep only their last four digits; the redacted
/// SAE file still reads with the same records and amounts; a zip is redacted entry by entry.
@Suite struct TraceRedactionFileTests {
    static func reports(seed: UInt64) -> [ExpenseReport] {
        var generator = ExpenseReportGenerator(seed: seed)
        let employees = generator.employees(count: 5)
        return generator.reports(count: 12, employees: employees, before: CalendarDate(year: 2026, month: 1, day: 15)!)
    }

    static func detailFields(_ bytes: Data) -> [[String]] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("DETAIL|") }
            .map { PipeFields(String($0)).values }
    }

    @Test(arguments: Array(UInt64(1)...UInt64(6)))
    func saeFilesKeepTheirShapeAndLoseTheirNames(seed: UInt64) throws {
        let reports = Self.reports(seed: seed)
        var original = try ExtractFileBuilder.sae(
            reports: reports,
            batchID: "1001",
            batchDate: CalendarDate(year: 2026, month: 1, day: 15)!
        )
        // A hostile full card number in field 130 of the first line.
        var lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        var first = PipeFields(lines[1])
        first.values[129] = "4111-1111-1111-1005"
        lines[1] = first.joined
        original = Array(lines.joined(separator: "\n").utf8)
        var pseudonyms: [String: String] = [:]
        let redacted = try #require(
            try ExtractFileRedaction.redact(Data(original)) { kind, value in
                if let known = pseudonyms[value] { return known }
                let made = "\(kind.rawValue)\(pseudonyms.count + 1)"
                pseudonyms[value] = made
                return made
            }
        )
        let before = Self.detailFields(Data(original))
        let after = Self.detailFields(redacted)
        #expect(before.count == after.count && !after.isEmpty)
        let names = Set(reports.flatMap { [$0.employee.firstName, $0.employee.lastName, $0.employee.email] })
        for (old, new) in zip(before, after) {
            #expect(old.count == new.count)
            for index in old.indices {
                switch ExtractFileRedaction.saeFields[index + 1] {
                case nil: #expect(old[index] == new[index], "field \(index + 1) is not personal and stays")
                case .digits:
                    #expect(new[index] == ExtractFileRedaction.maskDigits(old[index]))
                    #expect(new[index].filter(\.isNumber).count <= 4)
                case .pseudonym:
                    #expect(old[index].isEmpty || !names.contains(new[index]))
                    if !old[index].isEmpty { #expect(new[index] == pseudonyms[old[index]]) }
                }
            }
            #expect(!names.contains(new[5]) && !names.contains(new[6]))
        }
        #expect(after[0][129] == "XXXX-XXXX-XXXX-1005")
        // The header is untouched and the file reads with the same amounts.
        #expect(
            String(decoding: redacted, as: UTF8.self).split(separator: "\n").first
                == String(decoding: original, as: UTF8.self).split(separator: "\n").first
        )
        let read = try SAEReader(bytes: Array(redacted), name: "redacted.txt").readAll()
        let source = try SAEReader(bytes: original, name: "original.txt").readAll()
        #expect(read.records.count == source.records.count)
        #expect(read.header == source.header)
    }

    @Test func zipEntriesAreRedactedAndTheArchiveStaysReadable() throws {
        let reports = Self.reports(seed: 3)
        let date = CalendarDate(year: 2026, month: 1, day: 15)!
        let sae = try ExtractFileBuilder.sae(reports: reports, batchID: "7", batchDate: date)
        let attendees = AttendeeDetailWriter.file(reports: reports, batchID: "7", batchDate: date)
        #expect(Self.detailFields(Data(attendees)).count > 0, "the seed has Meals entries with attendees")
        let zip = try ExtractFileBuilder.zip(
            [("a.txt", sae), ("b.txt", attendees)],
            modified: Date(timeIntervalSince1970: 0)
        )
        let redacted = try #require(try ExtractFileRedaction.redact(Data(zip)) { kind, _ in "\(kind.rawValue)X" })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try redacted.write(to: URL(fileURLWithPath: folder + "/r.zip"))
        let archive = try ExtractZip(path: folder + "/r.zip")
        #expect(archive.entries.map(\.path) == ["a.txt", "b.txt"])
        let entries = try archive.entries.map { entry in
            (
                name: entry.path,
                bytes: try Data(contentsOf: URL(fileURLWithPath: try archive.extract(entry, into: folder)))
            )
        }
        let guests = Set(AttendeeDetailWriter.guests.flatMap { [$0.0, $0.1] })
        for line in Self.detailFields(Data(entries[1].bytes)) {
            #expect(line[14] == "nameX" && line[15] == "nameX" && line[5] == "nameX")
            #expect(!guests.contains(line[14]))
        }
        #expect(Self.detailFields(Data(entries[0].bytes)).allSatisfy { $0[5] == "nameX" && $0[6] == "nameX" })
    }

    @Test func otherBodiesAreLeftAlone() throws {
        #expect(try ExtractFileRedaction.redact(Data("<Definitions/>".utf8)) { _, _ in "x" } == nil)
        #expect(ExtractFileRedaction.maskDigits("12") == "12")
        #expect(ExtractFileRedaction.maskDigits("") == "")
        let quoted = PipeFields("DETAIL|\"a|b\"|\"say \"\"hi\"\"\"|")
        #expect(quoted.values == ["DETAIL", "a|b", "say \"hi\"", ""])
        #expect(quoted.joined == "DETAIL|\"a|b\"|\"say \"\"hi\"\"\"|")
    }
}
