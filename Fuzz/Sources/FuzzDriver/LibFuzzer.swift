public import DecoderFuzzing
import Foundation

/// libFuzzer's driver (`-sanitize=fuzzer` links it): parses libFuzzer's flags and calls `body` per input.
@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target the running driver feeds; set once, before libFuzzer starts.
nonisolated(unsafe) private var currentTarget = FuzzTarget.sae

/// Runs libFuzzer over `target` with the process's arguments.
///
/// SwiftPM links an executable's `main` to `<Module>_main`, so each fuzzer names its entry point after its
/// module and calls this:
///
/// ```swift
/// @_cdecl("FuzzSAE_main")
/// func fuzzMain(argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
///     runLibFuzzer(.sae, argc: argc, argv: argv)
/// }
/// ```
public func runLibFuzzer(
    _ target: FuzzTarget,
    argc: CInt,
    argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    currentTarget = target
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return llvmFuzzerRunDriver(&count, &arguments) { start, size in fuzzInput(currentTarget, start: start, count: size)
    }
}

/// Feeds one input of libFuzzer to `target`; always 0 (a finding is a crash, not a return value).
public func fuzzInput(_ target: FuzzTarget, start: UnsafePointer<UInt8>?, count: Int) -> CInt {
    guard let start else { return 0 }
    _ = target.run(Data(bytes: start, count: count))
    return 0
}
