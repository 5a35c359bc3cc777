import AccountingExtract
import ExtractAPI
import FinancialIntegrationAPI
import Foundation

extension SandboxState {
    /// The scope string of the seeded extract clients.
    static let extractScopes = ["EXTRCT", "expense.report.read", "company.read"]

    /// The deterministic world for `configuration`: companies with clients, users, definitions, employees,
    /// approved reports and payment requests. The first company uses ``SandboxConfiguration/demoCredentials``.
    static func seeded(_ configuration: SandboxConfiguration, now: Date) -> SandboxState {
        let seed = configuration.seed
        let names = ["Demo Company", "Globex Corporation", "Initech", "Umbrella Labs", "Hooli"]
        var companies: [SandboxCompany] = []
        for index in 0..<max(1, configuration.companies) {
            let number = index + 1
            let credentials =
                index == 0
                ? configuration.demoCredentials
                : SandboxCredentials(
                    clientID: "sandbox-client-\(number)",
                    clientSecret: SandboxID.make(seed: seed, namespace: "client-secret", counter: number, length: 24),
                    username: "admin@company\(number).example",
                    password: SandboxID.make(seed: seed, namespace: "password", counter: number, length: 16)
                )
            let uuid = Self.uuid(seed: seed, counter: number)
            let digits = String(1_000_000 + number * 7_919 % 1_000_000).suffix(7)
            let entity = "p" + digits + SandboxID.lowercase(seed: seed, namespace: "entity", counter: number, length: 4)
            var company = SandboxCompany(
                id: uuid,
                name: index < names.count ? names[index] : "Company \(number)",
                entityID: entity,
                requestToken: SandboxID.make(seed: seed, namespace: "request-token", counter: number, length: 32),
                geolocation: configuration.companyGeolocations[index]?.absoluteString,
                clients: [
                    SandboxClient(
                        id: credentials.clientID,
                        secret: credentials.clientSecret,
                        scopes: extractScopes
                            + (configuration.reportSource(company: index) == .fis
                                ? [FinancialIntegrationAPI.scope] : []),
                        isEnabled: true,
                        allowsRefresh: true
                    ),
                    SandboxClient(
                        id: credentials.clientID + "-reporting",
                        secret: credentials.clientSecret + "-reporting",
                        scopes: ["expense.report.read"],
                        isEnabled: true,
                        allowsRefresh: false
                    ),
                ],
                users: [
                    SandboxUser(username: credentials.username, password: credentials.password, isAdministrator: true),
                    SandboxUser(
                        username: "traveler@company\(number).example",
                        password: credentials.password + "-traveler",
                        isAdministrator: false
                    ),
                ],
                definitions: SandboxDefinitionKind.allCases.enumerated().map { offset, kind in
                    SandboxDefinition(
                        id: SandboxID.make(seed: seed, namespace: "definition", counter: number * 100 + offset),
                        name: kind.defaultName,
                        kind: kind
                    )
                },
                employees: [],
                reports: [],
                extractedReports: [:],
                paymentRequests: [],
                extractedPaymentRequests: [:],
                nextBatchID: 1001,
                nextReportNumber: 1,
                nextEntryNumber: 1,
                nextPaymentRequestNumber: 1,
                seedRounds: 0,
                reportSourceSetting: configuration.reportSource(company: index),
                fisDocumentList: nil,
                nextFISDocumentNumber: nil
            )
            var generator = ExpenseReportGenerator(seed: seed &+ UInt64(number) &* 1_000_003)
            company.employees = generator.employees(count: max(1, configuration.employeesPerCompany))
            company.addReports(
                count: configuration.reportsPerCompany,
                paymentRequests: configuration.paymentRequestsPerCompany
                    ?? max(3, configuration.reportsPerCompany / 5),
                seed: seed,
                before: CalendarDate.utc(now)
            )
            companies.append(company)
        }
        return SandboxState(
            seed: seed,
            companies: companies,
            jobs: [],
            accessTokens: [:],
            refreshTokens: [:],
            nextJobNumber: 1
        )
    }

    static func uuid(seed: UInt64, counter: Int) -> String {
        var random = SeededRandomNumberGenerator(seed: seed &* 31 &+ UInt64(counter))
        let hex = (0..<32).map { _ in String(random.next() % 16, radix: 16, uppercase: true) }.joined()
        let chars = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }
}

extension SandboxCompany {
    /// Adds `count` more approved reports (and payment requests), numbered on from those the company has. In a
    /// company whose source is FIS, each new report becomes a `READY` FIS expense document (after a `READY` cash
    /// advance document for the advance it applies, if any) and each payment request a `READY` invoice document;
    /// neither is ever extracted.
    mutating func addReports(count: Int, paymentRequests: Int, seed: UInt64, before date: CalendarDate) {
        seedRounds += 1
        let roundSeed = seed &+ UInt64(truncatingIfNeeded: id.hashValueStable) &+ UInt64(seedRounds) &* 7_777
        if count > 0 {
            var generator = ExpenseReportGenerator(
                seed: roundSeed,
                firstReportNumber: nextReportNumber,
                firstEntryNumber: nextEntryNumber
            )
            let added = generator.reports(count: count, employees: employees, before: date)
            reports += added
            if reportSource == .fis {
                for report in added {
                    // The advance is issued (and ready) before the report that applies it.
                    if let advance = report.cashAdvance {
                        addFISDocument(reportID: advance.key, docType: .cashAdvance, seed: seed)
                    }
                    addFISDocument(reportID: report.id, seed: seed)
                }
            }
            nextReportNumber = generator.nextReportNumber
            nextEntryNumber = generator.nextEntryNumber
        }
        if paymentRequests > 0 {
            let added = PaymentRequest.generate(
                count: paymentRequests,
                firstNumber: nextPaymentRequestNumber,
                seed: roundSeed ^ 0x1A7,
                before: date
            )
            self.paymentRequests += added
            if reportSource == .fis {
                for request in added { addFISDocument(reportID: request.id, docType: .invoice, seed: seed) }
            }
            nextPaymentRequestNumber += paymentRequests
        }
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is randomly seeded per process).
    var hashValueStable: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}

extension CalendarDate {
    /// The UTC calendar date of `date`.
    static func utc(_ date: Date) -> CalendarDate {
        let stamp = ExtractTimestampParts(date)
        guard let day = CalendarDate(year: stamp.year, month: stamp.month, day: stamp.day) else {
            preconditionFailure("a computed civil date is always valid")
        }
        return day
    }
}

/// The UTC calendar fields of an instant (no locale, no time-zone database).
struct ExtractTimestampParts {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        (year, month, day) = ExtractTimestamp.civilFromDays(days)
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
    }

    /// `yyyyMMddHHmmss`.
    var compact: String {
        String(format: "%04d%02d%02d%02d%02d%02d", year, month, day, hour, minute, second)
    }
}
