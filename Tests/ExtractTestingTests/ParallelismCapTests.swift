import Foundation
import ParallelismCap
import Testing

/// The test binary caps Swift Testing's parallel test cases before the library reads the cap (see
/// Tests/ParallelismCap/ParallelismCap.c): without it all 478 start at once and a 2-core machine misses deadlines.
struct ParallelismCapTests {
    @Test("The cap is in the environment the testing library read, at least 8 wide")
    func theCapIsSet() {
        let width = concur_extract_test_parallelism_width()
        let environment = ProcessInfo.processInfo.environment["SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH"]
        #expect(environment.flatMap { Int($0) } == Int(width))
        #expect(width >= 8 || environment != nil)
    }
}
