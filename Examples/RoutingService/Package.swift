// swift-tools-version:6.1
import PackageDescription

// A service that links Masir as a library, as a Swift backend would: it depends on the Masir
// package (here by path, the repository two folders up; a real service names its Git URL) and on
// the `Masir` product alone, so the HTTP server and its dependencies are not built into it.
let package = Package(
    name: "RoutingService",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Masir", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "RoutingService",
            dependencies: [.product(name: "Masir", package: "Masir")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
