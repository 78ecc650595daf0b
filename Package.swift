// swift-tools-version: 6.0
import PackageDescription

// One target per layer (see README, "Architecture"); arrows point downwards only:
// fnsim -> Campaign -> {Experiments, Reporting, Scenario} -> Analysis -> Models -> Kernel -> CGSL.
// FactoryNet re-exports them all for studies written in Swift (Examples/).
// No unsafe flags: the library builds as a versioned dependency of another package. The
// compiler's default cross-module optimization in release builds specializes the generic
// run loop for the concrete plant and statistics types (measured: as fast as with
// -cross-module-optimization).

let package = Package(
    name: "fnsim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fnsim", targets: ["fnsim"]),
        .library(name: "FactoryNet", targets: ["FactoryNet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // The results store of sweeps (SQLite; Debian's libsqlite3-dev).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        .target(name: "Kernel", dependencies: ["CGSL"]),
        // The benchmark's reference: the kernel's hold-model loop written in plain C.
        .target(name: "CHoldModel", dependencies: ["CGSL"]),
        // Test support: counts heap allocations (see Tests/AllocationTests).
        .target(name: "CMallocCounter"),
        .target(name: "Models", dependencies: ["Kernel", "CGSL"]),
        .target(name: "Analysis", dependencies: ["Kernel", "Models"]),
        .target(name: "Scenario", dependencies: ["Kernel", "Models", .product(name: "Yams", package: "Yams")]),
        .target(name: "Reporting", dependencies: ["Kernel", "Models", "Analysis"]),
        .target(name: "Experiments", dependencies: ["Kernel", "Models", "Analysis", "CGSL"]),
        // Replications, comparisons, sweeps, capacity searches and their results store.
        .target(name: "Campaign", dependencies: [
            "Kernel", "Models", "Analysis", "Scenario", "Reporting", "Experiments",
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C API, for the store's hot inserts and reads (Store/StoreSQLite.swift).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "FactoryNet", dependencies: [
            "Kernel", "Models", "Analysis", "Scenario", "Reporting", "Experiments", "Campaign",
        ]),
        .executableTarget(name: "fnsim", dependencies: [
            "CHoldModel", "Kernel", "Models", "Analysis", "Scenario", "Reporting", "Experiments", "Campaign",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "KernelTests", dependencies: ["Kernel"]),
        // HdrHistogram: the independent reference for the latency histogram's percentiles.
        .testTarget(name: "ModelsTests", dependencies: [
            "Kernel", "Models", "Analysis", "Experiments", .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        .testTarget(name: "ScenarioTests", dependencies: ["Kernel", "Models", "Scenario", "Experiments"],
                    resources: [.copy("Bad")]),
        .testTarget(name: "AllocationTests", dependencies: ["CMallocCounter", "Kernel", "Models", "Analysis"]),
        .testTarget(name: "ReportingTests", dependencies: ["Kernel", "Analysis", "Reporting"]),
        .testTarget(name: "FactoryNetTests", dependencies: [
            "Kernel", "Models", "Analysis", "Scenario", "Reporting", "Experiments",
        ]),
        .testTarget(name: "CampaignTests", dependencies: ["FactoryNet"]),
    ]
)
