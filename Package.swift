// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Masir",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Masir", targets: ["Masir"]),
        .executable(name: "masir", targets: ["masir"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "Masir",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "masir",
            dependencies: [
                "Masir",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "CLibEdit",
            ]
        ),
        // The REPL's line editing and history: libedit (BSD licence), `apt-get install libedit-dev`.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .testTarget(
            name: "MasirTests",
            dependencies: [
                "Masir",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Golden", "Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
