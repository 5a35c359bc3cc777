import FinancialIntegrationAPI
import Testing

@Suite("FIS routes")
struct RouteTests {
    @Test("Paths round-trip for every route and document type", arguments: FISDocumentType.allCases)
    func roundTrip(_ type: FISDocumentType) {
        let routes: [FinancialIntegrationAPI.Route] = [
            .transactions(type), .acknowledgements(type), .postingConfirmations(type), .paymentConfirmations(type),
        ]
        for route in routes {
            #expect(FinancialIntegrationAPI.Route(path: route.path) == route)
            #expect(FinancialIntegrationAPI.Route(path: route.path + "/") == route)
            #expect(route.path.hasPrefix("/financialintegration/fi/v4/companies/transactiontypes/\(type.rawValue)/"))
        }
    }

    @Test("The documented paths")
    func documented() {
        #expect(
            FinancialIntegrationAPI.Route.postingConfirmations(.expense).path
                == "/financialintegration/fi/v4/companies/transactiontypes/expense/transactions/postingconfirmations"
        )
        #expect(FinancialIntegrationAPI.Route.transactions(.cashAdvance).path.contains("/cashadvance/transactions"))
    }

    @Test(
        "Other paths are not FIS routes",
        arguments: [
            "/fi/v4/companies/transactiontypes/expense/transactions",
            "/financialintegration/fi/v4/companies/transactiontypes/expenses/transactions",
            "/financialintegration/fi/v4/companies/transactiontypes/expense/transactions/acks",
            "/financialintegration/fi/v4/companies/transactiontypes/expense",
            "/financialintegration/fi/v4/companies/transactiontypes/expense/transactions/x/y",
        ]
    )
    func notRoutes(_ path: String) {
        #expect(FinancialIntegrationAPI.Route(path: path) == nil)
    }
}
