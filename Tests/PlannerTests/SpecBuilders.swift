import Planner
import Spec

/// Specs built in code for the planner tests: nothing is read from files.
enum Specs {
    /// A spec that runs `args` and creates namespaces of `kinds` (and joins those in `joined`).
    static func make(
        _ kinds: [NamespaceKind] = [],
        joined: [(NamespaceKind, String)] = [],
        hostname: String? = nil,
        domainname: String? = nil,
        args: [String] = ["/bin/sh", "-c", "echo hi"],
        mounts: [ContainerSpec.Mount] = [],
        root: ContainerSpec.Root? = nil,
        terminal: Bool = false,
        user: ContainerSpec.User = ContainerSpec.User(),
        uidMappings: [ContainerSpec.IDMapping] = [],
        gidMappings: [ContainerSpec.IDMapping] = [],
        timeOffsets: ContainerSpec.TimeOffsets? = nil,
        annotations: [String: String] = [:],
        file: String = "spec.yaml"
    ) -> ContainerSpec {
        ContainerSpec(
            hostname: hostname,
            domainname: domainname,
            annotations: annotations,
            process: ContainerSpec.Process(args: args, env: ["PATH=/bin"], cwd: "/", user: user, terminal: terminal),
            root: root,
            mounts: mounts,
            linux: ContainerSpec.Linux(
                namespaces: kinds.map { ContainerSpec.Namespace($0) } + joined.map { ContainerSpec.Namespace($0.0, path: $0.1) },
                uidMappings: uidMappings,
                gidMappings: gidMappings,
                timeOffsets: timeOffsets
            ),
            source: SpecSource(file: file, baseDirectory: "/srv")
        )
    }

    static let bindData = ContainerSpec.Mount(
        destination: "/data", type: "bind", source: "data", resolvedSource: "/srv/data", options: ["bind", "ro", "nosuid"])
    static let proc = ContainerSpec.Mount(destination: "/proc", type: "proc", source: "proc")
    static let loopImage = ContainerSpec.Mount(
        destination: "/mnt/img", type: "ext4", source: "img.ext4", resolvedSource: "/srv/img.ext4", options: ["loop", "ro", "noatime"])
    static let rootfs = ContainerSpec.Root(path: "rootfs", resolvedPath: "/srv/rootfs")
}

extension Plan {
    /// The action names, in order.
    var names: [String] { steps.map(\.action.name) }
    var actions: [Action] { steps.map(\.action) }

    /// The position of the first step whose action has this name, or nil.
    func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The actor of the first step whose action has this name.
    func actor(of name: String) -> Actor? { steps.first { $0.action.name == name }?.actor }
}
