import DecoderFuzzing
import FuzzDriver

/// The fuzzer of `FuzzTarget.zip` (see Scripts/fuzz.sh). libFuzzer's `main` calls the first function; SwiftPM
/// may link `main` to the second instead, which starts the same driver.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(start: UnsafePointer<UInt8>?, count: Int) -> CInt {
    fuzzInput(.zip, start: start, count: count)
}

@_cdecl("FuzzZip_main")
func fuzzMain(argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(.zip, argc: argc, argv: argv)
}
