import ExtractAPI
import Foundation
import Testing

/// The spec's JSON examples, copied verbatim into `Fixtures/` (file names carry the spec section).
enum Fixture {
    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return try Data(contentsOf: url)
    }

    struct FixtureMissing: Error { let name: String }
}

/// Every non-null leaf of a JSON text (empty arrays and objects count as leaves), by key path.
enum JSONLeaves {
    static func of(_ data: Data) throws -> [String: String] {
        var leaves: [String: String] = [:]
        collect(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]), path: "", into: &leaves)
        return leaves
    }

    private static func collect(_ value: Any, path: String, into leaves: inout [String: String]) {
        switch value {
        case let object as [String: Any]:
            if object.isEmpty { leaves[path] = "{}" }
            for (key, child) in object { collect(child, path: path + "." + key, into: &leaves) }
        case let array as [Any]:
            if array.isEmpty { leaves[path] = "[]" }
            for (index, child) in array.enumerated() { collect(child, path: path + "[\(index)]", into: &leaves) }
        case is NSNull:
            break
        case let number as NSNumber:
            // Compared by decimal value: 0E-8 and 0, 50.00000000 and 50 are the same amount.
            leaves[path] = (Decimal(string: number.stringValue) ?? 0).description
        case let text as String:
            leaves[path] = "\"" + text + "\""
        default:
            leaves[path] = "\(value)"
        }
    }
}

/// Decodes `name` as `T`, checks decode → encode → decode is equal and that every non-null value of the
/// fixture is in the encoding, at the same key path, with the same value; returns the decoded value.
func decodeFixture<T: Codable & Hashable>(_ type: T.Type, _ name: String) throws -> T {
    let data = try Fixture.data(name)
    let decoded = try JSONWire.decode(T.self, from: data)
    let encoded = try JSONWire.encode(decoded, options: .canonical)
    #expect(try JSONWire.decode(T.self, from: encoded) == decoded, "round trip of \(name)")
    let original = try JSONLeaves.of(data)
    let written = try JSONLeaves.of(encoded)
    for (path, value) in original.sorted(by: { $0.key < $1.key }) {
        #expect(written[path] == value, "\(name): \(path) should be \(value) after encoding")
    }
    return decoded
}
