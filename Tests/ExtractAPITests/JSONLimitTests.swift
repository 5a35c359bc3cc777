import ExtractAPI
import Foundation
import Testing

/// The JSON limits of ``ExtractAPI/DecodingLimits``: refused by name and path before Foundation's decoder, which
/// would report "not valid JSON" without a path (deep nesting, `1e400`) or round a long number.
@Suite("JSON decoding limits")
struct JSONLimitTests {
    func jsonError(_ body: String) -> ExtractAPIDecodingError? {
        do {
            _ = try ExtractJobList(json: Data(body.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test("Nesting deeper than maximumJSONDepth names where")
    func depth() {
        let limit = ExtractWire.DecodingLimits.standard.maximumJSONDepth
        let deep = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        let failure = jsonError(#"[{"id":\#(deep)}]"#)
        #expect(failure?.code == .limitExceeded)
        #expect(failure?.path?.hasPrefix("[0].id[0]") == true)
    }

    @Test(
        "Numbers too long or with a huge exponent name their key",
        arguments: ["1e400", String(repeating: "1", count: 41)]
    )
    func numbers(_ number: String) {
        let failure = jsonError(#"[{"id":"x","status":\#(number)}]"#)
        #expect(failure?.code == .limitExceeded)
        #expect(failure?.path == "[0].status")
        #expect(failure?.message.contains("'status'") == true)
    }

    @Test("Strings that look like numbers or brackets are not counted")
    func strings() {
        let text = String(repeating: "[", count: 100) + #"\"1e400"#
        #expect(jsonError(#"[{"id":"\#(text)"}]"#)?.code != .limitExceeded)
    }
}
