public import Foundation
import ZIPFoundation

/// Removes personal data from a downloaded extract file while keeping it a valid file of its layout, so that a
/// shared trace still parses, posts and reconciles: names, e-mail addresses and logins become stable pseudonyms
/// (the caller's, the same value each time the same original appears), card and bank account numbers keep only
/// their last four digits (the others become `X`). Amounts, dates, ids, accounts and the header are untouched.
///
/// Known layouts: SAE (`EXTRACT|` header; DETAIL fields 6–8 employee name, 16–17 bank account and routing,
/// 130 and 154 card numbers, 155 name on card, 264 login, 265 e-mail), the sandbox's attendee detail
/// (`ATTENDEE|`; fields 6–7 employee name, 15–16 attendee name) and a zip of such files. Anything else is
/// left as it is (`nil`).
///
/// ```swift
/// let redacted = try ExtractFileRedaction.redact(bytes) { kind, original in pseudonyms.name(kind, original) }
/// ```
public enum ExtractFileRedaction {
    /// What a redacted field held.
    public enum Kind: String, Sendable, Hashable {
        case name, email, login
    }

    /// DETAIL fields (1-based) of an SAE file that hold personal data.
    public static let saeFields: [Int: Field] = [
        6: .pseudonym(.name), 7: .pseudonym(.name), 8: .pseudonym(.name), 16: .digits, 17: .digits,
        130: .digits, 154: .digits, 155: .pseudonym(.name), 264: .pseudonym(.login), 265: .pseudonym(.email),
    ]
    /// DETAIL fields (1-based) of the attendee detail file that hold personal data.
    public static let attendeeFields: [Int: Field] = [
        6: .pseudonym(.name), 7: .pseudonym(.name), 15: .pseudonym(.name), 16: .pseudonym(.name),
    ]

    /// How a field is redacted.
    public enum Field: Sendable, Hashable {
        /// Replaced by the caller's pseudonym.
        case pseudonym(Kind)
        /// Every digit but the last four becomes `X`.
        case digits
    }

    /// The file with its personal data replaced, or `nil` when `bytes` is no layout this knows.
    public static func redact(
        _ bytes: Data,
        pseudonym: (Kind, String) -> String
    ) throws -> Data? {
        if bytes.starts(with: [0x50, 0x4B]) { return try redactZip(bytes, pseudonym: pseudonym) }
        if bytes.starts(with: Array("EXTRACT|".utf8)) { return redactLines(bytes, fields: saeFields, pseudonym) }
        if bytes.starts(with: Array("ATTENDEE|".utf8)) { return redactLines(bytes, fields: attendeeFields, pseudonym) }
        return nil
    }

    /// `text` with every digit but the last four replaced by `X`.
    ///
    /// ```swift
    /// ExtractFileRedaction.maskDigits("4111-1111-1111-1234")  // "XXXX-XXXX-XXXX-1234"
    /// ```
    public static func maskDigits(_ text: String) -> String {
        var keep = 4
        var characters: [Character] = []
        for character in text.reversed() {
            if character.isASCII, character.isNumber {
                characters.append(keep > 0 ? character : "X")
                keep -= 1
            } else {
                characters.append(character)
            }
        }
        return String(characters.reversed())
    }

    static func redactLines(_ bytes: Data, fields: [Int: Field], _ pseudonym: (Kind, String) -> String) -> Data {
        var output = Data()
        output.reserveCapacity(bytes.count)
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let endsWithNewline = lines.last?.isEmpty == true
        if endsWithNewline { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            if index > 0 { output.append(0x0A) }
            var text = String(decoding: line, as: UTF8.self)
            let carriageReturn = text.hasSuffix("\r")
            if carriageReturn { text.removeLast() }
            if text.hasPrefix("DETAIL|") {
                var split = PipeFields(text)
                for (number, field) in fields where number <= split.values.count {
                    let original = split.values[number - 1]
                    guard !original.isEmpty else { continue }
                    switch field {
                    case .digits: split.values[number - 1] = maskDigits(original)
                    case .pseudonym(let kind): split.values[number - 1] = pseudonym(kind, original)
                    }
                }
                text = split.joined
            }
            output.append(contentsOf: Array(text.utf8))
            if carriageReturn { output.append(0x0D) }
        }
        if endsWithNewline { output.append(0x0A) }
        return output
    }

    static func redactZip(_ bytes: Data, pseudonym: (Kind, String) -> String) throws -> Data {
        let source = try Archive(data: bytes, accessMode: .read)
        let target = try Archive(accessMode: .create)
        for entry in source {
            var content = Data()
            _ = try source.extract(entry) { content.append($0) }
            let redacted = try redact(content, pseudonym: pseudonym) ?? content
            let modified = entry.fileAttributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
            try target.addEntry(
                with: entry.path,
                type: .file,
                uncompressedSize: Int64(redacted.count),
                modificationDate: modified,
                compressionMethod: .deflate
            ) { position, size in
                redacted.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return target.data ?? bytes
    }
}

/// The fields of one pipe-delimited line (SAE quoting: a quoted field may hold `|`, `""` is a quote), and the
/// line written back: unchanged fields keep their original text, changed ones are quoted when they need it.
///
/// ```swift
/// var fields = PipeFields("DETAIL|\"a|b\"|x")   // values: DETAIL, a|b, x
/// fields.values[2] = "y"
/// fields.joined                                 // DETAIL|"a|b"|y
/// ```
public struct PipeFields: Sendable {
    public var values: [String]
    private let raw: [String]
    private let original: [String]

    public init(_ line: String) {
        var values: [String] = []
        var raw: [String] = []
        var characters = Array(line)[...]
        while true {
            if characters.first == "\"" {
                var value = ""
                var index = characters.startIndex + 1
                while index < characters.endIndex {
                    if characters[index] == "\"" {
                        if index + 1 < characters.endIndex, characters[index + 1] == "\"" {
                            value.append("\"")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    value.append(characters[index])
                    index += 1
                }
                raw.append(String(characters[characters.startIndex..<index]))
                values.append(value)
                characters = characters[index...]
            } else {
                let end = characters.firstIndex(of: "|") ?? characters.endIndex
                raw.append(String(characters[characters.startIndex..<end]))
                values.append(String(characters[characters.startIndex..<end]))
                characters = characters[end...]
            }
            guard characters.first == "|" else { break }
            characters = characters.dropFirst()
        }
        self.values = values
        self.raw = raw
        self.original = values
    }

    public var joined: String {
        zip(values, zip(original, raw)).map { value, pair in
            if value == pair.0 { return pair.1 }
            return value.contains("|") || value.contains("\"")
                ? "\"" + value.replacing("\"", with: "\"\"") + "\"" : value
        }.joined(separator: "|")
    }
}
