import ExtractSync
import FinancialIntegrationAPI
import Foundation
import Testing

/// Issue 12 item 5: payments files (CSV and JSON) parse to the same confirmations, and every malformed field is
/// reported with its file, line and field, nothing else being accepted.
@Suite struct PaymentConfirmationFileTests {
    static let csv = """
        docId,status,paymentRef,clearingDate,clearingAmount,clearingCurrency,paymentMethod,receiverName
        0c06ab044834454d91f83cbd7b6431d2,CP,PAY-1,2026-06-30,125.50,USD,E,"Doe, Jane"
        1d20c06ab0445d7b64348344d91f83cb,pp,PAY-2,20260701,0.10,EUR,C,Zoë Ångström

        2e20c06ab0445d7b64348344d91f83cb,RE,REV-1,,,,,
        """
    static let json = """
        {"payments": [
          {"docId": "0c06ab044834454d91f83cbd7b6431d2", "status": "CP", "paymentRef": "PAY-1",
           "clearingDate": "2026-06-30", "clearingAmount": 125.50, "clearingCurrency": "USD",
           "paymentMethod": "E", "receiverName": "Doe, Jane"},
          {"docId": "1d20c06ab0445d7b64348344d91f83cb", "status": "PP", "paymentRef": "PAY-2",
           "clearingDate": "20260701", "clearingAmount": "0.10", "clearingCurrency": "EUR",
           "paymentMethod": "C", "receiverName": "Zoë Ångström"},
          {"docId": "2e20c06ab0445d7b64348344d91f83cb", "status": "RE", "paymentRef": "REV-1", "clearingAmount": null}
        ]}
        """

    @Test func csvAndJSONReadTheSamePayments() throws {
        let fromCSV = try PaymentConfirmationFile.parse(Self.csv, file: "p.csv", json: false)
        let fromJSON = try PaymentConfirmationFile.parse(Self.json, file: "p.json", json: true)
        #expect(fromCSV.map(\.confirmation) == fromJSON.map(\.confirmation))
        #expect(fromCSV.map(\.line) == [2, 3, 5])
        #expect(fromJSON.map(\.line) == [2, 5, 8])
        let first = try #require(fromCSV.first?.confirmation.clearingDetails?.first)
        #expect(first.clearingAmount == Decimal(string: "125.50"))
        #expect(first.clearingDate == "20260630" && first.receiver?.receiverName == .string("Doe, Jane"))
        #expect(
            fromCSV[1].status == .partiallyPaid
                && fromCSV[1].confirmation.clearingDetails?.first?.clearingDate == "20260701"
        )
        #expect(fromCSV[2].status == .reversal && fromCSV[2].confirmation.clearingDetails?.first?.clearingAmount == nil)
        // The JSON array form without the wrapper reads the same.
        let bare = try PaymentConfirmationFile.parse(
            #"[{"docId":"a1","status":"OB","paymentRef":"X","additionalMessage":"void"}]"#,
            file: "b.json",
            json: true
        )
        #expect(bare.first?.confirmation.additionalMessage == "void" && bare.first?.line == 1)
    }

    /// Each malformed row yields one problem naming the file, the row's line and the field; none is accepted.
    @Test(arguments: [
        ("abc,XX,PAY,2026-06-30,1.00,USD", "status"),
        (",CP,PAY,2026-06-30,1.00,USD", "docId"),
        ("abc,CP,,2026-06-30,1.00,USD", "paymentRef"),
        ("abc,CP,PAY,2026-06-30,1.0.0,USD", "clearingAmount"),
        ("abc,CP,PAY,2026-06-30,12e3,USD", "clearingAmount"),
        ("abc,CP,PAY,2026-06-30,-5,USD", "clearingAmount"),
        ("abc,PP,PAY,2026-06-30,,USD", "clearingAmount"),
        ("abc,CP,PAY,2026-02-30,1.00,USD", "clearingDate"),
        ("abc,CP,PAY,,1.00,USD", "clearingDate"),
        ("abc,CP,PAY,2026-06-30,1.00,usd", "clearingCurrency"),
        ("abc,CP,PAY,2026-06-30,1.00,", "clearingCurrency"),
        ("abc,CP,PAY,2026-06-30,1.00", "row"),
    ]) func malformedRowsNameFileLineAndField(row: String, field: String) throws {
        let text = "docId,status,paymentRef,clearingDate,clearingAmount,clearingCurrency\nok1,RE,R1,,,\n\(row)\n"
        do {
            _ = try PaymentConfirmationFile.parse(text, file: "payments.csv", json: false)
            Issue.record("accepted: \(row)")
        } catch {
            #expect(error.code == .malformed)
            #expect(error.problems.count == 1)
            let problem = try #require(error.problems.first)
            #expect(problem.file == "payments.csv" && problem.line == 3 && problem.field == field, "\(problem)")
            #expect(error.description.contains("payments.csv:3: \(field):"))
        }
    }

    @Test func malformedFilesAreRefusedWhole() throws {
        let cases: [(String, Bool, String, Int)] = [
            ("docId,status\nabc,CP\n", false, "paymentRef", 1),
            ("docId,status,paymentRef,amount\n", false, "amount", 1),
            ("docId,status,paymentRef\n\"abc,CP,P\n", false, "file", 2),
            ("docId,status,paymentRef\n", false, "file", 1),
            ("docId,status,paymentRef\na,RE,P\na,RE,P\n", false, "paymentRef", 3),
            ("[{\"docId\":\"a\",\"status\":\"RE\",\"paymentRef\":\"P\"},\n {\"docId\":true}]", true, "docId", 2),
            ("[{\"docId\":\"a\",\"status\":\"RE\",\"paymentRef\":\"P\",\n \"amount\":1}]", true, "amount", 1),
            ("{\"docId\":\"a\"}", true, "file", 1),
            ("[{\"docId\":", true, "file", 1),
        ]
        for (text, json, field, line) in cases {
            do {
                _ = try PaymentConfirmationFile.parse(text, file: "f", json: json)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.problems.first?.field == field && error.problems.first?.line == line, "\(text): \(error)")
            }
        }
        #expect(throws: PaymentConfirmationError.self) { try PaymentConfirmationFile.read(path: "/nonexistent/p.csv") }
    }
}
