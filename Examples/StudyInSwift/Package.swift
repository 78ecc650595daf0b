// swift-tools-version: 6.0
// A study written in Swift against the FactoryNet library: build and run it with
//   cd Examples/StudyInSwift && swift run -c release Study ../../Scenarios/quickstart.yaml
import PackageDescription

let package = Package(
    name: "StudyInSwift",
    platforms: [.macOS(.v14)],
    dependencies: [
        // In a project of your own: .package(url: "https://…/fnsim", from: "0.1.0")
        .package(name: "fnsim", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "Study", dependencies: [.product(name: "FactoryNet", package: "fnsim")]),
    ]
)
