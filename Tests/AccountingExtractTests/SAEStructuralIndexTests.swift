import ExtractTesting
import Foundation
import Testing

@testable import AccountingExtract

/// The SIMD structural index against the reference splitter (``SAELineParser``), line by line: on every line the
/// index accepts, both give the same bounds; every line the writer produces is accepted; the lines it refuses are
/// exactly those whose quotes are not in the simple form, which the reference then reads (or refuses) itself.
@Suite struct SAEStructuralIndexTests {
    /// The reference's reading of a line: bounds, or the failure.
    enum Reading: Equatable {
        case fields([UInt32])
        case unterminatedQuote(Int)
        case textAfterQuote(Int)
    }

    static func reference(_ line: [UInt8]) -> Reading {
        var bounds = [UInt32](repeating: 0, count: line.count + 2)
        let result = line.withUnsafeBytes { raw in
            bounds.withUnsafeMutableBufferPointer { buffer in
                Result { () throws(SAELineParser.Failure) in
                    // swift-format-ignore: NeverForceUnwrap
                    try SAELineParser.split(raw, into: buffer.baseAddress!, capacity: line.count + 1, lenient: false)
                }
            }
        }
        switch result {
        case .success(let (count, _)): return .fields(Array(bounds[0...count]))
        case .failure(.unterminatedQuote(let field)): return .unterminatedQuote(field)
        case .failure(.textAfterQuote(let field)): return .textAfterQuote(field)
        }
    }

    static func indexed(_ line: [UInt8]) -> (bounds: [UInt32], suspect: Range<Int>?)? {
        var bounds = [UInt32](repeating: 0xDEAD_BEEF, count: line.count + 2 + SAEStructuralIndex.slack)
        let result = line.withUnsafeBytes { raw in
            bounds.withUnsafeMutableBufferPointer { buffer in
                // swift-format-ignore: NeverForceUnwrap
                SAEStructuralIndex.split(raw, into: buffer.baseAddress!, capacity: line.count + 1)
            }
        }
        guard let (count, suspect) = result else { return nil }
        return (Array(bounds[0...count]), suspect)
    }

    /// A byte is suspect when it is not ASCII or is a control character (TAB too: the check of the text clears it).
    static func isSuspect(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte < 0x20 || byte == 0x7F
    }

    /// Checks the index against the reference on one line; returns whether the index accepted it.
    @discardableResult
    static func agree(_ line: [UInt8], _ comment: Comment) -> Bool {
        let reference = reference(line)
        guard let (bounds, suspect) = indexed(line) else {
            return false
        }
        #expect(reference == .fields(bounds), comment)
        // The text is checked from the block of the first suspect byte to the end of the last one's block.
        let first = line.firstIndex(where: isSuspect)
        let last = line.lastIndex(where: isSuspect)
        #expect(suspect?.lowerBound == first.map { $0 / 64 * 64 }, comment)
        #expect(suspect?.upperBound == last.map { min(line.count, $0 / 64 * 64 + 64) }, comment)
        return true
    }

    /// Bytes that matter to the scanner, weighted toward delimiters and quotes.
    static let alphabet: [UInt8] =
        Array("||||\"\"\"ab9 .-".utf8) + [0x09, 0x00, 0x01, 0x1F, 0x7F, 0x0D, 0xC3, 0xA9, 0xFF]

    /// Random lines of fields: plain bytes (control characters and non-ASCII included), quoted values with
    /// pipes and doubled quotes, and in half the lines some fields of raw noise with stray quotes.
    @Test(arguments: 0..<200 as Range<UInt64>)
    func randomLinesAgreeWithTheReference(seed: UInt64) {
        var random = SAEPropertyTests.Generator(state: seed &* 104_729 &+ 11)
        let plain = Self.alphabet.filter { $0 != SAELineParser.quote && $0 != SAELineParser.pipe }
        var accepted = 0
        for _ in 0..<50 {
            let noisy = Bool.random(using: &random)
            var line: [UInt8] = []
            // Up to about 3 blocks, so that the carries between blocks are exercised.
            for field in 0..<Int.random(in: 1...60, using: &random) {
                if field > 0 { line.append(SAELineParser.pipe) }
                let length = Int.random(in: 0...6, using: &random)
                switch Int.random(in: 0..<10, using: &random) {
                case 0...5:
                    line += (0..<length).map { _ in plain[Int.random(in: 0..<plain.count, using: &random)] }
                case 6...8:
                    line.append(SAELineParser.quote)
                    for _ in 0..<length {
                        let byte = Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)]
                        line.append(byte)
                        if byte == SAELineParser.quote { line.append(byte) }
                    }
                    line.append(SAELineParser.quote)
                default:
                    let source = noisy ? Self.alphabet : plain
                    line += (0..<length).map { _ in source[Int.random(in: 0..<source.count, using: &random)] }
                }
            }
            if Self.agree(line, "seed \(seed): \(line)") { accepted += 1 }
        }
        // The clean half of the lines is always accepted.
        #expect(accepted >= 10, "seed \(seed): only \(accepted) of 50 lines indexed")
    }

    /// Every line written the SAE way (a value quoted when it holds `|` or `"`, quotes doubled) is accepted,
    /// whatever the values, and agrees with the reference, quoted flags included.
    @Test(arguments: 0..<200 as Range<UInt64>)
    func writtenLinesAreAlwaysIndexed(seed: UInt64) throws {
        var random = SAEPropertyTests.Generator(state: seed &* 7_919 &+ 5)
        for _ in 0..<20 {
            let fieldCount = Int.random(in: 1...140, using: &random)
            var line: [UInt8] = []
            for field in 1...fieldCount {
                if field > 1 { line.append(SAELineParser.pipe) }
                let value = Int.random(in: 0..<3, using: &random) == 0 ? SAEPropertyTests.randomText(&random) : ""
                try SAERecord.appendEncoded(value, to: &line, field: field, line: 1)
            }
            #expect(Self.agree(line, "seed \(seed): \(String(decoding: line, as: UTF8.self))"))
            if case .fields(let bounds) = Self.reference(line) { #expect(bounds.count == fieldCount + 1) }
        }
    }

    /// Quotes at every position of a block edge: opening, closing and doubled quotes, and pipes, placed so that
    /// they fall on bytes 62–66 and 126–130, where the carries between blocks are used.
    @Test func quotesAcrossBlockEdges() {
        for edge in [64, 128] {
            for shift in -4...3 {
                let prefix = [UInt8](repeating: UInt8(ascii: "a"), count: max(0, edge + shift))
                let cases: [[UInt8]] = [
                    prefix + Array("|\"x|y\"|z".utf8),
                    prefix + Array("|\"\"|".utf8),
                    prefix + Array("|\"a\"\"b\"".utf8),
                    prefix + Array("|\"a\"\"\"|".utf8),
                    prefix + Array("|\"a\"b|".utf8),
                    prefix + Array("|\"abc".utf8),
                    prefix + Array("|".utf8),
                    prefix + Array("\"|".utf8),
                    prefix + Array("|\"".utf8),
                    Array("\"".utf8) + prefix + Array("\"|".utf8),
                    Array("\"".utf8) + prefix + Array("\"".utf8),
                    Array("\"".utf8) + prefix + Array("\"x".utf8),
                    Array("|".utf8) + prefix + Array("|".utf8),
                ]
                for line in cases {
                    Self.agree(line, "edge \(edge) shift \(shift): \(String(decoding: line, as: UTF8.self))")
                }
            }
        }
    }

    /// The index refuses what it does not read the reference's way, and only that: a quote inside an unquoted
    /// value, text after a closing quote, an unterminated quoted value.
    @Test func unusualQuotesGoToTheReference() {
        for text in ["a\"b|c", "\"a\"b|c", "|\"abc", "\"", "x|\"a|b\"c", "\"a\"\"|"] {
            #expect(Self.indexed(Array(text.utf8)) == nil, "\(text)")
        }
        for text in ["", "|", "\"\"", "\"a|b\"|c", "\"a\"\"b\"", "a|\"\"\"\"|b", "\t|\u{7F}", "é|ü"] {
            #expect(Self.agree(Array(text.utf8), "\(text)"), "\(text)")
        }
    }
}

/// Whole files checked with each scanner give identical results — summary, every error and warning with its
/// line, field and message, and the journal — on random batches and on the same batches damaged at random.
@Suite(.offThePool) struct SAEScannerEquivalenceTests {
    static func check(_ bytes: [UInt8], _ mode: SAEReader.Mode, _ scanner: SAEReader.Scanner) -> SAECheckResult {
        // Small chunks, so that lines also cross the reader's buffer refills.
        let options = SAEReader.Options(mode: mode, chunkSize: 4096, scanner: scanner)
        return SAEFile.check(reader: SAEReader(bytes: bytes, name: "random.txt", options: options))
    }

    static func randomFile(_ random: inout SAEPropertyTests.Generator) throws -> (bytes: [UInt8], count: Int) {
        let count = Int.random(in: 1...12, using: &random)
        let writer = SAEWriter(
            batchID: "B1",
            batchDate: try CalendarDate(parsing: "2020-05-05"),
            options: .init(lineEnding: Bool.random(using: &random) ? .lf : .crlf)
        )
        for sequence in 1...count {
            try writer.append(fields: SAEPropertyTests.randomRecordValues(&random, sequence: sequence))
        }
        return (try writer.finish(), count)
    }

    @Test(arguments: 0..<60 as Range<UInt64>)
    func bothScannersAgree(seed: UInt64) throws {
        var random = SAEPropertyTests.Generator(state: seed &* 6_364_136_223_846_793_005 &+ 1)
        let (original, count) = try Self.randomFile(&random)
        for round in 0..<12 {
            var bytes = original
            // Round 0 is the file as written; the others damage it with bytes the scanners care about.
            for _ in 0..<(round == 0 ? 0 : Int.random(in: 1...6, using: &random)) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                let byte = [0x7C, 0x22, 0x22, 0x0A, 0x0D, 0x00, 0x09, 0xC3, 0xFF, 0x41][
                    Int.random(in: 0...9, using: &random)
                ]
                switch Int.random(in: 0...2, using: &random) {
                case 0: bytes[index] = UInt8(byte)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8(byte), at: index)
                }
            }
            for mode in [SAEReader.Mode.strict, .lenient] {
                let reference = Self.check(bytes, mode, .reference)
                let indexed = Self.check(bytes, mode, .structuralIndex)
                #expect(indexed == reference, "seed \(seed) round \(round) \(mode)")
                if round == 0 {
                    // Random values leave reports unbalanced, but every line is read.
                    #expect(reference.summary.recordCount == count && reference.summary.header?.recordCount == count)
                }
            }
        }
    }
}

/// The structural index finds each line's end in the pass that splits it (`splitNextLine`): the line feed is in
/// one of the blocks whose masks are made in full, and the bits past it are masked off. Lines are made to end at
/// every place a block can end them (the last bytes of a block, the first of the next, a carriage return on a
/// block's last byte and its line feed on the next one's first), with a last value that ends in a delimiter, a
/// quoted value, a TAB, a non-ASCII letter, a control character or a lone quote, blank lines between them, and
/// chunk sizes that cut lines at the reader's refills; both scanners give the same results, read from memory and
/// from a file.
@Suite(.offThePool) struct SAELineEndTests {
    static let endings: [String] = ["x", "", "\"a|b\"", "ab\t", "é", "a\u{1}", "a\"", "\"\"\"\"", "|"]

    /// `count` letters that differ from line to line, so that an older line's bytes left in the reader's buffer
    /// never read as the line's own.
    static func letters(_ count: Int, from seed: Int) -> String {
        String((0..<count).map { Character(Unicode.Scalar(UInt8(97 + ($0 + seed * 7) % 26))) })
    }

    static func file(_ random: inout SAEPropertyTests.Generator) -> [UInt8] {
        var text = "EXTRACT|2019-02-01|24|0|567\n"
        for sequence in 1...24 {
            let crlf = Bool.random(using: &random)
            let ending = endings[Int.random(in: 0..<endings.count, using: &random)]
            var values = Fixture.detail(sequence: sequence, amount: "+1.00")
            values[399] = ""
            let prefix = Fixture.line(values).utf8.count
            // The line's length (terminator included) lands on a chosen place in its 64-byte block.
            let place = [0, 1, 2, 62, 63, Int.random(in: 0..<64, using: &random)][Int.random(in: 0...5, using: &random)]
            let length = prefix + ending.utf8.count + (crlf ? 2 : 1)
            let padding = ((place - length) % 64 + 64) % 64
            text += Fixture.line(Array(values.dropLast())) + "|" + Self.letters(padding, from: sequence) + ending
            text += crlf ? "\r\n" : "\n"
            if Int.random(in: 0..<6, using: &random) == 0 { text += Bool.random(using: &random) ? "\n" : "\r\n" }
        }
        if Bool.random(using: &random) { text.removeLast() }
        return Array(text.utf8)
    }

    @Test(arguments: 0..<40 as Range<UInt64>)
    func lineEndsAtEveryPlaceOfABlock(seed: UInt64) throws {
        var random = SAEPropertyTests.Generator(state: seed &* 0x2545_F491_4F6C_DD1D &+ 17)
        let bytes = Self.file(&random)
        let path = try TemporaryFile.write(String(decoding: bytes, as: UTF8.self))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for mode in [SAEReader.Mode.strict, .lenient] {
            let chunk = [4_096, 4_100, 4_159, 5_000, 1 << 18][Int.random(in: 0...4, using: &random)]
            func options(_ scanner: SAEReader.Scanner) -> SAEReader.Options {
                SAEReader.Options(mode: mode, chunkSize: chunk, scanner: scanner)
            }
            let reference = SAEFile.check(reader: SAEReader(bytes: bytes, options: options(.reference)))
            let indexed = SAEFile.check(reader: SAEReader(bytes: bytes, options: options(.structuralIndex)))
            #expect(indexed == reference, "seed \(seed) \(mode) chunk \(chunk)")
            var mapped = options(.structuralIndex)
            mapped.mappingThreshold = 0
            let fromFile = SAEFile.check(reader: try SAEReader(path: path, options: options(.structuralIndex)))
            let referenceFromFile = SAEFile.check(reader: try SAEReader(path: path, options: options(.reference)))
            let fromMapping = SAEFile.check(reader: try SAEReader(path: path, options: mapped))
            #expect(fromFile == referenceFromFile, "seed \(seed) \(mode) chunk \(chunk), from the file")
            #expect(fromMapping == referenceFromFile, "seed \(seed) \(mode) chunk \(chunk), mapped")
            #expect(reference.summary.recordCount + reference.summary.errorCount > 0)
        }
    }

    /// A mapped file that ends on a page's last byte: the index must not read its last line's block past the
    /// mapping (the next page is not mapped; reading it would kill the process), with and without a final line
    /// feed, on one thread and on two.
    @Test(arguments: [8_192, 12_288, 65_536])
    func aMappedFileEndingOnAPageEdge(size: Int) throws {
        for finalLineFeed in [true, false] {
            // The first line takes the room, so that the last one is short enough for the index's pass.
            let header = "EXTRACT|2019-02-01|4|3.00|567\n"
            let tail = finalLineFeed ? "\n" : ""
            var first = Fixture.detail(sequence: 1, amount: "+1.00")
            var lines = (2...4).map { sequence in
                var values = Fixture.detail(sequence: sequence, amount: sequence == 4 ? "+0.00" : "+1.00")
                values[399] = Self.letters(10, from: sequence)
                return Fixture.line(values)
            }
            let rest = lines.map { $0.utf8.count + 1 }.reduce(0, +) - 1 + tail.utf8.count
            let room = size - header.utf8.count - Fixture.line(first).utf8.count - 1 - rest
            first[399] = Self.letters(room, from: 1)
            lines.insert(Fixture.line(first), at: 0)
            let text = header + lines.joined(separator: "\n") + tail
            let path = try TemporaryFile.write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == size)
            var mapped = SAEReader.Options()
            mapped.mappingThreshold = 0
            let reference = try SAEFile.check(path: path, options: SAEReader.Options(scanner: .reference))
            #expect(try SAEFile.check(path: path, options: mapped) == reference, "\(size) \(finalLineFeed)")
            let parts = try SAEFile.check(
                path: path,
                options: mapped,
                journal: JournalConfiguration(),
                maximumErrors: 100,
                threads: 2,
                minimumParallelSize: 0
            )
            #expect(parts == reference, "\(size) \(finalLineFeed), two threads")
            #expect(reference.summary.recordCount == 4)
        }
    }

    /// The limit on a line's length is the same, mapped or read into the buffer: a last line of just under, at
    /// and just over the limit, with and without its line feed.
    @Test(arguments: [4_094, 4_095, 4_096, 4_097])
    func aLongLastLineHasTheSameLimitMappedOrRead(length: Int) throws {
        for finalLineFeed in [true, false] {
            var values = Fixture.detail(sequence: 1, amount: "+1.00")
            values[399] = ""
            values[399] = Self.letters(length - Fixture.line(values).utf8.count, from: 1)
            let line = Fixture.line(values)
            #expect(line.utf8.count == length)
            let path = try TemporaryFile.write(
                "EXTRACT|2019-02-01|1|1.00|567\n" + line + (finalLineFeed ? "\n" : "")
            )
            defer { try? FileManager.default.removeItem(atPath: path) }
            var options = SAEReader.Options(maximumLineLength: 4_096, chunkSize: 1_024)
            options.mappingThreshold = .max
            let read = try SAEFile.check(path: path, options: options)
            options.mappingThreshold = 0
            let mapped = try SAEFile.check(path: path, options: options)
            #expect(mapped == read, "\(length) \(finalLineFeed)")
            let tooLong = length + (finalLineFeed ? 1 : 0) > 4_096 || length == 4_096
            #expect(read.errors.contains { $0.code == .lineTooLong } == tooLong, "\(length) \(finalLineFeed)")
        }
    }

    /// A line feed past the bytes read (an older line's, left in the reader's buffer) does not end the line: the
    /// index says it found none, at every length of the bytes read before it.
    @Test func aLineFeedPastTheBytesReadIsNotTheLinesEnd() {
        let line = Array("DETAIL|a|b|c|".utf8) + Array(repeating: UInt8(ascii: "x"), count: 150)
        let bounds = UnsafeMutablePointer<UInt32>.allocate(capacity: 512)
        defer { bounds.deallocate() }
        for available in 1..<line.count {
            var bytes = line
            bytes[available] = 0x0A
            bytes += Array(repeating: 0x0A, count: 64)
            bytes.withUnsafeBytes { raw in
                // swift-format-ignore: NeverForceUnwrap
                let found = SAEStructuralIndex.splitNextLine(raw.baseAddress!, available: available, into: bounds)
                #expect(found == nil, "available \(available)")
                // With the line feed among the bytes read, it ends the line.
                // swift-format-ignore: NeverForceUnwrap
                let whole = SAEStructuralIndex.splitNextLine(raw.baseAddress!, available: available + 1, into: bounds)
                #expect(whole?.length == available && whole?.consumed == available + 1, "available \(available)")
            }
        }
    }

    /// The reader's bytes past the last line read are an older line's: a line feed there does not end the line
    /// being read. A file whose lines shrink, and whose last line has no line feed, leaves old line feeds past
    /// the new bytes after each refill; each chunk size puts them at another place.
    @Test func staleLineFeedsPastTheBytesReadDoNotEndALine() throws {
        var text = "EXTRACT|2019-02-01|30|30.00|567\n"
        for sequence in 1...30 {
            var values = Fixture.detail(sequence: sequence, amount: "+1.00")
            values[399] = Self.letters((30 - sequence) * 37, from: sequence)
            text += Fixture.line(values) + (sequence == 30 ? "" : "\n")
        }
        let path = try TemporaryFile.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for chunk in 4_096..<4_352 {
            let indexed = SAEFile.check(reader: try SAEReader(path: path, options: SAEReader.Options(chunkSize: chunk)))
            let reference = SAEFile.check(
                reader: try SAEReader(path: path, options: SAEReader.Options(chunkSize: chunk, scanner: .reference))
            )
            #expect(indexed == reference, "chunk \(chunk)")
            #expect(indexed.summary.recordCount == 30, "chunk \(chunk)")
            #expect(indexed.summary.errorCount == 0, "chunk \(chunk): \(indexed.summary.errors.prefix(2))")
        }
    }
}
