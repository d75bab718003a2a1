// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Masir",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Masir", targets: ["Masir"]),
        // Usable without Masir: Iranian working time, and Persian text matching.
        .library(name: "MasirCalendar", targets: ["MasirCalendar"]),
        .library(name: "MasirText", targets: ["MasirText"]),
        .library(name: "MasirServer", targets: ["MasirServer"]),
        .executable(name: "masir", targets: ["masir"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The HTTP server (`masir serve`). Hummingbird's ConfigurationSupport trait is off:
        // the server reads its settings from the command line, and swift-configuration is a long build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Hummingbird's own transport, named for the server's connection handler (limits per connection).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    ],
    targets: [
        // Layers, lowest first; a target imports only those above it in this list.
        // Iranian working time: Jalali dates, holiday tables, working calendars, instants.
        .target(name: "MasirCalendar"),
        // Persian text: normalisation, digits, keyword-phrase matching.
        .target(name: "MasirText"),
        // The language front end: source files, lexer, parser, syntax tree, formatter, diagnostics.
        .target(name: "MasirLanguage"),
        // The semantics behind the embedding API: model, checker, evaluators, compiled plan, case
        // input, decisions, change impact, rulebook tests, REPL sessions.
        .target(
            name: "Masir",
            dependencies: ["MasirCalendar", "MasirText", "MasirLanguage", .product(name: "Yams", package: "Yams")]
        ),
        // The REPL's line editing and history: libedit (BSD licence), `apt-get install libedit-dev`.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The benchmark harness: the peer workload and `masir bench`'s measurements.
        .target(name: "MasirBench", dependencies: ["Masir"]),
        .target(
            name: "MasirServer",
            dependencies: [
                "Masir",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        // `masir lsp`: the Language Server Protocol over the front end, checker and model.
        .target(
            name: "MasirLSP",
            dependencies: ["Masir", .product(name: "Yams", package: "Yams")]),
        // `masir verify`: rulebooks translated to SMT-LIB 2 for an external solver (z3, cvc5).
        .target(name: "MasirVerify", dependencies: ["Masir"]),
        .executableTarget(
            name: "masir",
            dependencies: [
                "Masir",
                "MasirServer",
                "MasirLSP",
                "MasirVerify",
                "MasirBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                "CLibEdit",
            ]
        ),
        // Fuzz targets (lexer/parser/formatter, loader and checker, case readers, scanners, the
        // server's request handling), and `masir-fuzz`: libFuzzer's driver when scripts/fuzz.sh
        // builds it with -sanitize=fuzzer, a replayer of saved inputs otherwise.
        .target(
            name: "MasirFuzz",
            dependencies: ["Masir", "MasirServer", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(name: "masir-fuzz", dependencies: ["MasirFuzz"]),
        // What both test targets share: the repository's root, golden files, seeded randomness,
        // corpus listings that refuse to be empty, scratch folders, running `masir`.
        .target(name: "MasirTestSupport", dependencies: ["Masir"], path: "Tests/MasirTestSupport"),
        .testTarget(
            name: "MasirTests",
            dependencies: [
                "Masir",
                "MasirTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Golden", "Fixtures"]
        ),
        .testTarget(
            name: "MasirServerTests",
            dependencies: ["MasirServer", "Masir", "MasirTestSupport"]
        ),
        .testTarget(
            name: "MasirLSPTests",
            dependencies: [
                "MasirLSP", "Masir", "MasirTestSupport", .product(name: "Yams", package: "Yams"),
            ]),
        .testTarget(name: "MasirVerifyTests", dependencies: ["MasirVerify", "Masir", "MasirTestSupport"]),
        .testTarget(name: "MasirFuzzTests", dependencies: ["MasirFuzz", "MasirTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
