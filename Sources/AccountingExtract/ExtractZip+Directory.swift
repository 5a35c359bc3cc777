import Foundation

/// The central directory of a zip, read by the archive itself (not by ZIPFoundation's iterator, which stops
/// silently at the first record it cannot read, and whose lookup of an entry re-reads every record before it):
/// each record once, in order, with the offset of its data, so extracting any entry is a seek. Every size and
/// offset is checked against the file before it is used.
struct ZipDirectory {
    /// One record of the central directory.
    struct Record {
        var path: String
        var flags: UInt16
        var method: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
        var isDirectory: Bool
        var isSymbolicLink: Bool
    }

    var records: [Record]
    /// Where the central directory starts: every entry's data ends before it.
    var start: UInt64
    var fileSize: UInt64

    static let endSignature: UInt32 = 0x0605_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let zip64EndSignature: UInt32 = 0x0606_4B50
    static let recordSignature: UInt32 = 0x0201_4B50
    static let localSignature: UInt32 = 0x0403_4B50

    /// Reads the directory of `handle`, refusing more than `maximumEntries` before reading any record.
    static func read(_ handle: FileHandle, path: String, maximumEntries: Int) throws(SAEError) -> ZipDirectory {
        let fileSize: UInt64
        do { fileSize = try handle.seekToEnd() } catch {
            throw SAEError(.ioError, "cannot read the zip: \(error)", file: path)
        }
        let tailSize = min(fileSize, 22 + 0xFFFF)
        let tail = try ZipBytes(handle.readExactly(at: fileSize - tailSize, count: Int(tailSize), archive: path))
        // The end record is the last signature whose comment reaches exactly to the end of the file.
        var endIndex: Int?
        var index = tail.count - 22
        while index >= 0 {
            if tail.uint32(at: index) == endSignature, index + 22 + Int(tail.uint16(at: index + 20)) == tail.count {
                endIndex = index
                break
            }
            index -= 1
        }
        guard let endIndex else {
            throw SAEError(.archive, "not a readable zip archive: no end of central directory record", file: path)
        }
        var endOffset = fileSize - tailSize + UInt64(endIndex)
        var count = UInt64(tail.uint16(at: endIndex + 10))
        var size = UInt64(tail.uint32(at: endIndex + 12))
        var start = UInt64(tail.uint32(at: endIndex + 16))
        if count == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF {
            guard endOffset >= 20 else {
                throw SAEError(.archive, "not a readable zip archive: no ZIP64 end record locator", file: path)
            }
            let locator = ZipBytes(try handle.readExactly(at: endOffset - 20, count: 20, archive: path))
            let zip64End = locator.uint64(at: 8)
            guard locator.uint32(at: 0) == zip64LocatorSignature, zip64End <= endOffset - 20 else {
                throw SAEError(.archive, "not a readable zip archive: a broken ZIP64 end record locator", file: path)
            }
            let end = ZipBytes(try handle.readExactly(at: zip64End, count: 56, archive: path))
            guard end.uint32(at: 0) == zip64EndSignature else {
                throw SAEError(.archive, "not a readable zip archive: a broken ZIP64 end record", file: path)
            }
            (count, size, start, endOffset) = (end.uint64(at: 32), end.uint64(at: 40), end.uint64(at: 48), zip64End)
        }
        guard count <= UInt64(maximumEntries) else {
            throw SAEError(
                .archiveTooManyEntries,
                "the zip lists \(count) entries, more than the limit of \(maximumEntries): refused before reading any",
                file: path
            )
        }
        guard start <= endOffset, size <= endOffset - start, size >= count * 46 else {
            throw SAEError(
                .archive,
                "not a readable zip archive: the central directory (\(count) entries, \(size) bytes at \(start)) "
                    + "does not fit before its end record at \(endOffset)",
                file: path
            )
        }
        var reader = SequentialReader(handle: handle, position: start, end: start + size, archive: path)
        var records: [Record] = []
        records.reserveCapacity(Int(count))
        for number in 0..<Int(count) {
            let fixed = ZipBytes(try reader.take(46, record: number))
            guard fixed.uint32(at: 0) == recordSignature else {
                throw SAEError(
                    .archive,
                    "not a readable zip archive: central directory record \(number + 1) has no signature",
                    file: path
                )
            }
            let name = try reader.take(Int(fixed.uint16(at: 28)), record: number)
            let extra = ZipBytes(try reader.take(Int(fixed.uint16(at: 30)), record: number))
            _ = try reader.take(Int(fixed.uint16(at: 32)), record: number)  // the comment
            var record = Record(
                path: String(validating: name, as: UTF8.self)
                    ?? String(name.map { Character(Unicode.Scalar($0)) }),  // Latin-1 when not UTF-8
                flags: fixed.uint16(at: 8),
                method: fixed.uint16(at: 10),
                crc32: fixed.uint32(at: 16),
                compressedSize: UInt64(fixed.uint32(at: 20)),
                uncompressedSize: UInt64(fixed.uint32(at: 24)),
                localHeaderOffset: UInt64(fixed.uint32(at: 42)),
                isDirectory: false,
                isSymbolicLink: false
            )
            try record.applyZIP64(extra, archive: path)
            let mode = (fixed.uint32(at: 38) >> 16) & 0o170000
            let madeOnUnix = fixed.uint16(at: 4) >> 8 == 3
            record.isDirectory = record.path.hasSuffix("/") || (madeOnUnix && mode == 0o040000)
            record.isSymbolicLink = madeOnUnix && mode == 0o120000
            records.append(record)
        }
        return ZipDirectory(records: records, start: start, fileSize: fileSize)
    }

    /// Where the entry's data starts (after its local header), checked to end before the central directory.
    func dataOffset(of record: Record, in handle: FileHandle, archive: String) throws(SAEError) -> UInt64 {
        guard record.localHeaderOffset <= start, start - record.localHeaderOffset >= 30 else {
            throw SAEError(.archive, "the entry's local header lies outside the zip", file: archive, value: record.path)
        }
        let header = ZipBytes(try handle.readExactly(at: record.localHeaderOffset, count: 30, archive: archive))
        guard header.uint32(at: 0) == Self.localSignature else {
            throw SAEError(.archive, "the entry's local header has no signature", file: archive, value: record.path)
        }
        let data = record.localHeaderOffset + 30 + UInt64(header.uint16(at: 26)) + UInt64(header.uint16(at: 28))
        guard data <= start, record.compressedSize <= start - data else {
            throw SAEError(
                .archive,
                "the entry's \(record.compressedSize) compressed bytes run past the end of the zip's data",
                file: archive,
                value: record.path
            )
        }
        return data
    }
}

extension ZipDirectory.Record {
    /// Takes the 64-bit sizes and offset from the ZIP64 extra field, each present only when its 32-bit field is
    /// all ones.
    mutating func applyZIP64(_ extra: ZipBytes, archive: String) throws(SAEError) {
        let needed = [uncompressedSize, compressedSize, localHeaderOffset].filter { $0 == 0xFFFF_FFFF }.count
        guard needed > 0 else { return }
        var index = 0
        while index + 4 <= extra.count {
            let id = extra.uint16(at: index)
            let length = Int(extra.uint16(at: index + 2))
            guard index + 4 + length <= extra.count else { break }
            if id == 1 {
                var field = index + 4
                func next() throws(SAEError) -> UInt64 {
                    guard field + 8 <= index + 4 + length else {
                        throw SAEError(.archive, "a short ZIP64 extra field", file: archive, value: path)
                    }
                    defer { field += 8 }
                    return extra.uint64(at: field)
                }
                if uncompressedSize == 0xFFFF_FFFF { uncompressedSize = try next() }
                if compressedSize == 0xFFFF_FFFF { compressedSize = try next() }
                if localHeaderOffset == 0xFFFF_FFFF { localHeaderOffset = try next() }
                return
            }
            index += 4 + length
        }
        throw SAEError(.archive, "the entry's ZIP64 extra field is missing", file: archive, value: path)
    }
}

/// Little-endian fields of a byte buffer (the caller checks the length).
struct ZipBytes {
    var bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var count: Int { bytes.count }

    func uint16(at index: Int) -> UInt16 { UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 }
    func uint32(at index: Int) -> UInt32 { UInt32(uint16(at: index)) | UInt32(uint16(at: index + 2)) << 16 }
    func uint64(at index: Int) -> UInt64 { UInt64(uint32(at: index)) | UInt64(uint32(at: index + 4)) << 32 }
}

/// Reads a range of a file front to back in 64 KiB blocks.
struct SequentialReader {
    let handle: FileHandle
    var position: UInt64
    let end: UInt64
    let archive: String
    var buffer: [UInt8] = []
    var index = 0

    init(handle: FileHandle, position: UInt64, end: UInt64, archive: String) {
        self.handle = handle
        self.position = position
        self.end = end
        self.archive = archive
    }

    /// The next `count` bytes of central directory record `record` (0-based, for the message).
    mutating func take(_ count: Int, record: Int) throws(SAEError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            if index == buffer.count {
                let size = Int(min(UInt64(1 << 16), end - position))
                guard size > 0 else {
                    throw SAEError(
                        .archive,
                        "not a readable zip archive: central directory record \(record + 1) runs past the end of "
                            + "the directory",
                        file: archive
                    )
                }
                buffer = try handle.readExactly(at: position, count: size, archive: archive)
                position += UInt64(size)
                index = 0
            }
            let step = min(count - out.count, buffer.count - index)
            out.append(contentsOf: buffer[index..<index + step])
            index += step
        }
        return out
    }
}

extension FileHandle {
    /// `count` bytes at `offset`, or an `archive` error naming the zip when the file is shorter.
    func readExactly(at offset: UInt64, count: Int, archive: String) throws(SAEError) -> [UInt8] {
        let data: Data
        do {
            try seek(toOffset: offset)
            data = try read(upToCount: count) ?? Data()
        } catch {
            throw SAEError(.ioError, "cannot read the zip: \(error)", file: archive)
        }
        if data.count == count { return [UInt8](data) }
        throw SAEError(.archive, "not a readable zip archive: cut short at byte \(offset)", file: archive)
    }
}
