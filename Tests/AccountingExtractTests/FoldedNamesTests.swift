import ExtractSandbox
import Testing

@testable import AccountingExtract

/// The payment type names of the balance check are compared with the fields' raw bytes, as one vector for a
/// short field: they must place every name as the configuration's own, Unicode-aware comparison does.
struct FoldedNamesTests {
    static let configuration = JournalConfiguration(
        companyPaymentTypeNames: ["Company", "Company Paid Card", "Corporate Card Payable X"],
        employeePaymentTypeNames: ["Employee", "E"]
    )

    /// Names that match, differ by one byte or one length, change case, or hold bytes outside ASCII.
    static func candidate(_ random: inout SeededRandomNumberGenerator) -> [UInt8] {
        let names = ["Company", "Company Paid Card", "Corporate Card Payable X", "Employee", "E", "Cash", ""]
        var bytes = Array((names.randomElement(using: &random) ?? "").utf8)
        for _ in 0..<Int.random(in: 0...2, using: &random) {
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty:
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] ^= 0x20  // case, or a space against a NUL, a digit against a control character
            case 1 where !bytes.isEmpty: bytes.removeLast()
            case 2: bytes.append(Array("xYz@[`{ \u{00}\u{7F}".utf8).randomElement(using: &random) ?? 0x41)
            case 3 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &random)] =
                    [0xC3, 0x80, 0xFF].randomElement(using: &random) ?? 0xC3
            case 4: bytes = bytes.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }
            default: bytes = bytes.map { $0 &- 0x61 < 26 ? $0 & ~0x20 : $0 }
            }
        }
        return bytes
    }

    @Test("The vector and the byte-by-byte comparisons place 50,000 names as the configuration does")
    func vectorAndScalarAgreeWithTheConfiguration() {
        let company = JournalBuilder.FoldedNames(Self.configuration.companyPaymentTypeNames)
        let employee = JournalBuilder.FoldedNames(Self.configuration.employeePaymentTypeNames)
        var random = SeededRandomNumberGenerator(seed: 163)
        var placed = [0, 0, 0]
        for _ in 0..<50_000 {
            let name = Self.candidate(&random)
            // The name, then bytes that are not part of it (the vector reads 16 bytes from the start).
            let memory = name + (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
            memory.withUnsafeBytes { bytes in
                let field = UnsafeRawBufferPointer(rebasing: bytes[0..<name.count])
                let text = String(decoding: name, as: UTF8.self)
                let reference = Self.configuration.party(text)
                for readsSixteen in [true, false] {
                    let folded = JournalBuilder.FoldedField(field, readsSixteen: readsSixteen)
                    #expect((folded == nil) == name.contains { $0 >= 0x80 }, "\(text.debugDescription)")
                    guard let folded else { continue }
                    #expect(folded.folded != nil || !(readsSixteen && (1...16).contains(name.count)))
                    let fast: JournalConfiguration.Party? =
                        company.contains(folded) ? .company : employee.contains(folded) ? .employee : nil
                    #expect(fast == reference, "\(text.debugDescription), readsSixteen \(readsSixteen)")
                }
                switch reference {
                case .company: placed[0] += 1
                case .employee: placed[1] += 1
                default: placed[2] += 1
                }
            }
        }
        // Each answer is exercised, often.
        #expect(placed.allSatisfy { $0 > 5_000 }, "\(placed)")
    }
}
