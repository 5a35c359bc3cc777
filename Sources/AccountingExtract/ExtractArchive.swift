import Foundation
import ZIPFoundation

/// A zip of extract files, as the file endpoint answers when a definition writes several files (SAE plus
/// attendee detail). Entries are classified by content, and extracted safely: no absolute paths, no `..`, no
/// links, and a cap on the total unpacked size.
///
/// ```swift
/// if ExtractArchive.isZip(path: download) {
///     let archive = try ExtractArchive(path: download)
///     for entry in archive.entries where entry.isSAE {
///         let file = try archive.extract(entry, into: directory)
///     }
/// }
/// ```
public struct ExtractArchive: Sendable {
    /// One file in the archive.
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var uncompressedSize: UInt64
        /// `true` when the entry starts with an `EXTRACT|` header (after an optional BOM).
        public var isSAE: Bool
        /// The entry's position among the archive's files (0-based): two entries never share it, even with the
        /// same path.
        public var index: Int

        /// The name the entry is extracted under: its position and its whole path, with every character other
        /// than letters, digits, `.`, `-` and `_` made `_` (`a/extract.txt` → `1-a_extract.txt`). Distinct for
        /// every entry, and never a path.
        public var localName: String {
            let safe = path.unicodeScalars.map { scalar -> Character in
                let character = Character(scalar)
                return scalar.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
                    ? character : "_"
            }
            return "\(index + 1)-" + String(safe)
        }
    }

    public let path: String
    public let entries: [Entry]
    /// The most bytes all entries may unpack to.
    public let maximumUnpackedSize: UInt64

    /// `true` when the file starts with a zip signature.
    public static func isZip(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return isZip(head)
    }

    /// `true` when the bytes start with a zip signature.
    public static func isZip(_ head: some Collection<UInt8>) -> Bool {
        let bytes = Array(head.prefix(4))
        return bytes.count == 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && (bytes[2] == 3 || bytes[2] == 5)
            && (bytes[3] == 4 || bytes[3] == 6)
    }

    /// Opens a zip and classifies its entries.
    /// - Throws: ``SAEError`` `archive` when the file is not a readable zip, or an entry's path is unsafe.
    public init(path: String, maximumUnpackedSize: UInt64 = 8 << 30) throws(SAEError) {
        self.path = path
        self.maximumUnpackedSize = maximumUnpackedSize
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw SAEError(.archive, "not a readable zip archive: \(error)", file: path)
        }
        var entries: [Entry] = []
        var total: UInt64 = 0
        for entry in archive where entry.type == .file {
            try Self.checkSafe(entry.path, archive: path)
            total += entry.uncompressedSize
            guard total <= maximumUnpackedSize else {
                throw SAEError(.archive, "the archive unpacks to more than \(maximumUnpackedSize) bytes", file: path)
            }
            var head: [UInt8] = []
            _ = try? archive.extract(entry, bufferSize: 4096, skipCRC32: true) { chunk in
                if head.count < 16 { head.append(contentsOf: chunk.prefix(16 - head.count)) }
                if head.count >= 16 { throw CancellationError() }  // enough to classify: stop reading
            }
            if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
            entries.append(
                Entry(
                    path: entry.path,
                    uncompressedSize: entry.uncompressedSize,
                    isSAE: head.starts(with: Array("EXTRACT|".utf8)),
                    index: entries.count
                )
            )
        }
        self.entries = entries
    }

    static func checkSafe(_ entryPath: String, archive: String) throws(SAEError) {
        let parts = entryPath.split(separator: "/", omittingEmptySubsequences: false)
        if entryPath.hasPrefix("/") || entryPath.hasPrefix("\\") || entryPath.contains("\\") || parts.contains("..")
            || entryPath.isEmpty
        {
            throw SAEError(
                .archive,
                "unsafe entry path (absolute, or with '..'): refused",
                file: archive,
                value: entryPath
            )
        }
    }

    /// Extracts one entry into `directory` under its ``Entry/localName`` (so entries of the same base name, or
    /// even the same path, never overwrite one another), streaming and checking its CRC.
    /// - Returns: the extracted file's path.
    public func extract(_ entry: Entry, into directory: String) throws(SAEError) -> String {
        try Self.checkSafe(entry.path, archive: path)
        let target = (directory as NSString).appendingPathComponent(entry.localName)
        do {
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
            // The entry at its position, not the first of its path: a later entry of the same path is its own.
            var files = archive.lazy.filter { $0.type == .file }.dropFirst(entry.index).makeIterator()
            guard let zipEntry = files.next(), zipEntry.path == entry.path else {
                throw SAEError(.archive, "no such entry", file: path, value: entry.path)
            }
            let descriptor: Int32
            do {
                descriptor = try PrivateFiles.openTruncated(target)
            } catch {
                throw SAEError(
                    .ioError,
                    "cannot create the file: \(String(cString: strerror(error.errno)))",
                    file: target
                )
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            defer { try? handle.close() }
            var written: UInt64 = 0
            let limit = min(maximumUnpackedSize, entry.uncompressedSize)
            _ = try archive.extract(zipEntry, bufferSize: 1 << 16) { chunk in
                written += UInt64(chunk.count)
                guard written <= limit else {
                    throw SAEError(
                        .archive,
                        "the entry unpacks to more than its declared size",
                        file: path,
                        value: entry.path
                    )
                }
                try handle.write(contentsOf: chunk)
            }
            try handle.synchronize()
        } catch let error as SAEError {
            try? FileManager.default.removeItem(atPath: target)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw SAEError(.archive, "cannot extract the entry: \(error)", file: path, value: entry.path)
        }
        return target
    }
}
