public import AccountingExtract
public import FinancialIntegrationAPI
public import Foundation

/// One payment from a `confirm-payment` file: the FIS document it pays, its status and clearing details.
public struct PaymentConfirmationEntry: Sendable, Hashable {
    /// The FIS document id (`docId`).
    public var docId: String
    public var status: FISProcessingStatusCode
    /// The payment reference: unique per payment, the key that makes a rerun send nothing new.
    public var paymentRef: String
    /// The confirmation as it is sent (one clearing detail carrying `paymentRef`).
    public var confirmation: FISPaymentConfirmation
    /// Where it was read: the 1-based line of the CSV row, or of the JSON object's `{`.
    public var line: Int
}

/// What is wrong with a payments file: every problem, each naming the file, the line and the field. Nothing of a
/// file with a problem is recorded or sent.
///
/// ```swift
/// do { let entries = try PaymentConfirmationFile.read(path: "payments.csv") }
/// catch let error as PaymentConfirmationError { print(error) }   // payments.csv:3: status: 'XX' is not CP, PP, RE or OB
/// ```
public struct PaymentConfirmationError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The file cannot be read (missing, unreadable, not UTF-8).
        public static let unreadable = Code(rawValue: "payments-unreadable")
        /// A row or field of the file is malformed or missing.
        public static let malformed = Code(rawValue: "payments-malformed")
        /// The ledger has not posted a document, or its posting was error-confirmed or is not confirmed yet.
        public static let notPosted = Code(rawValue: "payment-not-posted")
        /// A payment conflicts with one already recorded (other content under the same reference, or a second
        /// CP, RE or OB of a document).
        public static let conflict = Code(rawValue: "payment-conflict")
    }

    /// One problem: where, which field, and what to do.
    public struct Problem: Sendable, Hashable, Codable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var field: String
        public var message: String
        public var description: String { "\(file):\(line): \(field): \(message)" }
    }

    public var code: Code
    public var problems: [Problem]

    public var description: String {
        let what =
            switch code {
            case .notPosted: "payments refused by the ledger check"
            case .conflict: "payments conflict with recorded ones"
            default: "the payments file is not valid"
            }
        return "\(what) (nothing was recorded or sent):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}

/// Reads a payments file for `concur-extract confirm-payment`: CSV with a header row, or JSON (an array of
/// objects, or `{"payments": [...]}`), both with the same field names:
///
/// | field | required | meaning |
/// |---|---|---|
/// | `docId` | yes | the FIS document id |
/// | `status` | yes | `CP` completely paid, `PP` partially paid, `RE` reversal, `OB` obsolete |
/// | `paymentRef` | yes | the payment reference, unique per payment |
/// | `clearingDate` | CP, PP | `YYYY-MM-DD` or `YYYYMMDD` (sent as `YYYYMMDD`) |
/// | `clearingAmount` | CP, PP | a decimal number, positive |
/// | `clearingCurrency` | with an amount | ISO 4217, three capital letters |
/// | `paymentMethod`, `companyCode`, `financialDocumentId`, `fiscalYear`, `receiverId`, `receiverName`, `receiverType`, `additionalMessage` | no | sent as given |
///
/// ```swift
/// let entries = try PaymentConfirmationFile.read(path: "payments.csv")
/// // docId,status,paymentRef,clearingDate,clearingAmount,clearingCurrency
/// // 0c06ab044834454d91f83cbd7b6431d2,CP,PAY-1,2026-06-30,125.50,USD
/// ```
public enum PaymentConfirmationFile {
    /// The fields a row may carry.
    public static let fields = [
        "docId", "status", "paymentRef", "clearingDate", "clearingAmount", "clearingCurrency", "paymentMethod",
        "companyCode", "financialDocumentId", "fiscalYear", "receiverId", "receiverName", "receiverType",
        "additionalMessage",
    ]
    /// At most this many problems are listed.
    static let maximumProblems = 50

    /// Reads and checks the file at `path` (`.json` is JSON, anything else CSV).
    public static func read(path: String) throws(PaymentConfirmationError) -> [PaymentConfirmationEntry] {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw PaymentConfirmationError(
                code: .unreadable,
                problems: [.init(file: path, line: 0, field: "file", message: "cannot be read as UTF-8 text")]
            )
        }
        return try parse(text, file: name, json: path.lowercased().hasSuffix(".json"))
    }

    /// Parses and checks `text`; `file` names it in problems.
    public static func parse(
        _ text: String,
        file: String,
        json: Bool
    ) throws(PaymentConfirmationError)
        -> [PaymentConfirmationEntry]
    {
        var problems: [PaymentConfirmationError.Problem] = []
        let rows = json ? jsonRows(text, file: file, &problems) : csvRows(text, file: file, &problems)
        var entries: [PaymentConfirmationEntry] = []
        var seen: [String: Int] = [:]
        for (line, row) in rows {
            guard problems.count < maximumProblems else { break }
            guard let entry = entry(row, line: line, file: file, &problems) else { continue }
            let key = entry.docId + "\u{0}" + entry.paymentRef
            if let first = seen[key] {
                problems.append(
                    .init(
                        file: file,
                        line: line,
                        field: "paymentRef",
                        message: "payment \(entry.paymentRef) of document \(entry.docId) is already on line \(first)"
                    )
                )
                continue
            }
            seen[key] = line
            entries.append(entry)
        }
        if rows.isEmpty && problems.isEmpty {
            problems.append(.init(file: file, line: 1, field: "file", message: "no payments in the file"))
        }
        guard problems.isEmpty else { throw PaymentConfirmationError(code: .malformed, problems: problems) }
        return entries
    }

    // MARK: Rows

    /// CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF) with a header row of ``fields`` names.
    static func csvRows(
        _ text: String,
        file: String,
        _ problems: inout [PaymentConfirmationError.Problem]
    )
        -> [(Int, [String: String])]
    {
        var records: [(line: Int, fields: [String])] = []
        var field = ""
        var fields: [String] = []
        var quoted = false
        var line = 1
        var recordLine = 1
        var characters = Array(text.unicodeScalars)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                records.append((recordLine, fields))
            }
            fields = []
            field = ""
        }
        while index < characters.count {
            let c = characters[index]
            index += 1
            if quoted {
                if c == "\"" {
                    if index < characters.count && characters[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\r": break
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if quoted {
            problems.append(.init(file: file, line: recordLine, field: "file", message: "a quoted field is not closed"))
            return []
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let header = records.first else { return [] }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for name in names where !fields.contains(name) && !Self.fields.contains(name) {
            problems.append(
                .init(
                    file: file,
                    line: header.line,
                    field: name,
                    message: "unknown column; the columns are \(Self.fields.joined(separator: ", "))"
                )
            )
        }
        for required in ["docId", "status", "paymentRef"] where !names.contains(required) {
            problems.append(
                .init(file: file, line: header.line, field: required, message: "the header has no \(required) column")
            )
        }
        guard problems.isEmpty else { return [] }
        return records.dropFirst().compactMap { record in
            guard record.fields.count == names.count else {
                problems.append(
                    .init(
                        file: file,
                        line: record.line,
                        field: "row",
                        message: "\(record.fields.count) fields where the header has \(names.count)"
                    )
                )
                return nil
            }
            var row: [String: String] = [:]
            for (name, value) in zip(names, record.fields) { row[name] = value.trimmingCharacters(in: .whitespaces) }
            return (record.line, row)
        }
    }

    /// JSON: an array of flat objects, or an object with a `payments` array. Numbers keep their exact decimal value.
    static func jsonRows(
        _ text: String,
        file: String,
        _ problems: inout [PaymentConfirmationError.Problem]
    )
        -> [(Int, [String: String])]
    {
        let lines = objectLines(text)
        let list: [[String: JSONCell]]
        do {
            list = try JSONDecoder().decode(JSONPayments.self, from: Data(text.utf8)).items
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let index = context.codingPath.compactMap(\.intValue).first
            problems.append(
                .init(
                    file: file,
                    line: index.flatMap { $0 < lines.count ? lines[$0] : nil } ?? 1,
                    field: context.codingPath.last.map {
                        key in key.intValue.map { "payment \($0 + 1)" } ?? key.stringValue
                    }
                        ?? "file",
                    message: index == nil
                        ? "expected an array of payment objects or {\"payments\": [...]} (\(context.debugDescription))"
                        : "must be a string or a number (each payment is a flat object)"
                )
            )
            return []
        } catch {
            problems.append(.init(file: file, line: 1, field: "file", message: "not valid JSON: \(error)"))
            return []
        }
        var rows: [(Int, [String: String])] = []
        for (index, object) in list.enumerated() {
            let line = index < lines.count ? lines[index] : 1
            var row: [String: String] = [:]
            for (key, cell) in object.sorted(by: { $0.key < $1.key }) {
                guard Self.fields.contains(key) else {
                    problems.append(
                        .init(
                            file: file,
                            line: line,
                            field: key,
                            message: "unknown field; the fields are \(Self.fields.joined(separator: ", "))"
                        )
                    )
                    continue
                }
                if let text = cell.text { row[key] = text.trimmingCharacters(in: .whitespaces) }
            }
            rows.append((line, row))
        }
        return rows
    }

    /// The root of a JSON payments file: an array, or `{"payments": [...]}`.
    private struct JSONPayments: Decodable {
        var items: [[String: JSONCell]]
        enum CodingKeys: String, CodingKey { case payments }
        init(from decoder: any Decoder) throws {
            if let items = try? decoder.singleValueContainer().decode([[String: JSONCell]].self) {
                self.items = items
                return
            }
            if let container = try? decoder.container(keyedBy: CodingKeys.self),
                container.contains(.payments)
            {
                items = try container.decode([[String: JSONCell]].self, forKey: .payments)
                return
            }
            // Decode again as an array to report the failing item's path.
            items = try decoder.singleValueContainer().decode([[String: JSONCell]].self)
        }
    }

    /// A field's value: a string or a number (its exact decimal text); `null` is absent.
    private struct JSONCell: Decodable {
        var text: String?
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                text = nil
            } else if let string = try? container.decode(String.self) {
                text = string
            } else if (try? container.decode(Bool.self)) == nil, let number = try? container.decode(Decimal.self) {
                text = number.description
            } else {
                throw DecodingError.typeMismatch(
                    String.self,
                    .init(codingPath: decoder.codingPath, debugDescription: "a string or a number")
                )
            }
        }
    }

    /// The line of each object that opens at depth 2 (the items of the payments array), in order.
    static func objectLines(_ text: String) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        // The items of a root array open at depth 2; of {"payments": [...]} at depth 3.
        let target = text.unicodeScalars.first { !CharacterSet.whitespacesAndNewlines.contains($0) } == "[" ? 2 : 3
        for c in text.unicodeScalars {
            if c == "\n" { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
                continue
            }
            switch c {
            case "\"": inString = true
            case "{", "[":
                depth += 1
                if c == "{" && depth == target { lines.append(line) }
            case "}", "]": depth -= 1
            default: break
            }
        }
        return lines
    }

    // MARK: Entries

    /// `-?digits(.digits)?`: no exponent, no grouping, no second point.
    static func isPlainDecimal(_ text: String) -> Bool {
        let body = text.hasPrefix("-") ? Substring(text.dropFirst()) : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count)
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    static func entry(
        _ row: [String: String],
        line: Int,
        file: String,
        _ problems: inout [PaymentConfirmationError.Problem]
    ) -> PaymentConfirmationEntry? {
        let before = problems.count
        func problem(_ field: String, _ message: String) {
            problems.append(.init(file: file, line: line, field: field, message: message))
        }
        func value(_ field: String) -> String? { row[field].flatMap { $0.isEmpty ? nil : $0 } }
        let docId = value("docId")
        if docId == nil {
            problem("docId", "missing: the FIS document id is required")
        } else if let docId, docId.count > 64 || docId.contains(where: { $0.isWhitespace || $0 == "," }) {
            problem("docId", "'\(docId.prefix(70))' is not a FIS document id")
        }
        let statusText = value("status")
        let status = statusText.flatMap { FISProcessingStatusCode(rawValue: $0.uppercased()) }
        if statusText == nil {
            problem("status", "missing: CP, PP, RE or OB")
        } else if status == nil, let statusText {
            problem("status", "'\(statusText.prefix(20))' is not CP, PP, RE or OB")
        }
        let paymentRef = value("paymentRef")
        if paymentRef == nil {
            problem("paymentRef", "missing: every payment needs its reference (unique per payment)")
        } else if let paymentRef, paymentRef.count > 100 {
            problem("paymentRef", "longer than 100 characters")
        }
        let paid = status == .completelyPaid || status == .partiallyPaid
        let statusName = status?.rawValue ?? ""
        var amount: Decimal?
        if let text = value("clearingAmount") {
            if isPlainDecimal(text), let parsed = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) {
                amount = parsed
                if paid && parsed <= 0 {
                    problem("clearingAmount", "'\(text)' must be positive for \(statusName)")
                }
            } else {
                problem("clearingAmount", "'\(text.prefix(30))' is not a decimal number such as 125.50")
            }
        } else if paid {
            problem("clearingAmount", "missing: required for \(statusName)")
        }
        let currency = value("clearingCurrency")
        if let currency, currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            problem("clearingCurrency", "'\(currency.prefix(10))' is not a three-letter ISO 4217 code")
        } else if currency == nil && value("clearingAmount") != nil {
            problem("clearingCurrency", "missing: an amount needs its currency")
        }
        var date: String?
        if let text = value("clearingDate") {
            let compact = text.count == 8 && text.allSatisfy(\.isNumber)
            let dashed =
                compact ? "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))" : text
            if let parsed = try? CalendarDate(parsing: dashed) {
                date = String(format: "%04d%02d%02d", parsed.year, parsed.month, parsed.day)
            } else {
                problem("clearingDate", "'\(text.prefix(30))' is not a date YYYY-MM-DD or YYYYMMDD")
            }
        } else if paid {
            problem("clearingDate", "missing: required for \(statusName)")
        }
        guard problems.count == before, let docId, let status, let paymentRef else { return nil }
        let receiver =
            [value("receiverId"), value("receiverName"), value("receiverType")].contains { $0 != nil }
            ? FISReceiver(
                receiverId: value("receiverId"),
                receiverName: value("receiverName").map { .string($0) },
                receiverType: value("receiverType")
            ) : nil
        let detail = FISClearingDetail(
            clearingDate: date,
            clearingAmount: amount,
            clearingCurrency: currency,
            receiver: receiver,
            clearingReference: FISClearingReference(
                companyCode: value("companyCode"),
                financialDocumentId: value("financialDocumentId"),
                fiscalYear: value("fiscalYear").map { text in Int(text).map { .number(Decimal($0)) } ?? .string(text) },
                paymentRef: paymentRef,
                paymentMethod: value("paymentMethod")
            )
        )
        return PaymentConfirmationEntry(
            docId: docId,
            status: status,
            paymentRef: paymentRef,
            confirmation: FISPaymentConfirmation(
                docId: docId,
                processingStatusCode: status,
                additionalMessage: value("additionalMessage"),
                clearingDetails: [detail]
            ),
            line: line
        )
    }
}
