// swift-tools-version:6.0
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// The commit `concur-extract --version` names: SwiftPM gives the manifest the root checkout's git state
// (Context.gitInformation); CBuildInfo alone is compiled with it, so a new commit rebuilds one C file and relinks.
let buildCommit =
    Context.gitInformation.map { String($0.currentCommit.prefix(12)) + ($0.hasUncommittedChanges ? "-modified" : "") }
    ?? "unknown"

let package = Package(
    name: "concur-extract",
    // macOS 15: Synchronization's Mutex guards the shared state (Linux has it with Swift 6).
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AccountingExtract", targets: ["AccountingExtract"]),
        .library(name: "ExtractAPI", targets: ["ExtractAPI"]),
        .library(name: "FinancialIntegrationAPI", targets: ["FinancialIntegrationAPI"]),
        .library(name: "ExtractClient", targets: ["ExtractClient"]),
        .library(name: "ExtractSandbox", targets: ["ExtractSandbox"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "ExtractSync", targets: ["ExtractSync"]),
        .library(name: "ExtractConfiguration", targets: ["ExtractConfiguration"]),
        .library(name: "ExtractOperations", targets: ["ExtractOperations"]),
        .executable(name: "concur-extract", targets: ["concur-extract"]),
        // What each fuzz target feeds its decoders, shared by the libFuzzer executables of Fuzz/ and the corpus
        // regression test; the executables live in Fuzz/ so that this package never builds them.
        .library(name: "DecoderFuzzing", targets: ["DecoderFuzzing"]),
        // Test support for the test targets and the benchmarks (never the CLI or the libraries): child processes
        // that never block the concurrency pool, the PostgreSQL starter, the ledger fixtures, hand-made zips,
        // the sandbox harness and the benchmarks' clock.
        .library(name: "ExtractTesting", targets: ["ExtractTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.60.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        // 3.x or 4.x: jwt-kit 5 needs swift-crypto 4 (the machine's 4.5.2); the package's own uses (SHA-256) are the
        // same in both.
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        // DurableFile's descriptors: typed open options and errors, and write/read calls that retry EINTR.
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        // Imported by the sandbox (Hummingbird's request types, its service group); declared, not borrowed.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        // `serve`'s operations endpoint: the metrics API the libraries record into, its Prometheus text exporter,
        // and the status page's templates (Hummingbird's own Mustache engine).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // The configuration files' TOML parser (toml++ underneath): escapes, duplicate tables and syntax errors
        // with their line, instead of a hand-written subset.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // The sandbox's tokens: RS256-signed JWTs and the JWKS that publishes the key (the guide's listed JWT library).
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.0.0"),
        // A command plugin only (`swift package generate-documentation`, Scripts/docs.sh): it is built when the
        // command runs, never by `swift build`, and no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "AccountingExtract",
            dependencies: [
                // FISJournalBuilder: the §5.11 journal of a FIS financial document.
                "FinancialIntegrationAPI",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // DurableFile: the descriptors (swift-system) and the SHA-256 streamed while writing (swift-crypto).
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
                // SAEStructuralIndex: the byte-mask gather its SIMD classification needs.
                "CSIMDSupport",
            ],
            swiftSettings: strictSwift
        ),
        // One header: `pmovmskb` (or its ARM equivalent) for Swift's SIMD16<UInt8>, inlined into the SAE scanner.
        .target(name: "CSIMDSupport"),
        .target(name: "ExtractAPI", swiftSettings: strictSwift),
        // The FIS v4 wire contract (sandbox and client): ExtractAPI's JSON decoding, limits and errors.
        .target(name: "FinancialIntegrationAPI", dependencies: ["ExtractAPI"], swiftSettings: strictSwift),
        .target(name: "DecoderFuzzing", dependencies: ["AccountingExtract", "ExtractAPI"], swiftSettings: strictSwift),
        // The system's SQLite (Debian: libsqlite3-dev) and the small async layer over it that the ledger and the
        // sandbox share: cached prepared statements, calls on a queue of their own.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "EmbeddedSQLite", dependencies: ["CSQLite"], swiftSettings: strictSwift),
        .target(
            name: "ExtractClient",
            dependencies: [
                "ExtractAPI", "AccountingExtract",
                "FinancialIntegrationAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "ExtractSandbox",
            dependencies: [
                "ExtractAPI", "AccountingExtract", "FinancialIntegrationAPI",
                "EmbeddedSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // Signed access and id tokens (RS256) and their JWKS; the key pair is generated with CryptoExtras.
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            // The OpenAPI description served at /openapi.yaml: a symbolic link to openapi/sandbox.yaml, the one
            // copy in the repository, compiled into the library (no bundle to install next to the binary).
            resources: [.embedInCode("Resources/openapi.yaml")],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Ledger",
            dependencies: [
                "AccountingExtract", "EmbeddedSQLite",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "ExtractSync",
            dependencies: [
                "AccountingExtract", "ExtractAPI", "ExtractClient", "Ledger", "ExtractConfiguration",
                // FISDocumentSource: the FIS v4 documents as a posting source.
                "FinancialIntegrationAPI",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The clients' request log (their status and correlation id) in `serve`'s log.
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSwift
        ),
        // The configuration files (companies, client settings, journal): parsed with TOMLKit, checked key by key,
        // each error naming the file, the line and the key.
        .target(
            name: "ExtractConfiguration",
            dependencies: [
                "AccountingExtract", "ExtractAPI", "ExtractClient", "Ledger",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // Running `serve` as a service: one-line structured logs, the operations endpoint (health, readiness,
        // Prometheus metrics, the status and reconciliation page), alerts to a webhook.
        .target(
            name: "ExtractOperations",
            dependencies: [
                "AccountingExtract", "ExtractSync", "Ledger", "ExtractConfiguration",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .target(name: "CBuildInfo", cSettings: [.define("CONCUR_EXTRACT_COMMIT", to: "\"\(buildCommit)\"")]),
        .executableTarget(
            name: "concur-extract",
            dependencies: [
                "AccountingExtract", "ExtractAPI", "ExtractClient", "ExtractSandbox", "Ledger", "ExtractSync",
                "ExtractConfiguration", "CBuildInfo", "FinancialIntegrationAPI", "ExtractOperations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "ExtractTesting",
            dependencies: [
                "AccountingExtract", "ExtractAPI", "ExtractClient", "ExtractSandbox", "Ledger",
                "FinancialIntegrationAPI",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "SAEBenchmark",
            dependencies: ["AccountingExtract", "ExtractSandbox", "ExtractTesting"],
            path: "Benchmarks/SAEBenchmark",
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "SyncBenchmark",
            dependencies: ["ExtractSandbox", "ExtractTesting"],
            path: "Benchmarks/SyncBenchmark",
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "LedgerBenchmark",
            dependencies: ["Ledger", "AccountingExtract", "ExtractTesting"],
            path: "Benchmarks/LedgerBenchmark",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "AccountingExtractTests",
            dependencies: [
                "AccountingExtract", "ExtractTesting", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                "FinancialIntegrationAPI",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "ExtractAPITests", dependencies: ["ExtractAPI"], swiftSettings: strictSwift),
        .testTarget(
            name: "FinancialIntegrationAPITests",
            dependencies: ["FinancialIntegrationAPI", "ExtractAPI", "ExtractSandbox"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "DecoderFuzzingTests", dependencies: ["DecoderFuzzing"], swiftSettings: strictSwift),
        .testTarget(name: "EmbeddedSQLiteTests", dependencies: ["EmbeddedSQLite"], swiftSettings: strictSwift),
        .testTarget(
            name: "ExtractClientTests",
            dependencies: [
                "ExtractClient", "ExtractSandbox", "ExtractAPI", "AccountingExtract", "ExtractTesting",
                "FinancialIntegrationAPI",
                // The hostile-server test helper is a small Hummingbird app of its own.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ExtractSandboxTests",
            dependencies: [
                "ExtractSandbox", "ExtractAPI", "AccountingExtract", "FinancialIntegrationAPI", "ExtractTesting",
                // A token's signature checked against the published JWKS, independently of the sandbox's code.
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "LedgerTests",
            dependencies: [
                "Ledger", "AccountingExtract", "ExtractAPI", "ExtractSandbox", "EmbeddedSQLite", "ExtractTesting",
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ExtractSyncTests",
            dependencies: [
                "ExtractSync", "ExtractAPI", "Ledger", "ExtractClient", "ExtractSandbox", "AccountingExtract",
                "ExtractTesting", "FinancialIntegrationAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ExtractConfigurationTests",
            dependencies: ["ExtractConfiguration", "AccountingExtract", "ExtractAPI", "Ledger"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ExtractOperationsTests",
            dependencies: [
                "ExtractOperations", "ExtractSync", "Ledger", "AccountingExtract", "ExtractTesting",
                "ExtractConfiguration", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                "ExtractClient", "ExtractSandbox", "EmbeddedSQLite",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // Linked into the one test binary: caps how many test cases Swift Testing runs at once (see its source).
        .target(name: "ParallelismCap", path: "Tests/ParallelismCap"),
        .testTarget(
            name: "ExtractTestingTests",
            dependencies: ["ExtractTesting", "ParallelismCap"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ConcurExtractCLITests",
            dependencies: [
                "concur-extract", "ExtractSandbox", "ExtractAPI", "ExtractSync", "Ledger", "AccountingExtract",
                "ExtractTesting", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSwift
        ),
    ]
)
