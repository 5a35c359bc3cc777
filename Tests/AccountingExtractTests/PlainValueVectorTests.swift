import ExtractSandbox
import Testing

@testable import AccountingExtract

/// The 16-byte vector checks of dates and decimals accept exactly what the byte-by-byte checks accept, whatever
/// follows the value in memory (the typed checks read past the value, into the next fields).
struct PlainValueVectorTests {
    /// Bytes that make valid values and every near miss: digits, signs, dots, dashes, spaces, letters, high bytes.
    static let alphabet: [UInt8] =
        Array("0123456789012345678901234567890+-..--  aZ|\"".utf8) + [0x00, 0x7F, 0xC3, 0xFF]

    @Test("Decimals: the vector check equals the scalar one on 200,000 random and written values")
    func decimals() {
        var random = SeededRandomNumberGenerator(seed: 169)
        var accepted = 0
        for round in 0..<200_000 {
            let value: [UInt8]
            if round % 2 == 0 {
                value = (0..<Int.random(in: 0...16, using: &random)).map { _ in
                    Self.alphabet.randomElement(using: &random) ?? 0x30
                }
            } else {
                // A written amount, sometimes with a longer fraction or integer part than allowed.
                let integer = String(UInt64.random(in: 0...UInt64(99_999_999_999_999), using: &random))
                    .prefix(Int.random(in: 1...15, using: &random))
                let fraction = String(UInt64.random(in: 0...99_999, using: &random)).prefix(
                    Int.random(in: 0...5, using: &random)
                )
                let sign = ["", "+", "-"].randomElement(using: &random) ?? ""
                value = Array((sign + integer + (fraction.isEmpty ? "" : "." + fraction)).utf8.prefix(16))
            }
            let after = (0..<16).map { _ in Self.alphabet.randomElement(using: &random) ?? 0x7C }
            let memory = value + after
            memory.withUnsafeBytes { bytes in
                let field = UnsafeRawBufferPointer(rebasing: bytes[0..<value.count])
                let scalar = Amount.isPlainValid(field)
                // swift-format-ignore: NeverForceUnwrap
                let vector = Amount.isPlainValid16(bytes.baseAddress!, count: value.count)
                #expect(vector == scalar, "\(String(decoding: value, as: UTF8.self).debugDescription)")
                if scalar { accepted += 1 }
                // An accepted value is read as the scalar parser reads it, whatever follows it in memory.
                if vector {
                    // swift-format-ignore: NeverForceUnwrap
                    let read = Amount.plainValue16(bytes.baseAddress!, count: value.count)
                    #expect(read == (try? Amount.parse(field)), "\(String(decoding: value, as: UTF8.self))")
                }
            }
        }
        // Both answers are exercised, often.
        #expect(accepted > 40_000 && accepted < 160_000, "\(accepted) accepted")
    }

    @Test("Dates: the vector check equals the scalar one on 200,000 random and written ten-byte values")
    func dates() {
        var random = SeededRandomNumberGenerator(seed: 24)
        var accepted = 0
        for round in 0..<200_000 {
            var value = Array(
                String(
                    format4(Int.random(in: 0...9999, using: &random)) + "-"
                        + format2(Int.random(in: 0...13, using: &random)) + "-"
                        + format2(Int.random(in: 0...32, using: &random))
                ).utf8
            )
            // Some bytes changed to anything of the alphabet.
            for _ in 0..<(round % 3) {
                value[Int.random(in: 0..<10, using: &random)] = Self.alphabet.randomElement(using: &random) ?? 0x30
            }
            let memory = value + (0..<6).map { _ in Self.alphabet.randomElement(using: &random) ?? 0x7C }
            memory.withUnsafeBytes { bytes in
                let scalar = CalendarDate.isPlainValid(UnsafeRawBufferPointer(rebasing: bytes[0..<10]))
                // swift-format-ignore: NeverForceUnwrap
                let vector = CalendarDate.isPlainValid16(bytes.baseAddress!)
                #expect(vector == scalar, "\(String(decoding: value, as: UTF8.self).debugDescription)")
                if scalar { accepted += 1 }
            }
        }
        #expect(accepted > 20_000 && accepted < 180_000, "\(accepted) accepted")
    }

    @Test("Integers: the vector check accepts only what the scalar one accepts, and every plain digit run")
    func integers() {
        var random = SeededRandomNumberGenerator(seed: 4)
        var accepted = 0
        for round in 0..<200_000 {
            let value: [UInt8] =
                round % 2 == 0
                ? (0..<Int.random(in: 0...16, using: &random)).map { _ in
                    Self.alphabet.randomElement(using: &random) ?? 0x30
                }
                : Array(
                    String(UInt64.random(in: 0...UInt64.max / 2, using: &random)).utf8.prefix(
                        Int.random(in: 1...16, using: &random)
                    )
                )
            let memory = value + (0..<16).map { _ in Self.alphabet.randomElement(using: &random) ?? 0x7C }
            memory.withUnsafeBytes { bytes in
                let scalar = SAERecord.parseInteger(UnsafeRawBufferPointer(rebasing: bytes[0..<value.count])) != nil
                // swift-format-ignore: NeverForceUnwrap
                let vector = SAERecord.isPlainInteger16(bytes.baseAddress!, count: value.count)
                let digitsOnly = !value.isEmpty && value.allSatisfy { $0 &- 0x30 < 10 }
                // A value the vector leaves (spaces among the digits) goes to the scalar check, so only a
                // wrong acceptance or a plain digit run left over would be a fault.
                #expect(
                    vector == digitsOnly && (!vector || scalar),
                    "\(String(decoding: value, as: UTF8.self).debugDescription)"
                )
                if vector {
                    accepted += 1
                    // An accepted run is read as the scalar parser reads it, whatever follows it in memory.
                    // swift-format-ignore: NeverForceUnwrap
                    let read = Int(PlainDigits.value(bytes.baseAddress!, count: value.count))
                    #expect(
                        read == SAERecord.parseInteger(UnsafeRawBufferPointer(rebasing: bytes[0..<value.count])),
                        "\(String(decoding: value, as: UTF8.self))"
                    )
                }
            }
        }
        #expect(accepted > 90_000 && accepted < 160_000, "\(accepted) accepted")
    }

    private func format4(_ value: Int) -> String { String(String(value + 10_000).dropFirst()) }
    private func format2(_ value: Int) -> String { String(String(value + 100).dropFirst()) }
}
