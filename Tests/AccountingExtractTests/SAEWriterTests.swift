import Foundation
import ExtractTesting
import Testing

@testable import AccountingExtract

@Suite(.offThePool) struct SAEWriterTests {
    @Test func canonicalFileRoundTripsByteForByte() throws {
        let original = Fixture.bytes(Fixture.kfsGoodFile)
        let (header, records) = try SAEReader(bytes: original).readAll()
        let unwrapped = try #require(header)
        let writer = SAEWriter(batchID: unwrapped.batchID, batchDate: unwrapped.batchDate)
        for record in records { try writer.append(record) }
        #expect(try writer.finish() == original)
    }

    @Test func quotesOnlyWhereNeeded() throws {
        let values = Fixture.detail(
            sequence: 1,
            amount: "+1.0000",
            extra: [69: "a|b", 70: "say \"hi\"", 71: "plain, text"]
        )
        let record = try SAERecord(fields: values)
        let line = String(decoding: record.rawLine, as: UTF8.self)
        #expect(line.contains("|\"a|b\"|\"say \"\"hi\"\"\"|plain, text|"))
        #expect(record[69] == "a|b" && record[70] == "say \"hi\"" && record[71] == "plain, text")
    }

    @Test func refusesLineBreaksUnlessAskedToReplaceThem() throws {
        let values = Fixture.detail(sequence: 1, amount: "+1.0000", extra: [69: "two\nlines"])
        #expect(throws: SAEError.self) { try SAERecord(fields: values) }
        let writer = SAEWriter(
            batchID: "567",
            batchDate: try CalendarDate(parsing: "2019-02-01"),
            options: .init(replacesLineBreaks: true)
        )
        try writer.append(fields: values)
        let (_, records) = try SAEReader(bytes: try writer.finish()).readAll()
        #expect(records[0][69] == "two lines")
    }

    @Test func writesCRLFWhenAsked() throws {
        let writer = SAEWriter(
            batchID: "567",
            batchDate: try CalendarDate(parsing: "2019-02-01"),
            options: .init(lineEnding: .crlf)
        )
        try writer.append(fields: Fixture.detail(sequence: 1, amount: "+1.5000"))
        let bytes = try writer.finish()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("EXTRACT|2019-02-01|1|1.5000|567\r\n"))
        #expect(text.hasSuffix("\r\n"))
        #expect(Fixture.check(bytes: bytes).isValid)
    }

    @Test func headerAccumulatesCountAndSignedTotal() throws {
        let writer = SAEWriter(batchID: "9", batchDate: try CalendarDate(parsing: "2020-01-31"))
        try writer.append(
            fields: Fixture.detail(sequence: 1, batchID: "9", batchDate: "2020-01-31", amount: "+100.0000")
        )
        try writer.append(
            fields: Fixture.detail(
                sequence: 2,
                batchID: "9",
                batchDate: "2020-01-31",
                side: "CR",
                amount: "-40.2500",
                payer: "Employee",
                payee: "Company"
            )
        )
        #expect(writer.header.recordCount == 2)
        #expect(writer.header.journalAmountTotal == Amount.of("59.75"))
        let bytes = try writer.finish()
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("EXTRACT|2020-01-31|2|59.7500|9\n"))
        #expect(Fixture.check(bytes: bytes).isValid)
    }

    @Test func writesAFileAtomicallyThroughASpool() throws {
        let directory = try TemporaryFile.directory()
        let path = directory + "/out.txt"
        let writer = try SAEWriter(batchID: "567", batchDate: try CalendarDate(parsing: "2019-02-01"), path: path)
        for sequence in 1...2_000 { try writer.append(fields: Fixture.detail(sequence: sequence, amount: "+0.0100")) }
        #expect(!FileManager.default.fileExists(atPath: path))
        try writer.finish()
        #expect(!FileManager.default.fileExists(atPath: path + ".details.tmp"))
        let result = try SAEFile.check(path: path)
        #expect(result.isValid, "\(result.errors)")
        #expect(result.summary.header?.journalAmountTotal == Amount.of("20"))
        #expect(result.summary.recordCount == 2_000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.txt"])
    }

    @Test func aFinishThatCannotPutTheFileInPlaceLeavesNoTemporaryFile() throws {
        let directory = try TemporaryFile.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.txt"
        let writer = try SAEWriter(batchID: "567", batchDate: try CalendarDate(parsing: "2019-02-01"), path: path)
        for sequence in 1...20 { try writer.append(fields: Fixture.detail(sequence: sequence, amount: "+1.00")) }
        // A folder, not empty, where the file should go: the rename fails.
        try FileManager.default.createDirectory(atPath: path + "/occupied", withIntermediateDirectories: true)
        #expect { try writer.finish() } throws: { ($0 as? SAEError)?.code == .ioError }
        // Only the target (the folder in its way) and the spool, which the writer removes when it goes.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(left.filter { $0 != "out.txt" && $0 != "out.txt.details.tmp" } == [])
        withExtendedLifetime(writer) {}
    }
}

/// Issue 10 item 10: an SAE file holds employee names, amounts and bank details; the writer makes it (and its
/// spool) the owner's only, whatever the umask.
@Suite(.offThePool) struct SAEWriterFileModeTests {
    @Test func writtenFileAndSpoolAre0600() throws {
        let directory = NSTemporaryDirectory() + "sae-mode-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/extract.txt"
        // A file left by an earlier run with a wider mode is narrowed, not kept.
        FileManager.default.createFile(atPath: path + ".details.tmp", contents: Data(), attributes: nil)
        chmod(path + ".details.tmp", 0o644)
        let writer = try SAEWriter(
            batchID: "1",
            batchDate: try CalendarDate(parsing: "2026-01-15"),
            path: path
        )
        let spool = try FileManager.default.attributesOfItem(atPath: path + ".details.tmp")
        #expect((spool[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o600)
        try writer.finish()
        let file = try FileManager.default.attributesOfItem(atPath: path)
        #expect((file[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o600)
    }
}
