import Testing

@testable import AccountingExtract

@Suite struct SAEReaderTests {
    @Test func readsTheKFSGoodFile() throws {
        let reader = SAEReader(bytes: Fixture.bytes(Fixture.kfsGoodFile))
        let (header, records) = try reader.readAll()
        let unwrapped = try #require(header)
        #expect(unwrapped.batchID == "567")
        #expect(unwrapped.recordCount == 3)
        #expect(unwrapped.journalAmountTotal == Amount.of("1230.36"))
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0.fieldCount == 400 })
        #expect(records[1][70] == "BLACKLANE GHIJ | FEURIGSTRAE 55 | 13579 BERLIN | WWW.")
        #expect(records[2][.reportEntryDescription] == "ABCDEFGH\"IJ1234567890")
        #expect(records[2][.employeeLastName] == "Núñez")
        #expect(try records[0].journalAmount == Amount(parsing: "600.11"))
        #expect(try records[0].debitOrCredit == .debit)
        #expect(try records[0].sequenceNumber == 1)
        #expect(try records[0].batchDate == CalendarDate.of("2019-02-01"))
        #expect(records[0][.journalAccountCode] == "6200")
        #expect(records[0].lineNumber == 2)
        let result = Fixture.check(Fixture.kfsGoodFile)
        #expect(result.isValid, "\(result.errors)")
        #expect(result.summary.reportCount == 1)
        #expect(result.summary.employeeCount == 1)
    }

    @Test func keepsEmptyFieldsAndNamesEveryField() throws {
        let (_, records) = try SAEReader(bytes: Fixture.bytes(Fixture.kfsGoodFile)).readAll()
        #expect(records[0][400] == "")
        #expect(records[0][8] == "")
        #expect(SAEField.catalog.count == 400)
        #expect(Set(SAEField.catalog.map(\.name)).count == 400)
        #expect(SAEField.named(169).name == "Journal Amount")
        #expect(SAEField.named(42).name == "Report Custom 2")
        #expect(SAEField.catalog.enumerated().allSatisfy { $0.offset + 1 == $0.element.number })
    }

    @Test func acceptsCRLFMixedEndingsBOMAndNoFinalNewline() throws {
        let lines = Fixture.kfsGoodFile.split(separator: "\n").map(String.init)
        let crlf = lines.joined(separator: "\r\n") + "\r\n"
        let mixed = lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r\n" + lines[3]
        let bom = [0xEF, 0xBB, 0xBF] + Fixture.bytes(Fixture.kfsGoodFile)
        let trailingBlank = Fixture.kfsGoodFile + "\n"
        for (label, bytes) in [
            ("crlf", Fixture.bytes(crlf)), ("mixed", Fixture.bytes(mixed)), ("bom", bom),
            ("blank", Fixture.bytes(trailingBlank)),
        ] {
            let result = Fixture.check(bytes: bytes)
            #expect(result.isValid, "\(label): \(result.errors)")
            #expect(result.summary.recordCount == 3, "\(label)")
            let (_, records) = try SAEReader(bytes: bytes).readAll()
            #expect(records[2][.reportEntryDescription] == "ABCDEFGH\"IJ1234567890", "\(label)")
            #expect(records[2][400] == "", "\(label)")
        }
    }

    @Test func keepsTabsAndNonASCIIAsIs() throws {
        let values = Fixture.detail(sequence: 1, amount: "+1.0000", extra: [69: "tab\there", 70: "Café Zoë — 東京"])
        let text = "EXTRACT|2019-02-01|1|1.0000|567\n" + Fixture.line(values) + "\n"
        let (_, records) = try SAEReader(bytes: Fixture.bytes(text)).readAll()
        #expect(records[0][69] == "tab\there")
        #expect(records[0][70] == "Café Zoë — 東京")
    }

    @Test func aQuoteInsideAnUnquotedFieldIsLiteral() throws {
        var values = Fixture.detail(sequence: 1, amount: "+1.0000")
        let line = Fixture.line(values).replacingOccurrences(of: "|Trip|", with: "|6\" pipe|")
        values[26] = "6\" pipe"
        let text = "EXTRACT|2019-02-01|1|1.0000|567\n" + line + "\n"
        let (_, records) = try SAEReader(bytes: Fixture.bytes(text)).readAll()
        #expect(records[0][.reportName] == "6\" pipe")
    }

    @Test func readsAFileInSmallChunks() throws {
        let path = try TemporaryFile.write(Fixture.kfsGoodFile)
        let reader = try SAEReader(path: path, options: SAEReader.Options(chunkSize: 64))
        let result = SAEFile.check(reader: reader)
        #expect(result.isValid, "\(result.errors)")
        #expect(result.summary.recordCount == 3)
    }

    @Test func reportsAMissingFile() {
        #expect(throws: SAEError.self) { try SAEReader(path: "/nonexistent/extract.txt") }
    }

    @Test func anEmptyBatchIsValid() {
        let result = Fixture.check("EXTRACT|2019-02-01|0|0.0000|567\n")
        #expect(result.isValid)
        #expect(result.summary.recordCount == 0)
    }

    @Test func lenientModePadsShortLinesAndWarns() throws {
        let values = Array(Fixture.detail(sequence: 1, amount: "+1.0000").prefix(350))
        let text = "EXTRACT|2019-02-01|1|1.0000|567\n" + Fixture.line(values) + "\n"
        let strict = Fixture.check(text)
        #expect(!strict.isValid)
        #expect(strict.errors.first?.code == .fieldCount)
        let lenient = Fixture.check(text, mode: .lenient)
        #expect(lenient.isValid, "\(lenient.errors)")
        #expect(lenient.summary.warnings.contains { $0.code == .fieldCount && $0.line == 2 })
    }

    @Test func lenientModeSubstitutesInvalidUTF8() {
        var bytes = Fixture.bytes(
            "EXTRACT|2019-02-01|1|1.0000|567\n"
                + Fixture.line(Fixture.detail(sequence: 1, amount: "+1.0000", extra: [70: "VENDOR"])) + "\n"
        )
        guard let index = bytes.firstIndex(of: UInt8(ascii: "V")) else {
            Issue.record("no V")
            return
        }
        bytes[index] = 0xFF
        let lenient = Fixture.check(bytes: bytes, mode: .lenient)
        #expect(lenient.isValid, "\(lenient.errors)")
        #expect(lenient.summary.warnings.contains { $0.code == .invalidUTF8 && $0.field == 70 })
    }
}
