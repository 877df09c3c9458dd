// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "mydocker",
    products: [
        .executable(name: "mydocker", targets: ["mydocker"]),
    ],
    targets: [
        // libyaml, linked from the system (Debian: libyaml-dev).
        .systemLibrary(
            name: "CYaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // The libyaml binding: a node tree whose every node carries its line and column.
        .target(name: "YAML", dependencies: ["CYaml"]),
        // The spec model (OCI config.json vocabulary), its decoding, the mount option table and the lint rules.
        // "Did you mean …": the nearest word by edit distance (spec keys, rule ids, option names).
        .target(name: "DidYouMean"),
        .target(name: "Spec", dependencies: ["YAML", "DidYouMean"]),
        // Pure: a validated ContainerSpec in, an ordered Plan out.
        .target(name: "Planner", dependencies: ["Spec"]),
        // System calls Swift cannot make safely or at all: clone, setns, pivot_root, loop devices, the mount API.
        .target(name: "CShim"),
        // Carries a Plan out: the parent in the host, the re-executed child in the new namespaces.
        .target(name: "Executor", dependencies: ["Planner", "Spec", "CShim"]),
        // Command lines described by data: parsing, usage lines, help text and usage errors (no Foundation, no libc).
        // It stands in for swift-argument-parser, which links FoundationEssentials and libdispatch into the static
        // binary: about 170 µs more at every start of mydocker, and apply starts it twice (parent and child).
        .target(name: "Arguments", dependencies: ["DidYouMean"]),
        // The command-line interface, one file per subcommand.
        .executableTarget(name: "mydocker", dependencies: ["Spec", "Planner", "Executor", "Arguments"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "SpecTests", dependencies: ["Spec"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner"]),
        .testTarget(name: "ExecutorTests", dependencies: ["Executor"]),
        .testTarget(name: "ArgumentsTests", dependencies: ["Arguments"]),
        .testTarget(name: "DidYouMeanTests", dependencies: ["DidYouMean"]),
        // Runs the built mydocker binary: lint goldens, plan output, real containers (as root).
        .testTarget(name: "IntegrationTests", dependencies: ["Spec"]),
    ]
)
