import Testing

@testable import AccountingExtract

/// NUL and other control characters in a field are an error naming the line and field, in every mode (a NUL
/// would otherwise pass the check and be refused by PostgreSQL at load time).
@Suite struct SAEControlCharacterTests {
    static let header = "EXTRACT|2019-02-01|1|1.0000|567\n"

    static func file(_ extra: [Int: String]) -> String {
        header + Fixture.line(Fixture.detail(sequence: 1, amount: "+1.0000", extra: extra)) + "\n"
    }

    @Test(
        "A NUL in the employee id or the currency names line, field and value",
        arguments: [SAEReader.Mode.strict, .lenient]
    )
    func nulInEmployeeIDAndCurrency(mode: SAEReader.Mode) throws {
        let employee = Fixture.check(Self.file([5: "E000\u{0} 07"]), mode: mode)
        #expect(!employee.isValid)
        let error = try #require(employee.errors.first)
        #expect(error.code == .controlCharacter)
        #expect(error.line == 2 && error.field == 5 && error.fieldName == "Employee ID")
        #expect(error.value == "E000\u{0} 07")
        #expect(error.description.contains("test.txt:2: field 5 (Employee ID): a control character (U+0000)"))
        #expect(error.description.contains("'E000\\u{0} 07' [control-character]"))

        let currency = Fixture.check(Self.file([22: "US\u{0}D"]), mode: mode)
        let currencyError = try #require(currency.errors.first)
        #expect(currencyError.code == .controlCharacter)
        #expect(currencyError.line == 2 && currencyError.field == 22)
        #expect(currencyError.fieldName == "Reimbursement Currency")
    }

    @Test("Every control byte but TAB is refused, in any field and position; TAB is accepted")
    func everyControlByte() throws {
        var random = SAEPropertyTests.Generator(state: 10)
        let controls = (UInt8(0x00)...0x1F).filter { $0 != 0x09 && $0 != 0x0A } + [0x7F]
        for byte in controls {
            for _ in 0..<8 {
                let field = Int.random(in: 6...400, using: &random)
                let prefix = String(repeating: "a", count: Int.random(in: 0...20, using: &random))
                let value = prefix + String(UnicodeScalar(byte)) + "z"
                for mode in [SAEReader.Mode.strict, .lenient] {
                    let result = Fixture.check(Self.file([field: value]), mode: mode)
                    let error = try #require(result.errors.first, "byte \(byte) field \(field)")
                    #expect(error.code == .controlCharacter, "byte \(byte) field \(field)")
                    #expect(error.line == 2 && error.field == field, "byte \(byte) field \(field)")
                }
            }
        }
        let tab = Fixture.check(Self.file([70: "A\tB"]))
        #expect(tab.isValid, "\(tab.errors)")
    }

    @Test("A control character in the header names the header field")
    func controlInHeader() throws {
        let result = Fixture.check("EXTRACT|2019-02-01|0|0.0000|5\u{1}67\n")
        let error = try #require(result.errors.first)
        #expect(error.code == .controlCharacter && error.line == 1 && error.field == 5)
        #expect(error.fieldName == "header Batch ID")
    }

    @Test(
        "The vector and word-at-a-time scan finds exactly the first byte a bytewise scan finds, past valid characters"
    )
    func scanMatchesBytewiseReference() {
        var random = SAEPropertyTests.Generator(state: 77)
        let palette: [UInt8] = [0x00, 0x01, 0x09, 0x1F, 0x20, 0x41, 0x7C, 0x7E, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        // Valid characters of two, three and four bytes, and TABs, which the scan must step over to the fault.
        let characters: [[UInt8]] = [[0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0x09]]
        for round in 0..<20_000 {
            let count = Int.random(in: 0...70, using: &random)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0x20...0x7E, using: &random) }
            for _ in 0..<Int.random(in: 0...(round % 2 == 0 ? 2 : 6), using: &random) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                if Bool.random(using: &random) {
                    bytes[index] = palette.randomElement(using: &random) ?? 0
                } else {
                    let character = characters.randomElement(using: &random) ?? []
                    bytes.replaceSubrange(index..<min(bytes.count, index + character.count), with: character)
                }
            }
            let found = bytes.withUnsafeBytes { SAELineParser.firstRejectedByte($0) }
            #expect(found?.offset == Self.reference(bytes)?.offset, "\(bytes)")
            #expect(found?.reason == Self.reference(bytes)?.reason, "\(bytes)")
        }
    }

    /// The first rejected byte, one byte at a time: a control byte, or where Swift's UTF-8 decoder first repairs.
    static func reference(_ bytes: [UInt8]) -> (offset: Int, reason: SAELineParser.RejectedByte)? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F { return (index, .controlCharacter) }
            if byte < 0x80 {
                index += 1
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            let end = min(bytes.count, index + length)
            if String(validating: bytes[index..<end], as: UTF8.self) == nil || end - index < length {
                return (index, .invalidUTF8)
            }
            index += length
        }
        return nil
    }
}
