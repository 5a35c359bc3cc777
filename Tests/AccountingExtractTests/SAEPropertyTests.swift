import ExtractTesting
import Testing

@testable import AccountingExtract

/// Random records → write → read gives them back, for many seeds (a generator of our own, seeded so that a
/// failure can be replayed).
@Suite(.offThePool) struct SAEPropertyTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [String] = [
        "a", "Z", "0", "9", " ", "|", "\"", "\t", ",", ";", "é", "ß", "東", "😀", "'", "-", ".", "+", "\\",
    ]

    static func randomText(_ random: inout Generator) -> String {
        let length = Int.random(in: 0...12, using: &random)
        if length > 9 { return "" }
        return (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }.joined()
    }

    static func randomAmount(_ random: inout Generator, signed: Bool) -> Amount {
        let value = Int64.random(in: -10_000_000_000...10_000_000_000, using: &random)
        return Amount(tenThousandths: signed ? value : abs(value))
    }

    static func randomRecordValues(_ random: inout Generator, sequence: Int) -> [String] {
        var values = (1...400).map { number -> String in
            let field = SAEField.named(number)
            guard !field.kindIsInferred else { return randomText(&random) }
            switch field.kind {
            case .text, .code: return randomText(&random)
            case .date:
                return Bool.random(using: &random)
                    ? ""
                    : CalendarDate(
                        year: Int.random(in: 1990...2040, using: &random),
                        month: Int.random(in: 1...12, using: &random),
                        day: Int.random(in: 1...28, using: &random)
                    )?.description ?? ""
            case .decimal, .signedDecimal:
                return Bool.random(using: &random) ? "" : randomAmount(&random, signed: true).formatted()
            case .integer: return Bool.random(using: &random) ? "" : String(Int.random(in: 0...999, using: &random))
            case .flag: return ["", "Y", "N"][Int.random(in: 0...2, using: &random)]
            }
        }
        let amount = randomAmount(&random, signed: true)
        values[0] = "DETAIL"
        values[1] = "B1"
        values[2] = "2020-05-05"
        values[3] = String(sequence)
        values[18] = "R" + String(Int.random(in: 1...5, using: &random))
        values[167] = amount.isNegative ? "CR" : "DR"
        values[168] = amount.formatted(explicitSign: true)
        return values
    }

    @Test(arguments: 1...40)
    func randomRecordsRoundTrip(seed: UInt64) throws {
        var random = Generator(state: seed)
        let count = Int.random(in: 0...30, using: &random)
        let written = (0..<count).map { Self.randomRecordValues(&random, sequence: $0 + 1) }
        let writer = SAEWriter(
            batchID: "B1",
            batchDate: try CalendarDate(parsing: "2020-05-05"),
            options: .init(lineEnding: seed % 2 == 0 ? .lf : .crlf)
        )
        for values in written { try writer.append(fields: values) }
        let bytes = try writer.finish()
        let reader = SAEReader(bytes: bytes)
        let (header, records) = try reader.readAll()
        #expect(header?.recordCount == count)
        #expect(records.map(\.fields) == written)
        var validator = SAEBatchValidator()
        if let header { validator.add(header) }
        for record in records { validator.add(record) }
        #expect(validator.finish().isValid)
        // Writing what was read gives the same bytes.
        let again = SAEWriter(
            batchID: "B1",
            batchDate: try CalendarDate(parsing: "2020-05-05"),
            options: .init(lineEnding: seed % 2 == 0 ? .lf : .crlf)
        )
        for record in records { try again.append(record) }
        #expect(try again.finish() == bytes)
    }

    @Test(arguments: 1...20)
    func amountsRoundTripThroughText(seed: UInt64) throws {
        var random = Generator(state: seed)
        for _ in 0..<500 {
            let amount = Amount(tenThousandths: Int64.random(in: Int64.min / 2...Int64.max / 2, using: &random))
            #expect(try Amount(parsing: amount.formatted()) == amount)
            #expect(try Amount(parsing: amount.formatted(explicitSign: true)) == amount)
        }
    }

    @Test(arguments: 1...10)
    func corruptedFilesNeverCrash(seed: UInt64) throws {
        var random = Generator(state: seed)
        let original = Fixture.bytes(Fixture.kfsGoodFile)
        for _ in 0..<100 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0...2, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: index)
                default: bytes.insert([0x7C, 0x22, 0x0A, 0x0D, 0xC3][Int.random(in: 0...4, using: &random)], at: index)
                }
            }
            let result = Fixture.check(bytes: bytes)
            // Whatever the damage, the outcome is a verdict, and an invalid one carries its errors.
            #expect(result.isValid || !result.errors.isEmpty)
        }
    }
}
