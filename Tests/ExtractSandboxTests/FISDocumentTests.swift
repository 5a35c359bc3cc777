import AccountingExtract
import FinancialIntegrationAPI
import Foundation
import Testing

@testable import ExtractSandbox

/// The §5.11 counter-posting of one document, written here on purpose (the production journal builder is
/// another module's): each journal line posts `amountGross` to its account (split into `amountNetOfReclaim` and
/// the linked reclaimable tax), and its negation to the non-`COMP` party; each cash-advance application posts
/// to the clearing account and its negation to the employee.
private struct CounterPosting {
    var lines: [(account: String, amount: Decimal)] = []
    var problems: [String] = []

    init(_ document: FISExpenseDocument) {
        for entry in document.expenseEntry {
            for allocation in entry.allocation ?? [] {
                let taxes = allocation.tax ?? []
                for journal in allocation.journal ?? [] {
                    let party: String
                    if journal.journalPayer == "COMP", journal.journalPayee != "COMP" {
                        party = journal.journalPayee
                    } else if journal.journalPayee == "COMP", journal.journalPayer != "COMP" {
                        party = journal.journalPayer
                    } else {
                        problems.append("entry \(entry.entryId): no single COMP side")
                        continue
                    }
                    let account = journal.journalAccountCode ?? entry.clearingAccountCode ?? ""
                    let guids = Set(journal.taxGuid?.values ?? [])
                    let linked = taxes.filter { !guids.isDisjoint(with: $0.taxGuid?.values ?? []) }
                    if linked.count != guids.count {
                        problems.append("entry \(entry.entryId): a taxGuid is unresolved")
                    }
                    let reclaim = linked.reduce(Decimal(0)) { $0 + ($1.amountReclaim ?? 0) }
                    let net = journal.amountNetOfReclaim ?? journal.amountGross
                    if net + reclaim != journal.amountGross {
                        problems.append(
                            "entry \(entry.entryId): net \(net) + tax \(reclaim) ≠ gross \(journal.amountGross)"
                        )
                    }
                    lines.append((account, net))
                    if reclaim != 0 { lines.append(("VAT", reclaim)) }
                    lines.append(("party:" + party, -journal.amountGross))
                }
            }
        }
        for application in document.cashAdvanceApplication ?? [] {
            lines.append((application.cashAdvanceClearingAccountCode ?? "", application.cashAdvanceApplicationAmount))
            lines.append(("party:EMPL", -application.cashAdvanceApplicationAmount))
        }
    }

    var debits: Decimal { lines.filter { $0.amount > 0 }.reduce(0) { $0 + $1.amount } }
    var credits: Decimal { lines.filter { $0.amount < 0 }.reduce(0) { $0 - $1.amount } }
    func balance(of account: String) -> Decimal { lines.filter { $0.account == account }.reduce(0) { $0 + $1.amount } }
}

@Suite("FIS documents from the seeded reports")
struct FISDocumentTests {
    private static func decimal(_ amount: Amount) -> Decimal { Decimal(string: amount.formatted()) ?? .nan }

    @Test(arguments: Array(UInt64(1)...UInt64(40)))
    func everyDocumentBalancesUnderTheCounterPostingRule(seed: UInt64) throws {
        var generator = ExpenseReportGenerator(seed: seed)
        let employees = generator.employees(count: 6)
        let reports = generator.reports(
            count: 25,
            employees: employees,
            before: CalendarDate(year: 2026, month: 1, day: 15)!
        )
        for report in reports {
            let document = report.fisDocument()
            let posting = CounterPosting(document)
            #expect(posting.problems.isEmpty, "\(report.id): \(posting.problems)")
            #expect(posting.debits == posting.credits, "\(report.id) does not balance")
            #expect(posting.debits > 0)
            // the employee nets to what the SAE says is due to them (credit = owed to the employee)
            let outOfPocket = report.entries.filter { $0.payment == .outOfPocket }.reduce(Amount.zero) {
                $0 + $1.postedAmount
            }
            let personal = report.entries.filter(\.isPersonal).reduce(Amount.zero) { $0 + $1.postedAmount }
            let due = outOfPocket - personal - (report.cashAdvance?.amount ?? .zero)
            #expect(posting.balance(of: "party:EMPL") == -Self.decimal(due), "\(report.id)")
            // header and entries agree; allocations sum to the entry
            let approved = document.expenseEntry.reduce(Decimal(0)) { $0 + ($1.entryApprovedAmount ?? 0) }
            #expect(document.report.totalApprovedAmount == approved)
            for entry in document.expenseEntry where entry.entryIsPersonal == "N" {
                let allocations = entry.allocation ?? []
                #expect(allocations.reduce(Decimal(0)) { $0 + ($1.allocationPercentage ?? 0) } == 100)
                let gross = allocations.flatMap { $0.journal ?? [] }.reduce(Decimal(0)) { $0 + $1.amountGross }
                #expect(gross == entry.entryApprovedAmount)
            }
            // it survives the wire both ways
            let text = try FISFinancialDocument.expense(document).jsonText()
            let transaction = FISTransaction(id: "x", docType: .expense, document: .text(text), docStatus: .ready)
            #expect(try transaction.financialDocument() == .expense(document))
        }
    }

    @Test func theSeededDocumentsKeepTheVarietyOfTheSAEGenerator() {
        var generator = ExpenseReportGenerator(seed: 3)
        let employees = generator.employees(count: 8)
        let reports = generator.reports(
            count: 300,
            employees: employees,
            before: CalendarDate(year: 2026, month: 1, day: 15)!
        )
        let documents = reports.map { $0.fisDocument() }
        let entries = documents.flatMap(\.expenseEntry)
        let journals = entries.flatMap { ($0.allocation ?? []).flatMap { $0.journal ?? [] } }
        let payees = Set(journals.map(\.journalPayee))
        #expect(payees.isSuperset(of: ["EMPL", "CBCP", "IBCP", "COPD", "COMP"]))
        #expect(entries.contains { $0.entryIsPersonal == "Y" })
        #expect(entries.contains { ($0.allocation ?? []).count > 1 })
        #expect(entries.contains { $0.entryCurrAlphaCode != "USD" })
        #expect(entries.contains { ($0.allocation ?? []).contains { !($0.tax ?? []).isEmpty } })
        #expect(documents.contains { !($0.cashAdvanceApplication ?? []).isEmpty })
        #expect(documents.contains { ($0.employee.employeeLastName ?? "").contains { !$0.isASCII } })
        // the business id is the SAE's report id
        #expect(zip(reports, documents).allSatisfy { $0.id == $1.report.reportId })
    }
}
