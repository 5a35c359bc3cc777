import DecoderFuzzing
import FuzzDriver

/// The fuzzer of `FuzzTarget.token` (see Scripts/fuzz.sh). libFuzzer's `main` calls the first function; SwiftPM
/// may link `main` to the second instead, which starts the same driver.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(start: UnsafePointer<UInt8>?, count: Int) -> CInt {
    fuzzInput(.token, start: start, count: count)
}

@_cdecl("FuzzToken_main")
func fuzzMain(argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(.token, argc: argc, argv: argv)
}
