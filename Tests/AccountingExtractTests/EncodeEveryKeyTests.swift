import Foundation
import Testing

@testable import AccountingExtract

/// `encodeEveryKey`, the one way the `--json` reports write their keys: every key is written, `null` for
/// an absent value and the value itself otherwise, over every combination of present and absent values.
@Suite struct EncodeEveryKeyTests {
    struct Sample: Encodable {
        enum CodingKeys: String, CodingKey { case name, count, note, tags }
        var name: String?
        var count: Int?
        var note: String?
        var tags: [String]?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeEveryKey([.name: name, .count: count, .note: note, .tags: tags])
        }
    }

    @Test(arguments: 0..<16)
    func everyKeyIsWrittenNullWhenAbsent(mask: Int) throws {
        let sample = Sample(
            name: mask & 1 != 0 ? "acme \"Ä\"" : nil,
            count: mask & 2 != 0 ? -7 : nil,
            note: mask & 4 != 0 ? "" : nil,
            tags: mask & 8 != 0 ? ["a", "b"] : nil
        )
        let data = try JSONEncoder().encode(sample)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["name", "count", "note", "tags"])
        #expect((object["name"] as? String) == sample.name)
        #expect((object["count"] as? Int) == sample.count)
        #expect((object["note"] as? String) == sample.note)
        #expect((object["tags"] as? [String]) == sample.tags)
        for (key, present) in [("name", mask & 1), ("count", mask & 2), ("note", mask & 4), ("tags", mask & 8)] {
            #expect((object[key] is NSNull) == (present == 0), "\(key) in \(String(decoding: data, as: UTF8.self))")
        }
    }
}
