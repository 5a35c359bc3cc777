import Foundation
import Testing
import ZIPFoundation

@testable import AccountingExtract

@Suite struct ExtractZipTests {
    func makeZip(_ entries: [(String, [UInt8])]) throws -> String {
        let directory = try TemporaryFile.directory()
        let path = directory + "/extract.zip"
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, bytes) in entries {
            try archive.addEntry(
                with: name,
                type: .file,
                uncompressedSize: Int64(bytes.count),
                compressionMethod: .deflate
            ) { position, size in
                Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        return path
    }

    @Test func classifiesAndExtractsEntries() throws {
        let attendee = Fixture.bytes("EXTRACT_ATTENDEE|x\nDETAIL|1|2\n")
        let path = try makeZip([
            ("extract_CES_SAE_v3_p0000001abcd_20260101000000.txt", Fixture.bytes(Fixture.kfsGoodFile)),
            ("extract_attendee_detail_p0000001abcd_20260101.txt", attendee),
        ])
        #expect(ExtractZip.isZip(path: path))
        let archive = try ExtractZip(path: path)
        #expect(archive.entries.count == 2)
        let sae = try #require(archive.entries.first { $0.isSAE })
        #expect(sae.path.contains("CES_SAE"))
        #expect(archive.entries.filter { !$0.isSAE }.count == 1)
        let extracted = try archive.extract(sae, into: try TemporaryFile.directory())
        let result = try SAEFile.check(path: extracted)
        #expect(result.isValid)
        #expect(result.summary.recordCount == 3)
    }

    /// Issue 9 item 6: entries were extracted by base name, so `b/extract.txt` overwrote `a/extract.txt` and
    /// one batch was loaded twice, the other never. Every entry gets a file of its own with its own bytes, even
    /// with the same path as another, or the same bytes.
    @Test func entriesOfTheSameNameNeverShadowEachOther() throws {
        let first = Fixture.bytes(Fixture.kfsGoodFile)
        let second = Fixture.bytes(Fixture.kfsGoodFile.replacingOccurrences(of: "567", with: "568"))
        let third = Fixture.bytes(Fixture.kfsGoodFile.replacingOccurrences(of: "567", with: "569"))
        let entries = [
            ("a/extract.txt", first), ("b/extract.txt", second), ("c/extract.txt", first), ("a/extract.txt", third),
            ("a_extract.txt", second),
        ]
        let path = try makeZip(entries)
        let archive = try ExtractZip(path: path)
        #expect(archive.entries.map(\.path) == entries.map(\.0))
        #expect(archive.entries.allSatisfy { $0.isSAE })
        let directory = try TemporaryFile.directory()
        var extracted: [String] = []
        for entry in archive.entries {
            #expect(!entry.localName.contains("/") && !entry.localName.hasPrefix("."), "\(entry.localName)")
            extracted.append(try archive.extract(entry, into: directory))
        }
        #expect(Set(extracted).count == entries.count, "\(extracted)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory)).count == entries.count)
        for (file, entry) in zip(extracted, entries) {
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: file))) == entry.1, "\(entry.0) → \(file)")
            #expect((file as NSString).deletingLastPathComponent == directory)
        }
        let batches = try extracted.map { try SAEFile.check(path: $0).summary.header?.batchID }
        #expect(batches == ["567", "568", "567", "569", "568"])
    }

    @Test func refusesUnsafePaths() throws {
        for name in ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt"] {
            let path = try makeZip([(name, Fixture.bytes(Fixture.kfsGoodFile))])
            #expect(throws: SAEError.self, "\(name)") { try ExtractZip(path: path) }
        }
    }

    @Test func capsTheUnpackedSize() throws {
        let path = try makeZip([("big.txt", [UInt8](repeating: 0x41, count: 100_000))])
        #expect(throws: SAEError.self) { try ExtractZip(path: path, maximumUnpackedSize: 10_000) }
    }

    @Test func aTruncatedZipIsAClearError() throws {
        let path = try makeZip([("a.txt", Fixture.bytes(Fixture.kfsGoodFile))])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        #expect(ExtractZip.isZip(path: path))
        #expect(throws: SAEError.self) { try ExtractZip(path: path) }
    }
}
