public import AccountingExtract

/// Pipe-delimited writing shared by the sandbox's own file layouts (attendee detail, invoice payment
/// requests): the SAE quoting rules (a value holding `|` or `"` is quoted, inner quotes doubled), line breaks
/// inside values replaced with a space, LF after every line.
struct PipeLineWriter {
    private(set) var bytes: [UInt8] = []

    mutating func line(_ fields: [String]) {
        var first = true
        for field in fields {
            if !first { bytes.append(UInt8(ascii: "|")) }
            first = false
            let clean = field.replacing("\r\n", with: " ").replacing("\n", with: " ").replacing("\r", with: " ")
            if clean.contains("|") || clean.contains("\"") {
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: clean.replacing("\"", with: "\"\"").utf8)
                bytes.append(UInt8(ascii: "\""))
            } else {
                bytes.append(contentsOf: clean.utf8)
            }
        }
        bytes.append(0x0A)
    }
}

/// The attendee detail file of the sandbox, **a layout of this project's own design** (Concur's column list
/// is not public):
///
/// - header: `ATTENDEE|<batch date>|<record count>|<amount total>|<batch id>` (not `EXTRACT|`, so that
///   content-based SAE detection never mistakes it for an SAE file);
/// - one line per attendee of a Meals entry: `DETAIL|<batch id>|<batch date>|<sequence>|<employee id>|
///   <last name>|<first name>|<report id>|<report key>|<entry id>|<expense type>|<transaction date>|
///   <attendee id>|<attendee type>|<attendee last name>|<attendee first name>|<attendee title>|
///   <attendee company>|<amount>|<currency>` (20 fields);
/// - each Meals entry has two business guests (matching SAE field 76), who share its posted amount.
///
/// ```swift
/// let bytes = AttendeeDetailWriter.file(reports: reports, batchID: "1001", batchDate: date)
/// ```
public enum AttendeeDetailWriter {
    static let guests = [
        ("Ito", "Haruki", "CFO", "Globex"), ("Schmidt", "Jana", "Buyer", "Initech"),
        ("Nakamura", "Ren", "Partner", "Umbrella | Labs"), ("Okafor", "Chidi", "Engineer", "Hooli"),
    ]

    /// The whole file for `reports`.
    public static func file(reports: [ExpenseReport], batchID: String, batchDate: CalendarDate) -> [UInt8] {
        var details = PipeLineWriter()
        var count = 0
        var total = Amount.zero
        for report in reports {
            for entry in report.entries where entry.expenseType == "Meals" {
                let half = Amount(tenThousandths: entry.postedAmount.tenThousandths / 2)
                let shares = [half, entry.postedAmount - half]
                let start = (Int(entry.id) ?? 0) % guests.count
                for (index, share) in shares.enumerated() {
                    let guest = guests[(start + index) % guests.count]
                    count += 1
                    total += share
                    details.line([
                        "DETAIL", batchID, batchDate.description, String(count), report.employee.id,
                        report.employee.lastName, report.employee.firstName, report.id, report.key, entry.id,
                        entry.expenseType, entry.transactionDate.description, "ATT\(entry.id)-\(index + 1)",
                        "BUSGUEST", guest.0, guest.1, guest.2, guest.3, share.formatted(), report.currency,
                    ])
                }
            }
        }
        var header = PipeLineWriter()
        header.line(["ATTENDEE", batchDate.description, String(count), total.formatted(), batchID])
        return header.bytes + details.bytes
    }
}

/// The Invoice payment-request extract of the sandbox, **a layout of this project's own design** (Concur's
/// Invoice extract layout is not covered by the spec):
///
/// - header: `INVOICE|<batch date>|<record count>|<amount total>|<batch id>`;
/// - one line per request line: `DETAIL|<batch id>|<batch date>|<sequence>|<request id>|<vendor code>|
///   <vendor name>|<invoice number>|<invoice date>|<due date>|<currency>|<line number>|<description>|
///   <account code>|<cost center>|<line amount>|<request total>` (17 fields).
///
/// ```swift
/// let bytes = PaymentRequestFileWriter.file(requests: requests, batchID: "1002", batchDate: date)
/// ```
public enum PaymentRequestFileWriter {
    /// The whole file for `requests`.
    public static func file(requests: [PaymentRequest], batchID: String, batchDate: CalendarDate) -> [UInt8] {
        var details = PipeLineWriter()
        var count = 0
        var total = Amount.zero
        for request in requests {
            for line in request.lines {
                count += 1
                total += line.amount
                details.line([
                    "DETAIL", batchID, batchDate.description, String(count), request.id, request.vendorCode,
                    request.vendorName, request.invoiceNumber, request.invoiceDate.description,
                    request.dueDate.description, request.currency, String(line.number), line.description,
                    line.accountCode, line.costCenter, line.amount.formatted(), request.total.formatted(),
                ])
            }
        }
        var header = PipeLineWriter()
        header.line(["INVOICE", batchDate.description, String(count), total.formatted(), batchID])
        return header.bytes + details.bytes
    }
}
