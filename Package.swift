// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// What `mydocker --version` says: MYDOCKER_VERSION when set, else what scripts/version.sh prints (`git describe`).
/// SwiftPM caches the manifest's evaluation until the manifest or the environment changes, so the Makefile sets
/// MYDOCKER_VERSION from the same script for every build: a new commit is then a new environment, the manifest is
/// evaluated again and the version is current. A plain `swift build` stamps the version of the checkout the
/// manifest was last evaluated in (a fresh clone: its own).
let buildVersion: String = {
    if let given = ProcessInfo.processInfo.environment["MYDOCKER_VERSION"], !given.isEmpty { return given }
    let script = Process()
    script.executableURL = URL(fileURLWithPath: "/bin/sh")
    script.arguments = [Context.packageDirectory + "/scripts/version.sh"]
    let output = Pipe()
    script.standardOutput = output
    guard (try? script.run()) != nil else { return "unknown (scripts/version.sh did not run)" }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    script.waitUntilExit()
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
}()

/// `buildVersion` as a C string literal (printable ASCII, no quote or backslash).
let buildVersionLiteral = "\"" + String(buildVersion.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }.map(Character.init)) + "\""

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
        // LinuxSystem for what lint reads of the host as apply would: the PATH search (ExecSearch) inside a root
        // file system opened with openat2(RESOLVE_IN_ROOT).
        .target(name: "Spec", dependencies: ["YAML", "DidYouMean", "LinuxSystem"]),
        // Pure: a validated ContainerSpec in, an ordered Plan out.
        .target(name: "Planner", dependencies: ["Spec"]),
        // Pure: `mydocker spec`'s starting spec, Docker seccomp profiles converted, a ContainerSpec written as YAML or JSON.
        .target(name: "StartingSpec", dependencies: ["Spec", "YAML"]),
        // ── The back half, bottom up: nothing below imports anything above it. ──
        // C for what Swift cannot call: clone and the spawner, setns, pivot_root, loop ioctls, the mount API.
        .target(name: "CShim"),
        // The one OS layer: owning descriptors, Errno and SystemError, the EINTR rule, reads and writes, pidfds,
        // signalfd, poll, how a process ended.
        .target(name: "LinuxSystem", dependencies: ["CShim"]),
        // libseccomp, linked from the system (Debian: libseccomp-dev), statically in the release build.
        .systemLibrary(
            name: "CSeccomp",
            pkgConfig: "libseccomp",
            providers: [.apt(["libseccomp-dev"])]
        ),
        // linux.seccomp compiled by libseccomp into a BPF program (cached by content), and installed without it.
        .target(name: "Seccomp", dependencies: ["CSeccomp", "Spec", "LinuxSystem", "DidYouMean"]),
        // Loop devices, detached mounts, mount points resolved inside the root, the mounter, file system probes.
        .target(name: "Mounts", dependencies: ["LinuxSystem", "Spec"]),
        // Control groups on v1, v2 and hybrid hosts: a container's cgroup, its limits, its device rules, freeze and kill.
        .target(name: "Cgroups", dependencies: ["LinuxSystem", "Spec"]),
        // What the host allows: preflight checks, namespace support, kernel facts, `check SPEC`. Reads only.
        .target(name: "HostCheck", dependencies: ["LinuxSystem", "Planner"]),
        // Networking through the CNI plugins: networks, the configuration list, ADD/CHECK/DEL, the generated /etc files.
        .target(name: "Network", dependencies: ["LinuxSystem", "Spec", "YAML"]),
        // Carries a Plan out: the parent session on the host, the re-executed child, the minimal init, their wire.
        .target(name: "Runtime", dependencies: ["Planner", "Mounts", "HostCheck", "Cgroups", "Seccomp", "Network"]),
        // Named containers on disk: records, the state file format, locks, names, observed status.
        .target(name: "ContainerStore", dependencies: ["LinuxSystem", "Spec"]),
        // A detached container's log: records of its stdout and stderr with their times, written and read back
        // (--tail from the end, --since by bisection).
        .target(name: "ContainerLog", dependencies: ["LinuxSystem"]),
        // `mydocker attach` and a detached container's monitor: the attach socket's frames, the detach keys, the
        // client's terminal and signals.
        .target(name: "Attach", dependencies: ["LinuxSystem"]),
        // Lifecycle of named containers: foreground runs, the detached monitor (its log, restarts, attach socket),
        // kill, rm.
        .target(name: "Containers", dependencies: ["Runtime", "ContainerStore", "Cgroups", "Mounts", "ContainerLog", "Attach"]),
        // Entering a running container (`exec`): its namespaces, its user database, `--user`.
        .target(name: "Exec", dependencies: ["ContainerStore", "LinuxSystem", "Spec"]),
        // The version the build was stamped with (scripts/version.sh through the manifest): one C function.
        .target(name: "CBuildVersion", cSettings: [.define("MYDOCKER_BUILD_VERSION", to: buildVersionLiteral)]),
        // Command lines described by data: parsing, usage lines, help text and usage errors (no Foundation, no libc).
        // It stands in for swift-argument-parser, which links FoundationEssentials and libdispatch into the static
        // binary: about 170 µs more at every start of mydocker, and apply starts it twice (parent and child).
        .target(name: "Arguments", dependencies: ["DidYouMean"]),
        // The command-line interface, one file per subcommand.
        .executableTarget(
            name: "mydocker",
            dependencies: [
                "Spec", "Planner", "HostCheck", "Cgroups", "Runtime", "ContainerStore", "Containers", "Exec", "Arguments",
                "StartingSpec", "Seccomp", "ContainerLog", "Attach", "CBuildVersion", "Network",
            ]
        ),
        // The lint path as a libFuzzer target (`make fuzz`: -sanitize=fuzzer -DFUZZING -parse-as-library); the
        // normal build makes it a replayer of inputs through the same checks.
        .executableTarget(name: "LintFuzz", dependencies: ["Spec", "Seccomp"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "SpecTests", dependencies: ["Spec"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner"]),
        .testTarget(name: "StartingSpecTests", dependencies: ["StartingSpec", "Spec", "YAML"]),
        // Helpers the back half's tests share: scratch folders and files, the built binary, host snapshots.
        .target(name: "TestSupport", dependencies: ["HostCheck", "Spec"], path: "Tests/TestSupport"),
        .testTarget(name: "LinuxSystemTests", dependencies: ["LinuxSystem", "TestSupport"]),
        .testTarget(name: "MountsTests", dependencies: ["Mounts", "TestSupport"]),
        .testTarget(name: "CgroupsTests", dependencies: ["Cgroups", "TestSupport"]),
        .testTarget(name: "SeccompTests", dependencies: ["Seccomp", "TestSupport", "YAML"]),
        .testTarget(name: "HostCheckTests", dependencies: ["HostCheck", "TestSupport", "mydocker"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "ContainerStore", "TestSupport", "mydocker"]),
        .testTarget(name: "ContainerStoreTests", dependencies: ["ContainerStore", "TestSupport"]),
        .testTarget(name: "ExecTests", dependencies: ["Exec", "TestSupport"]),
        .testTarget(name: "ContainerLogTests", dependencies: ["ContainerLog", "TestSupport"]),
        .testTarget(name: "AttachTests", dependencies: ["Attach"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network", "LinuxSystem", "TestSupport"]),
        .testTarget(name: "mydockerTests", dependencies: ["mydocker"]),
        .testTarget(name: "ArgumentsTests", dependencies: ["Arguments"]),
        .testTarget(name: "DidYouMeanTests", dependencies: ["DidYouMean"]),
        // Runs the built mydocker binary: lint goldens, plan output, real containers (as root).
        .testTarget(name: "IntegrationTests", dependencies: ["Spec", "mydocker"]),
    ]
)
