public import AccountingExtract

/// An approved Invoice payment request, the input of the sandbox's Invoice extract.
public struct PaymentRequest: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        public var number: Int
        public var description: String
        public var accountCode: String
        public var costCenter: String
        public var amount: Amount
    }

    public var id: String
    public var vendorCode: String
    public var vendorName: String
    public var invoiceNumber: String
    public var invoiceDate: CalendarDate
    public var dueDate: CalendarDate
    public var currency: String
    public var lines: [Line]

    /// The sum of the line amounts.
    public var total: Amount { lines.reduce(Amount.zero) { $0 + $1.amount } }
}

extension PaymentRequest {
    static let vendors = [
        ("V1001", "Acme Office Supply"), ("V1002", "Müller & Söhne GmbH"), ("V1003", "Northwind | Logistics"),
        ("V1004", "\"Blue Sky\" Consulting"), ("V1005", "Café Central"),
    ]
    static let items = [
        ("Printer paper", "6300"), ("Consulting hours", "6500"), ("Freight", "6150"), ("Catering", "6200"),
        ("Software licence", "6600"),
    ]

    /// `count` deterministic payment requests numbered from `firstNumber`, invoiced in the days before `date`.
    static func generate(count: Int, firstNumber: Int, seed: UInt64, before date: CalendarDate) -> [PaymentRequest] {
        var random = SeededRandomNumberGenerator(seed: seed)
        return (0..<max(0, count)).map { offset in
            let number = firstNumber + offset
            let vendor = random.pick(vendors)
            let day = max(1, date.day - Int.random(in: 0...5, using: &random))
            let invoiceDate = CalendarDate(year: date.year, month: date.month, day: day) ?? date
            let due = CalendarDate(year: date.year, month: date.month, day: min(28, day + 14)) ?? date
            let lines = (1...Int.random(in: 1...3, using: &random)).map { index in
                let item = random.pick(items)
                return Line(
                    number: index,
                    description: item.0,
                    accountCode: item.1,
                    costCenter: random.pick(ExpenseReportGenerator.costCenters),
                    amount: Amount(tenThousandths: Int64.random(in: 1_000...250_000, using: &random) * 100)
                )
            }
            return PaymentRequest(
                id: "PR" + String(number).leftPadded(to: 6),
                vendorCode: vendor.0,
                vendorName: vendor.1,
                invoiceNumber: "INV-\(20_000 + number)",
                invoiceDate: invoiceDate,
                dueDate: due,
                currency: "USD",
                lines: lines
            )
        }
    }
}
