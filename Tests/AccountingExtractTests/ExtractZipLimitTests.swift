import ExtractTesting
import Foundation
import Testing
import ZIPFoundation

@testable import AccountingExtract

/// Issue 10 item 5: zips were unbounded (a 1,000:1 bomb accepted, 20,001 entries taking minutes) and a corrupt
/// deflate stream hung extraction (fuzz finding 3). Every limit refuses with its own code naming the zip and the
/// entry; an entry never unpacks past what it declares; a refused entry leaves no file.
@Suite(.offThePool) struct ExtractZipLimitTests {
    static let sae = Array("EXTRACT|2026-01-15|1|1.00|1\n".utf8)

    func write(_ zip: RawZip) throws -> String {
        let path = try TemporaryFile.directory() + "/download.zip"
        try zip.write(to: path)
        return path
    }

    func refusal(_ body: () throws -> Void) -> SAEError? {
        do {
            try body()
            return nil
        } catch let error as SAEError {
            return error
        } catch {
            Issue.record("not an SAEError: \(error)")
            return nil
        }
    }

    @Test func aZipBombIsRefusedWhenOpened() throws {
        var zip = RawZip()
        try zip.add("extract_CES_SAE_v3.txt", Self.sae + [UInt8](repeating: 0x30, count: 64 << 20))
        #expect(zip.entries[0].data.count < 100_000)  // over 600:1
        let path = try write(zip)
        let error = try #require(refusal { _ = try ExtractZip(path: path) })
        #expect(error.code == .archiveRatio)
        #expect(error.file == path && error.value == "extract_CES_SAE_v3.txt", "\(error)")
        #expect(error.message.contains("100:1"), "\(error)")
    }

    /// Entries each small enough to be exempt from the ratio, together a bomb.
    @Test func theWholeZipIsHeldToTheRatioToo() throws {
        var zip = RawZip()
        for number in 0..<40 { try zip.add("part-\(number).txt", [UInt8](repeating: 0x20, count: 1 << 19)) }
        let path = try write(zip)
        let error = try #require(refusal { _ = try ExtractZip(path: path) })
        #expect(error.code == .archiveRatio && error.value == nil && error.file == path, "\(error)")
    }

    /// A real extract compresses far below the ratio: the sample SAE file, a hundred times over, opens.
    @Test func realExtractsAreWellWithinTheRatio() throws {
        let sample = try Data(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(
                    "Samples/extract_CES_SAE_v3_p0000001demo_20260115060000.txt"
                )
        )
        var content: [UInt8] = []
        for _ in 0..<100 { content += sample }  // 14 MB
        var zip = RawZip()
        try zip.add("extract.txt", content)
        let path = try write(zip)
        let archive = try ExtractZip(path: path)
        #expect(archive.entries.count == 1 && archive.entries[0].isSAE)
    }

    /// A header that declares 1,000 bytes but inflates to 64 MiB is stopped at 1,000: refused, nothing left.
    @Test func anEntryNeverUnpacksPastItsDeclaredSize() throws {
        var zip = RawZip()
        try zip.add("extract_CES_SAE_v3.txt", Self.sae + [UInt8](repeating: 0, count: 64 << 20), declaredSize: 1_000)
        let path = try write(zip)
        let archive = try ExtractZip(path: path)
        #expect(archive.entries.map(\.isSAE) == [true])  // classified by its head
        let directory = try TemporaryFile.directory()
        let error = try #require(refusal { _ = try archive.extract(archive.entries[0], into: directory) })
        #expect(error.code == .archiveTooLarge && error.value == "extract_CES_SAE_v3.txt", "\(error)")
        #expect(error.message.contains("1000 bytes it declares"), "\(error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func moreEntriesThanTheLimitAreRefusedBeforeReadingThem() throws {
        var zip = RawZip()
        for number in 0..<10_001 { try zip.add("e\(number).txt", Array("\(number)\n".utf8), deflate: false) }
        let path = try write(zip)
        let error = try #require(refusal { _ = try ExtractZip(path: path) })
        #expect(error.code == .archiveTooManyEntries && error.file == path, "\(error)")
        #expect(error.message.contains("10001 entries") && error.message.contains("10000"), "\(error)")
    }

    /// At the limit every entry opens, and each extracts to its own bytes (the entry at its position, found by a
    /// seek rather than a scan).
    @Test func upToTheLimitEveryEntryExtractsToItsOwnBytes() throws {
        var zip = RawZip()
        for number in 0..<301 {
            try zip.add("e\(number).txt", Array("entry \(number)\n".utf8), deflate: number % 2 == 0)
        }
        let path = try write(zip)
        let limits = ExtractZip.Limits(maximumEntries: 300)
        #expect(refusal { _ = try ExtractZip(path: path, limits: limits) }?.code == .archiveTooManyEntries)
        zip.entries.removeLast()
        try zip.write(to: path)
        let archive = try ExtractZip(path: path, limits: limits)
        #expect(archive.entries.count == 300)
        let directory = try TemporaryFile.directory()
        for entry in archive.entries {
            let file = try archive.extract(entry, into: directory)
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "entry \(entry.index)\n", "\(entry.path)")
        }
    }

    @Test func theTotalUnpackedSizeIsLimited() throws {
        var zip = RawZip()
        try zip.add("a.txt", [UInt8](repeating: 0x41, count: 600_000), deflate: false)
        try zip.add("b.txt", [UInt8](repeating: 0x42, count: 600_000), deflate: false)
        let path = try write(zip)
        let limits = ExtractZip.Limits(maximumUnpackedSize: 1_000_000)
        let error = try #require(refusal { _ = try ExtractZip(path: path, limits: limits) })
        #expect(error.code == .archiveTooLarge && error.value == "b.txt", "\(error)")
        #expect(
            try ExtractZip(path: path, limits: ExtractZip.Limits(maximumUnpackedSize: 1_200_000)).entries.count
                == 2
        )
    }

    /// Fuzz finding 3: a deflate stream that does not end within the entry's data kept ZIPFoundation's reader
    /// reading past the entry and, at the end of the file, looping forever. A stored deflate block claiming
    /// 65,535 bytes with 28 behind it, the zip ending soon after.
    @Test func aDeflateStreamThatNeverEndsIsRefused() throws {
        var zip = RawZip()
        zip.entries.append(
            RawZip.Entry(
                name: "extract_CES_SAE_v3.txt",
                data: [0x00, 0xFF, 0xFF, 0x00, 0x00] + Self.sae,
                method: 8,
                crc32: 0,
                uncompressedSize: 1_000_000
            )
        )
        let path = try write(zip)
        let archive = try ExtractZip(path: path)
        let directory = try TemporaryFile.directory()
        let error = try #require(refusal { _ = try archive.extract(archive.entries[0], into: directory) })
        #expect(error.code == .archive && error.message.contains("does not end within its 33"), "\(error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    /// Invariant: whatever the content (sizes around the buffer size, stored or deflated), an entry of a zip
    /// written by ZIPFoundation extracts to exactly its bytes; a flipped CRC is refused.
    @Test func everyContentRoundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        let directory = try TemporaryFile.directory()
        let path = directory + "/round-trip.zip"
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        var contents: [[UInt8]] = []
        for (number, size) in [0, 1, 255, 256, 257, 65_535, 65_536, 65_537, 200_000].enumerated() {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...15, using: &generator) + 0x41 }
            contents.append(bytes)
            try archive.addEntry(
                with: "f\(number).txt",
                type: .file,
                uncompressedSize: Int64(size),
                compressionMethod: number % 3 == 0 ? .none : .deflate
            ) { position, chunk in Data(bytes[Int(position)..<Int(position) + chunk]) }
        }
        let opened = try ExtractZip(path: path)
        #expect(opened.entries.count == contents.count)
        for (entry, bytes) in zip(opened.entries, contents) {
            #expect(entry.uncompressedSize == UInt64(bytes.count))
            let file = try opened.extract(entry, into: directory)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: file))) == bytes, "\(entry.path)")
        }
        var corrupt = RawZip()
        try corrupt.add("a.txt", contents[8])
        corrupt.entries[0].crc32 ^= 1
        let corruptPath = try write(corrupt)
        let error = refusal {
            let archive = try ExtractZip(path: corruptPath)
            _ = try archive.extract(archive.entries[0], into: directory)
        }
        #expect(error?.code == .archive && error?.message.contains("CRC") == true, "\(String(describing: error))")
    }
}
