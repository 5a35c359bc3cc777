import ExtractOperations
import Testing

@Suite struct OperationsAddressTests {
    @Test func hostsAndPortsAreRead() throws {
        #expect(try OperationsAddress(parsing: "127.0.0.1:9090") == OperationsAddress(host: "127.0.0.1", port: 9090))
        #expect(try OperationsAddress(parsing: "localhost:0") == OperationsAddress(host: "localhost", port: 0))
        #expect(try OperationsAddress(parsing: "[::1]:8080") == OperationsAddress(host: "::1", port: 8080))
        #expect(OperationsAddress(host: "::1", port: 8080).description == "[::1]:8080")
    }

    @Test(arguments: ["9090", "127.0.0.1", ":9090", "127.0.0.1:http", "127.0.0.1:70000", "::1:80", "host:-1", ""])
    func badValuesAreRefusedWithTheirReason(_ text: String) {
        #expect(throws: OperationsAddress.InvalidAddress.self) { try OperationsAddress(parsing: text) }
        do {
            _ = try OperationsAddress(parsing: text)
        } catch {
            #expect(error.description.hasPrefix("--http \"\(text)\": "), "\(error)")
            #expect(error.description.contains("e.g.") || error.description.contains("0 to 65535"), "\(error)")
        }
    }
}
