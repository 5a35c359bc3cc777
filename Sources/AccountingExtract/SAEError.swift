/// A problem found in an SAE file: what, where (file, line, field) and the offending value.
///
/// Errors carry a stable ``Code`` that scripts can match on, and a message a person can act on.
///
/// ```swift
/// do {
///     let summary = try SAEFile.validate(path: "extract.txt")
/// } catch let error as SAEError {
///     print(error)   // extract.txt:12: field 169 (Journal Amount): not a decimal number … '12,50' [invalid-amount]
/// }
/// ```
public struct SAEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let emptyFile = Code(rawValue: "empty-file")
        public static let ioError = Code(rawValue: "io-error")
        public static let missingHeader = Code(rawValue: "missing-header")
        public static let duplicateHeader = Code(rawValue: "duplicate-header")
        public static let unknownRecordType = Code(rawValue: "unknown-record-type")
        public static let invalidUTF8 = Code(rawValue: "invalid-utf8")
        /// A field holds a control character (U+0000–U+001F but TAB, or U+007F), such as a NUL.
        public static let controlCharacter = Code(rawValue: "control-character")
        public static let fieldCount = Code(rawValue: "field-count")
        public static let unterminatedQuote = Code(rawValue: "unterminated-quote")
        public static let textAfterQuote = Code(rawValue: "text-after-quote")
        public static let lineTooLong = Code(rawValue: "line-too-long")
        public static let invalidDate = Code(rawValue: "invalid-date")
        public static let invalidAmount = Code(rawValue: "invalid-amount")
        public static let invalidInteger = Code(rawValue: "invalid-integer")
        public static let invalidFlag = Code(rawValue: "invalid-flag")
        public static let invalidDebitCredit = Code(rawValue: "invalid-debit-credit")
        public static let signMismatch = Code(rawValue: "sign-mismatch")
        public static let missingReportID = Code(rawValue: "missing-report-id")
        public static let batchMismatch = Code(rawValue: "batch-mismatch")
        public static let sequence = Code(rawValue: "sequence")
        public static let recordCountMismatch = Code(rawValue: "record-count-mismatch")
        public static let amountTotalMismatch = Code(rawValue: "amount-total-mismatch")
        public static let amountOverflow = Code(rawValue: "amount-overflow")
        public static let invalidValue = Code(rawValue: "invalid-value")
        public static let unbalancedReport = Code(rawValue: "unbalanced-report")
        /// A payer or payee payment type that the journal configuration cannot place (its report is held).
        public static let unknownPaymentType = Code(rawValue: "unknown-payment-type")
        public static let notAnExtract = Code(rawValue: "not-an-extract")
        public static let archive = Code(rawValue: "archive")
        /// A zip listing more entries than ``ExtractZip/Limits/maximumEntries``.
        public static let archiveTooManyEntries = Code(rawValue: "archive-too-many-entries")
        /// A zip (or one entry) unpacking to more than ``ExtractZip/Limits/maximumUnpackedSize``, or an entry
        /// inflating past the size it declared.
        public static let archiveTooLarge = Code(rawValue: "archive-too-large")
        /// An entry or zip past ``ExtractZip/Limits/maximumRatio`` (a zip bomb).
        public static let archiveRatio = Code(rawValue: "archive-ratio")
    }

    public var code: Code
    /// The file the problem is in, when known.
    public var file: String?
    /// The 1-based physical line, or `nil` for a problem of the whole file.
    public var line: Int?
    /// The 1-based field number, when one field is at fault.
    public var field: Int?
    /// The field's name, when one field is at fault.
    public var fieldName: String?
    /// The offending value (at most 80 characters), when there is one.
    public var value: String?
    /// What is wrong, in words.
    public var message: String

    public init(
        _ code: Code,
        _ message: String,
        file: String? = nil,
        line: Int? = nil,
        field: Int? = nil,
        fieldName: String? = nil,
        value: String? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.fieldName = fieldName
        self.value = value.map(Self.clip)
    }

    /// An error about one DETAIL field.
    public init(_ code: Code, _ message: String, line: Int, field: SAEField, value: String?) {
        self.init(code, message, line: line, field: field.number, fieldName: field.name, value: value)
    }

    /// An error about one EXTRACT header field.
    public init(_ code: Code, _ message: String, line: Int, headerField: SAEHeaderField, value: String?) {
        self.init(
            code,
            message,
            line: line,
            field: headerField.rawValue,
            fieldName: "header " + headerField.name,
            value: value
        )
    }

    static func clip(_ value: String) -> String {
        value.count > 80 ? String(value.prefix(77)) + "..." : value
    }

    /// The error with the file named.
    public func inFile(_ file: String?) -> SAEError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }

    /// The error with its line number moved by `count` (a part of a file numbers its lines from 1).
    func movingLines(by count: Int) -> SAEError {
        var copy = self
        copy.line = line.map { $0 + count }
        return copy
    }

    public var description: String {
        var text = ""
        if let file { text += file }
        if let line { text += (text.isEmpty ? "line " : ":") + String(line) }
        if !text.isEmpty { text += ": " }
        if let field {
            text += "field \(field)"
            if let fieldName { text += " (\(fieldName))" }
            text += ": "
        }
        text += message
        if let value { text += ": '\(value.debugEscaped)'" }
        text += " [\(code.rawValue)]"
        return text
    }
}

extension String {
    /// The text with control characters (C0, DEL and C1) shown as escapes, for messages: text from a file or a
    /// server cannot drive the terminal it is printed on.
    ///
    /// ```swift
    /// "a\u{1B}[2Jb\n".debugEscaped   // a\u{1b}[2Jb\n
    /// ```
    public var debugEscaped: String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension SAEError.Code: Codable {}

extension SAEError {
    /// Field 169 is empty: a DETAIL line without a journal amount (reading a record, or writing one).
    static func missingJournalAmount(line: Int) -> SAEError {
        SAEError(.invalidAmount, "the journal amount is required", line: line, field: .journalAmount, value: "")
    }
}
