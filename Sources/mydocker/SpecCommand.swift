import Arguments
import Cgroups
import Glibc
import LinuxSystem
import Spec
import StartingSpec

extension MyDocker {
    /// `mydocker spec [--format yaml|json] [--rootless] [--seccomp default|none|FILE] [--bundle DIR]`: a secure
    /// starting spec, as `runc spec` and `crun spec` print one, with podman's seccomp profile by default.
    ///
    /// The profile is built when the command runs, from the one Debian ships for podman (package
    /// golang-github-containers-common), for the spec's capabilities and this machine's architecture and kernel.
    /// runc's spec has no filter and podman's containers have one: the starting point of a confined container
    /// should have one, so `--seccomp none` is the way to leave it out.
    struct SpecCommand: Command {
        static let spec = CommandSpec(
            name: "spec",
            abstract: "Print a secure starting spec, as runc spec does.",
            discussion: """
            A shell in a container with its own namespaces and runc's mounts, three capabilities (CAP_AUDIT_WRITE, \
            CAP_KILL, CAP_NET_BIND_SERVICE), runc's masked and read-only paths, no_new_privs, at most 1024 open \
            files, no device but the defaults, and podman's seccomp profile kept for those capabilities. Its root \
            file system is the folder rootfs beside the spec.

            YAML (the default) is commented for a person starting out; json is an OCI config.json. With --bundle \
            DIR it is written to DIR/config.json, never over an existing one. Exit status: 0 written, 1 the profile \
            or the file cannot be read or written, 125 usage error.
            """,
            arguments: [
                .option(
                    "format", help: "yaml: commented, for people (the default); json: an OCI config.json.",
                    allowedValues: Format.allCases.map(\.rawValue), defaultValue: Format.yaml.rawValue
                ),
                .flag("rootless", help: "For a user without privileges: a user namespace mapping root to you, no network namespace, /sys bound from the host."),
                .option(
                    "seccomp", valueName: "profile",
                    help: "default: podman's profile from \(DefaultSeccompProfile.path); none: no system call filter; or a Docker-format profile file.",
                    defaultValue: "default", completion: ValueCompletion(words: ["default", "none"], files: .extensions(["json"]))
                ),
                .option(
                    "bundle", valueName: "dir", help: "Write DIR/config.json (JSON), as runc spec --bundle, instead of printing; an existing one is left alone.",
                    completion: .directories
                ),
            ]
        )

        enum Format: String, CaseIterable {
            case yaml, json
        }

        let format: Format
        let rootless: Bool
        let seccomp: String
        let bundle: String?

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            rootless = arguments.flag("rootless")
            seccomp = arguments.value("seccomp") ?? "default"
            bundle = arguments.value("bundle")
            if bundle != nil, arguments.values("format").last == Format.yaml.rawValue {
                throw arguments.invalid("--bundle writes config.json, which is JSON: leave out --format yaml")
            }
            format = bundle != nil ? .json : arguments.value("format", as: Format.self) ?? .yaml
        }

        func run() throws(ExitCode) {
            let host = HostFacts.read()
            var spec = StartingSpec.spec(.init(rootless: rootless, uid: geteuid(), gid: getegid(), cgroupNamespace: host.cgroupV2))
            let profilePath = try profilePath()
            if let profilePath {
                spec.linux.seccomp = try profile(at: profilePath, for: spec, host: host)
            }
            switch (bundle, format) {
            case (let dir?, _): try write(StartingSpec.jsonText(spec), into: dir)
            case (nil, .json): try writeOut(StartingSpec.jsonText(spec))
            case (nil, .yaml): try writeOut(StartingSpec.yamlText(spec, seccompProfile: profilePath))
            }
        }

        /// The profile file `--seccomp` names; nil for none.
        func profilePath() throws(ExitCode) -> String? {
            switch seccomp {
            case "none": return nil
            case "default":
                guard access(DefaultSeccompProfile.path, F_OK) == 0 else {
                    throw StateConsole.fail("spec", """
                    the default seccomp profile \(DefaultSeccompProfile.path) is missing: install it with \
                    `apt-get install \(DefaultSeccompProfile.debianPackage)` (the Debian package of podman's profile), \
                    give a Docker-format profile with --seccomp FILE, or --seccomp none for a spec without a system call filter
                    """)
                }
                return DefaultSeccompProfile.path
            default: return seccomp
            }
        }

        /// The `linux.seccomp` of `spec` on this host from the Docker-format profile at `path`.
        func profile(at path: String, for spec: ContainerSpec, host: HostFacts) throws(ExitCode) -> ContainerSpec.Seccomp? {
            let bytes: [UInt8]
            do {
                bytes = try SpecFile.read(path: path)
            } catch {
                throw StateConsole.fail("spec", "cannot read the seccomp profile \(path): \(error.reason)")
            }
            guard let architecture = NativeArchitecture(machine: host.machine) else {
                throw StateConsole.fail("spec", "seccomp profiles do not name this machine's architecture (\(host.machine)): use --seccomp none")
            }
            guard let kernel = KernelVersion(release: host.release) else {
                throw StateConsole.fail("spec", "cannot read a version in this kernel's release `\(host.release)`: use --seccomp none")
            }
            let target = ProfileTarget(capabilities: spec.process.capabilities?.bounding, architecture: architecture, kernel: kernel)
            do {
                return try DockerProfile(jsonText: bytes).seccomp(for: target)
            } catch {
                throw StateConsole.fail("spec", "\(path):\(error)")
            }
        }

        /// `text` on standard output.
        func writeOut(_ text: String) throws(ExitCode) {
            let failed = StateConsole.write(1, Array(text.utf8))
            if failed != 0 {
                throw StateConsole.fail("spec", "cannot write to standard output: \(Errno(rawValue: failed))")
            }
        }

        /// DIR/config.json, made new (an existing one stays as it is, as with runc); a file half written is removed.
        func write(_ text: String, into dir: String) throws(ExitCode) {
            let path = (dir.hasSuffix("/") ? dir : dir + "/") + "config.json"
            do throws(SystemError) {
                let file = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o666)
                do throws(SystemError) {
                    try file.writeAll(Array(text.utf8))
                } catch {
                    unlink(path)
                    throw error
                }
            } catch {
                if error.errno == EEXIST {
                    throw StateConsole.fail("spec", "\(path) exists: remove it first, or give another --bundle")
                }
                throw StateConsole.fail("spec", "cannot write \(path): \(error.reason)")
            }
        }
    }
}

/// What the starting spec depends on in the host: the cgroup layout (runc adds a cgroup namespace on cgroup v2)
/// and, for the seccomp profile, the machine and the kernel release (uname).
struct HostFacts {
    var cgroupV2: Bool
    var machine: String
    var release: String

    static func read() -> HostFacts {
        var names = utsname()
        let ok = uname(&names) == 0
        return HostFacts(
            cgroupV2: (try? CgroupHost.current())?.layout == .unified,
            machine: ok ? field(&names.machine) : "",
            release: ok ? field(&names.release) : ""
        )
    }

    /// A NUL-terminated field of `utsname` as a string.
    private static func field<T>(_ tuple: inout T) -> String {
        withUnsafeBytes(of: &tuple) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
