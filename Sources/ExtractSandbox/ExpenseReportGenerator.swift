public import AccountingExtract

/// Generates realistic, deterministic employees and approved expense reports from a seed.
///
/// Reports mix out-of-pocket spend, company card charges, personal charges on a card, cash advances,
/// cost-center allocations, foreign currency and VAT. Names carry non-ASCII letters, and some vendor names and
/// descriptions hold pipes and quotes, so that every quoting rule of the SAE is exercised.
///
/// ```swift
/// var generator = ExpenseReportGenerator(seed: 7)
/// let employees = generator.employees(count: 20)
/// let reports = generator.reports(count: 100, employees: employees, from: date)
/// ```
public struct ExpenseReportGenerator: Sendable {
    private var random: SeededRandomNumberGenerator
    private var nextReport = 1
    private var nextEntry = 1

    public init(seed: UInt64) {
        self.random = SeededRandomNumberGenerator(seed: seed)
    }

    /// A generator whose reports and entries are numbered from the given values, so that several seeding
    /// rounds of one company never reuse a report ID, report key or entry ID.
    public init(seed: UInt64, firstReportNumber: Int, firstEntryNumber: Int) {
        self.random = SeededRandomNumberGenerator(seed: seed)
        self.nextReport = max(1, firstReportNumber)
        self.nextEntry = max(1, firstEntryNumber)
    }

    /// The number the next generated report gets.
    public var nextReportNumber: Int { nextReport }

    /// The number the next generated entry gets.
    public var nextEntryNumber: Int { nextEntry }

    static let firstNames = [
        "Ana", "José", "Zoë", "Björn", "Chloé", "Łukasz", "Mónica", "Søren", "Aiko", "Emily", "Noah", "Olivia", "Raj",
        "François", "Dana",
    ]
    static let lastNames = [
        "Müller", "García", "O'Brien", "Nørgaard", "Smith", "Dvořák", "Peña", "Johnson", "Kowalski", "Lefèvre", "Chen",
        "Brown", "Öztürk", "Silva",
    ]
    static let costCenters = ["CC-1000", "CC-1100", "CC-2000", "CC-3100", "CC-4200"]
    static let expenseTypes: [(name: String, account: String, low: Int64, high: Int64, vendors: [String])] = [
        ("Airfare", "6100", 120, 1800, ["Lufthansa", "United Airlines", "Iberia"]),
        ("Hotel", "6110", 90, 650, ["Hôtel de l'Europe", "Marriott | Downtown", "Holiday Inn"]),
        ("Meals", "6200", 8, 180, ["Café \"Le Petit\"", "Sushi Zen", "Brauhaus Köln"]),
        ("Taxi", "6120", 6, 95, ["BLACKLANE | BERLIN", "Yellow Cab", "Uber"]),
        ("Car Rental", "6130", 40, 420, ["Hertz", "Sixt", "Avis"]),
        ("Office Supplies", "6300", 5, 250, ["Staples", "Bürobedarf Schmidt", "Amazon"]),
        ("Conference Fees", "6400", 150, 2400, ["KubeCon", "WWDC", "Money20/20"]),
    ]
    static let foreign: [(currency: String, rate: Int64)] = [
        ("EUR", 10_850), ("GBP", 12_710), ("JPY", 67), ("CAD", 7_330),
    ]

    /// Employees with ids `E00001`….
    public mutating func employees(count: Int) -> [Employee] {
        (1...max(1, count)).map { index in
            let first = random.pick(Self.firstNames)
            let last = random.pick(Self.lastNames)
            let id = "E" + String(100_000 + index).dropFirst()
            let email =
                "\(first).\(last)".lowercased().filter { $0.isASCII && ($0.isLetter || $0 == ".") } + "@example.com"
            return Employee(
                id: id,
                firstName: first,
                lastName: last,
                email: email,
                costCenter: random.pick(Self.costCenters),
                homeCurrency: "USD",
                country: "US"
            )
        }
    }

    private mutating func amount(_ low: Int64, _ high: Int64) -> Amount {
        Amount(tenThousandths: Int64.random(in: (low * 100)...(high * 100), using: &random) * 100)
    }

    /// `count` approved reports spread over `employees`, submitted in the days before `date`.
    public mutating func reports(count: Int, employees: [Employee], before date: CalendarDate) -> [ExpenseReport] {
        guard !employees.isEmpty else { return [] }
        return (0..<count).map { _ in report(for: random.pick(employees), before: date) }
    }

    /// One approved report.
    public mutating func report(for employee: Employee, before date: CalendarDate) -> ExpenseReport {
        let number = nextReport
        nextReport += 1
        let day = max(1, date.day - Int.random(in: 0...3, using: &random))
        let submit = CalendarDate(year: date.year, month: date.month, day: day) ?? date
        var entries: [ExpenseEntry] = []
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            entries.append(entry(on: submit))
        }
        var cashAdvance: ExpenseReport.CashAdvance?
        let outOfPocket = entries.filter { $0.payment == .outOfPocket }.reduce(Amount.zero) { $0 + $1.postedAmount }
        if random.chance(0.12), outOfPocket.tenThousandths > 1_000_000 {
            let applied = Amount(tenThousandths: (outOfPocket.tenThousandths / 2 / 10_000) * 10_000)
            cashAdvance = .init(key: "CA\(number)", name: "Trip advance \(number)", amount: applied, issuedDate: submit)
        }
        let purposes = [
            "Customer visit", "Q3 planning | offsite", "Conference \"SwiftConf\"", "Team dinner", "Training",
        ]
        return ExpenseReport(
            id: "R" + String(number).leftPadded(to: 8),
            key: String(10_000 + number),
            name: "\(random.pick(purposes)) \(submit)",
            employee: employee,
            currency: "USD",
            submitDate: submit,
            paymentDate: date,
            entries: entries,
            cashAdvance: cashAdvance
        )
    }

    private mutating func entry(on date: CalendarDate) -> ExpenseEntry {
        let id = String(nextEntry)
        nextEntry += 1
        let type = random.pick(Self.expenseTypes)
        let transactionAmount = amount(type.low, type.high)
        var currency = "USD"
        var rate = Amount(units: 1)
        if random.chance(0.2) {
            let pick = random.pick(Self.foreign)
            currency = pick.currency
            rate = Amount(tenThousandths: pick.rate)
        }
        // posted = transaction × rate, rounded half away from zero to 4 places.
        let product = transactionAmount.tenThousandths * rate.tenThousandths
        let posted = Amount(tenThousandths: (product + 5_000) / 10_000)
        let payment: ExpensePayment =
            random.chance(0.45) ? .companyCard : (random.chance(0.05) ? .companyPaid : .outOfPocket)
        let personal = payment == .companyCard && random.chance(0.06)
        var tax: Amount?
        var taxCode = ""
        if currency == "EUR" || currency == "GBP" {
            tax = Amount(tenThousandths: posted.tenThousandths * 1_667 / 10_000)
            taxCode = currency == "EUR" ? "DE-VAT19" : "GB-VAT20"
        }
        var allocations: [ExpenseEntry.Allocation] = []
        if !personal, random.chance(0.1) {
            let first = posted.tenThousandths * 6 / 10
            allocations = [
                .init(
                    id: "\(id)A",
                    costCenter: random.pick(Self.costCenters),
                    percentage: Amount(units: 60),
                    amount: Amount(tenThousandths: first)
                ),
                .init(
                    id: "\(id)B",
                    costCenter: random.pick(Self.costCenters),
                    percentage: Amount(units: 40),
                    amount: Amount(tenThousandths: posted.tenThousandths - first)
                ),
            ]
        }
        return ExpenseEntry(
            id: id,
            expenseType: type.name,
            accountCode: personal ? "1260" : type.account,
            transactionDate: date,
            vendor: random.pick(type.vendors),
            description: personal
                ? "Personal charge" : "\(type.name) \(random.pick(["NYC", "Berlin", "São Paulo", "Tokyo", "London"]))",
            transactionAmount: transactionAmount,
            transactionCurrency: currency,
            exchangeRate: rate,
            postedAmount: posted,
            payment: payment,
            isPersonal: personal,
            taxAmount: tax,
            taxCode: taxCode,
            allocations: allocations,
            cardTransactionID: payment == .companyCard ? "CCT\(id)" : ""
        )
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
