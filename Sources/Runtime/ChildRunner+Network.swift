import Mounts
import Planner
import Spec

extension ChildRunner {
    /// Binds the parent's generated /etc files read-only over the root file system's (before pivot_root), as podman
    /// does: the container sees its own hosts, hostname and resolv.conf, and the rootfs on disk is not changed.
    func bindNetworkFiles(_ paths: [String], step: Int) throws(StepError) {
        let folder = program.setup.networkFiles
        guard !folder.isEmpty else {
            throw StepError(step: step, what: "", hint: "internal error: the parent named no folder of generated files")
        }
        let rootfs = program.rootfs
        for path in paths {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let mount = ContainerSpec.Mount(destination: path, type: "bind", source: folder + "/" + name,
                                            options: ["bind", "ro", "nosuid", "nodev", "noexec"])
            do {
                try Mounter.mount(mount, index: 0, rootfs: rootfs, detachedFD: nil)
            } catch {
                var failure = error
                failure.what = "bind \(folder)/\(name) over \(path)"
                throw StepError(step: step, failure)
            }
        }
    }
}
