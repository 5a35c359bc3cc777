@testable import AccountingExtract

/// Builds SAE lines for tests, in the style of the KFS fixtures (spec §3 example).
enum Fixture {
    /// A DETAIL line's 400 values with the given fields set (1-based numbers).
    static func detailValues(_ values: [Int: String]) -> [String] {
        var fields = [String](repeating: "", count: 400)
        fields[0] = "DETAIL"
        for (number, value) in values { fields[number - 1] = value }
        return fields
    }

    /// A typical out-of-pocket debit line.
    static func detail(
        sequence: Int,
        batchID: String = "567",
        batchDate: String = "2019-02-01",
        report: String = "R1",
        employee: String = "1111111",
        account: String = "6200",
        side: String = "DR",
        amount: String,
        payer: String = "Company",
        payee: String = "Employee",
        extra: [Int: String] = [:]
    ) -> [String] {
        var values: [Int: String] = [
            2: batchID, 3: batchDate, 4: String(sequence), 5: employee, 6: "Doe", 7: "John", 19: report,
            20: "K" + report,
            22: "USD", 26: batchDate, 27: "Trip", 61: String(100 + sequence), 63: "Meals", 68: "N", 124: "1.0000",
            126: "CASH", 163: payer, 164: "Company/Employee Pseudo Payment Code", 165: payee,
            166: "Company/Employee Pseudo Payment Code", 167: account, 168: side, 169: amount,
            170: String(467_888 + sequence),
        ]
        for (key, value) in extra { values[key] = value }
        return detailValues(values)
    }

    /// Joins values as the writer would (quoting where needed) into a line.
    static func line(_ values: [String]) -> String {
        values.map { value in
            value.contains("|") || value.contains("\"")
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }.joined(separator: "|")
    }

    /// The KFS good file: three debit lines, total 1230.36 (spec §3).
    static var kfsGoodFile: String {
        let lines = [
            "EXTRACT|2019-02-01|3|1230.3600|567",
            line(detail(sequence: 1, amount: "+600.1100")),
            line(
                detail(
                    sequence: 2,
                    amount: "+400.2200",
                    extra: [70: "BLACKLANE GHIJ | FEURIGSTRAE 55 | 13579 BERLIN | WWW."]
                )
            ),
            line(
                detail(
                    sequence: 3,
                    account: "6300",
                    amount: "+230.0300",
                    extra: [69: "ABCDEFGH\"IJ1234567890", 6: "Núñez", 7: "Íñigo"]
                )
            ),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Reads everything, collecting errors instead of stopping.
    static func check(_ text: String, mode: SAEReader.Mode = .strict) -> SAECheckResult {
        SAEFile.check(reader: SAEReader(bytes: bytes(text), name: "test.txt", options: SAEReader.Options(mode: mode)))
    }

    static func check(bytes: [UInt8], mode: SAEReader.Mode = .strict) -> SAECheckResult {
        SAEFile.check(reader: SAEReader(bytes: bytes, name: "test.txt", options: SAEReader.Options(mode: mode)))
    }
}

extension Amount {
    /// A test amount from a literal known to be valid.
    static func of(_ text: String) -> Amount {
        (try? Amount(parsing: text)) ?? Amount(tenThousandths: .min)
    }
}

extension CalendarDate {
    /// A test date from a literal known to be valid.
    static func of(_ text: String) -> CalendarDate? {
        try? CalendarDate(parsing: text)
    }
}
