import Foundation
import Testing

/// The cgroup directories mydocker makes containers in, as a test sees them from the host.
enum CgroupTrees {
    /// `/sys/fs/cgroup/*/mydocker-<name>` that exist now, in every hierarchy.
    static func directories(named name: String) -> [String] {
        let hierarchies = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? []
        return hierarchies.map { "/sys/fs/cgroup/\($0)/mydocker-\(name)" }.filter { FileManager.default.fileExists(atPath: $0) }
            .sorted()
    }

    /// After apply `pid` was killed with SIGKILL: its cgroup is left, empty (apply had no chance to remove it), and
    /// the next run of apply without a name removes it. `scratch` is a folder for a one-line spec.
    static func expectLeftoverRemovedByTheNextRun(ofApply pid: Int32, scratch: String) throws {
        let name = "apply-\(pid)"
        #expect(!directories(named: name).isEmpty, "apply was killed before it could remove /mydocker-\(name)")
        let spec = scratch + "/next-run.yaml"
        try "process: {args: [/bin/true]}\nlinux: {namespaces: [uts]}\n".write(toFile: spec, atomically: false, encoding: .utf8)
        #expect(MyDockerBinary.apply(spec).status == 0)
        #expect(directories(named: name).isEmpty, "the next run left /mydocker-\(name)")
    }
}
