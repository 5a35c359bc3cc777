public import Foundation
internal import ZIPFoundation

/// Zip bytes written by hand with whatever sizes a test declares: the hostile zips a zip library refuses to
/// write (a header lying about its size, a deflate stream that never ends), and thousands of entries in linear
/// time (ZIPFoundation rewrites its central directory after every entry added).
///
/// ```swift
/// var zip = RawZip()
/// try zip.add("extract.txt", Array("EXTRACT|…".utf8))
/// try zip.write(to: path)
/// ```
public struct RawZip {
    /// One entry as written: its name, its (deflated or stored) bytes, method, CRC-32 and declared size.
    public struct Entry {
        public var name: String
        public var data: [UInt8]
        public var method: UInt16
        public var crc32: UInt32
        public var uncompressedSize: UInt32

        public init(name: String, data: [UInt8], method: UInt16, crc32: UInt32, uncompressedSize: UInt32) {
            self.name = name
            self.data = data
            self.method = method
            self.crc32 = crc32
            self.uncompressedSize = uncompressedSize
        }
    }

    public var entries: [Entry] = []

    public init() {}

    /// Raw deflate (as zip entries hold it) of `bytes`, and their CRC-32.
    public static func deflate(_ bytes: [UInt8]) throws -> (data: [UInt8], crc32: UInt32) {
        var out: [UInt8] = []
        let crc = try Data.compress(size: Int64(bytes.count), bufferSize: 1 << 16) { position, size in
            Data(bytes[Int(position)..<Int(position) + size])
        } consumer: {
            out.append(contentsOf: $0)
        }
        return (out, crc)
    }

    /// Adds `content`, deflated (or stored), declaring `declaredSize` as its size when given (a lie).
    public mutating func add(_ name: String, _ content: [UInt8], deflate: Bool = true, declaredSize: UInt32? = nil) throws {
        let crc = Data(content).crc32(checksum: 0)
        let data = deflate ? try Self.deflate(content).data : content
        entries.append(
            Entry(
                name: name,
                data: data,
                method: deflate ? 8 : 0,
                crc32: crc,
                uncompressedSize: declaredSize ?? UInt32(content.count)
            )
        )
    }

    /// The whole archive: local headers and data, the central directory and its end record.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func le16(_ value: Int, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: UInt32, _ into: inout [UInt8]) {
            for shift in [0, 8, 16, 24] { into.append(UInt8(value >> UInt32(shift) & 0xFF)) }
        }
        for entry in entries {
            let name = Array(entry.name.utf8)
            let offset = UInt32(out.count)
            le32(0x0403_4B50, &out)
            for value in [20, 0x0800, Int(entry.method), 0, 0x5A21] { le16(value, &out) }
            le32(entry.crc32, &out)
            le32(UInt32(entry.data.count), &out)
            le32(entry.uncompressedSize, &out)
            le16(name.count, &out)
            le16(0, &out)
            out += name + entry.data

            le32(0x0201_4B50, &directory)
            for value in [0x0314, 20, 0x0800, Int(entry.method), 0, 0x5A21] { le16(value, &directory) }
            le32(entry.crc32, &directory)
            le32(UInt32(entry.data.count), &directory)
            le32(entry.uncompressedSize, &directory)
            for value in [name.count, 0, 0, 0, 0] { le16(value, &directory) }
            le32(0o100644 << 16, &directory)
            le32(offset, &directory)
            directory += name
        }
        let start = UInt32(out.count)
        out += directory
        le32(0x0605_4B50, &out)
        for value in [0, 0, min(entries.count, 0xFFFF), min(entries.count, 0xFFFF)] { le16(value, &out) }
        le32(UInt32(directory.count), &out)
        le32(start, &out)
        le16(0, &out)
        return out
    }

    /// Writes ``bytes`` to `path`.
    public func write(to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
