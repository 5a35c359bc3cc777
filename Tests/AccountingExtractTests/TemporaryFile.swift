import Foundation

/// Files and folders under the system's temporary directory, for tests.
enum TemporaryFile {
    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sae-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, name: String = "extract.txt") throws -> String {
        try write(Array(text.utf8), name: name)
    }

    static func write(_ bytes: [UInt8], name: String = "extract.txt") throws -> String {
        let path = (try directory() as NSString).appendingPathComponent(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
