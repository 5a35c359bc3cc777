// swift-tools-version:6.0
// The libFuzzer executables, one per decoder; a package of its own so that `swift build` and `swift test` of
// the root never build them. Build and run them with Scripts/fuzz.sh (which passes -sanitize=fuzzer,address).
import PackageDescription

let targets = ["FuzzSAE", "FuzzXML", "FuzzJSON", "FuzzToken", "FuzzZip"]

let package = Package(
    name: "concur-extract-fuzz",
    platforms: [.macOS(.v14)],
    products: targets.map { .executable(name: $0, targets: [$0]) },
    dependencies: [.package(name: "concur-extract", path: "..")],
    targets: [
        .target(name: "FuzzDriver", dependencies: [.product(name: "DecoderFuzzing", package: "concur-extract")])
    ]
        + targets.map {
            .executableTarget(
                name: $0,
                dependencies: ["FuzzDriver", .product(name: "DecoderFuzzing", package: "concur-extract")],
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]
            )
        }
)
