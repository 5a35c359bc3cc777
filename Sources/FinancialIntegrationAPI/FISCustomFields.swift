import Foundation

/// The configuration-dependent custom and org-unit fields of a document level (§5.2): every key of the form
/// `…Custom{n}Code`, `…Custom{n}Value`, `…OrgUnit{n}Code` or `…OrgUnit{n}Value`, by its full JSON name.
///
/// Values are strings; `null` counts as absent and is not kept.
///
/// ```swift
/// let allocation: FISExpenseAllocation = …
/// allocation.customFields["allocationCustom2Code"]   // "0011"
/// ```
public typealias FISCustomFields = [String: String]

/// A document level: its fixed fields (`Fields`, synthesized `Codable`) plus its custom and org-unit fields,
/// read from the same JSON object. Fixed fields read through dynamic member lookup.
///
/// ```swift
/// let employee: FISExpenseEmployee = document.employee
/// print(employee.employeeId ?? "", employee.customFields["employeeOrgUnit1Code"] ?? "")
/// ```
@dynamicMemberLookup
public struct FISExtensible<Fields: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    /// The fixed fields of this level.
    public var fields: Fields
    /// The custom and org-unit fields present with a non-null value.
    public var customFields: FISCustomFields

    public init(_ fields: Fields, customFields: FISCustomFields = [:]) {
        self.fields = fields
        self.customFields = customFields
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
        get { fields[keyPath: keyPath] }
        set { fields[keyPath: keyPath] = newValue }
    }

    /// Whether `key` names a custom or org-unit field.
    public static func isCustomFieldKey(_ key: String) -> Bool {
        for marker in ["Custom", "OrgUnit"] {
            guard let range = key.range(of: marker, options: .backwards), range.lowerBound != key.startIndex else {
                continue
            }
            var rest = key[range.upperBound...]
            let digits = rest.prefix(while: \.isASCIIDigitCharacter)
            guard !digits.isEmpty else { continue }
            rest = rest.dropFirst(digits.count)
            if rest == "Code" || rest == "Value" { return true }
        }
        return false
    }

    public init(from decoder: any Decoder) throws {
        fields = try Fields(from: decoder)
        let container = try decoder.container(keyedBy: FISAnyKey.self)
        var custom: FISCustomFields = [:]
        for key in container.allKeys where Self.isCustomFieldKey(key.stringValue) {
            if let value = try container.decodeIfPresent(String.self, forKey: key) {
                custom[key.stringValue] = value
            }
        }
        customFields = custom
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
        var container = encoder.container(keyedBy: FISAnyKey.self)
        for (key, value) in customFields {
            try container.encode(value, forKey: FISAnyKey(key))
        }
    }
}

/// A coding key for any JSON object key.
struct FISAnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
