import Glibc
import LinuxSystem
import Spec

extension ContainerCgroup {
    /// Applies `resources`: each controller's values where the host has that controller, through its v1 files when
    /// a v1 hierarchy holds it, else through the unified hierarchy's (the controller enabled in each ancestor's
    /// cgroup.subtree_control first, as crun does). A key the host cannot apply, or a value the kernel refuses, is
    /// an error that names the key and the file. Device rules go through v1's devices controller or, without one,
    /// a BPF program on the unified hierarchy.
    public func apply(_ resources: ContainerSpec.Resources) throws(CgroupError) {
        var enabled: Set<String> = []
        for entry in ResourceWrites.v1Entries(resources) where directory(forV1: entry.controller) != nil {
            try apply(entry, in: directory(forV1: entry.controller))
        }
        for entry in ResourceWrites.v2Entries(resources) where directory(forV1: entry.controller) == nil {
            let controller = entry.controller
            guard let unified = host.unified, unified.has(controller), let directory = unifiedDirectory else {
                let key: String
                switch entry {
                case let .write(write): key = write.key
                case let .unsupported(_, reason): key = reason.key
                }
                // The host may have it where this cgroup did not join it (``CgroupHost/joined(for:accounting:)``).
                let hostHasIt = available.hierarchy(for: controller) != nil
                throw CgroupError(what: "apply \(key)", hint: hostHasIt
                    ? "the container joined no \(controller) cgroup when it started (its spec set no \(controller) limit); start it with one to change it"
                    : "this host has no \(controller) controller, on cgroup v1 or v2")
            }
            if !enabled.contains(controller) {
                try enable(controller, below: unified.mountPoint, to: directory)
                enabled.insert(controller)
            }
            try apply(entry, in: directory)
        }
        if !resources.devices.isEmpty { try applyDeviceRules(resources.devices) }
    }

    private func apply(_ entry: ResourceWrites.Entry, in directory: String?) throws(CgroupError) {
        guard let directory else { return }
        switch entry {
        case let .unsupported(_, reason):
            throw CgroupError(what: "apply \(reason.key)", hint: reason.reason)
        case let .write(write):
            try CgroupFiles.write(write.value, to: directory + "/" + write.file, what: "apply \(write.key) (\(write.file)=\(write.value))")
        }
    }

    /// `+controller` in the cgroup.subtree_control of each directory from the hierarchy's root down to the
    /// cgroup's parent, so that the cgroup gets the controller's files.
    private func enable(_ controller: String, below mountPoint: String, to directory: String) throws(CgroupError) {
        var current = mountPoint
        let components = directory.dropFirst(mountPoint.count).split(separator: "/").dropLast()
        var levels = [current]
        for component in components {
            current += "/" + component
            levels.append(current)
        }
        for level in levels {
            let file = level + "/cgroup.subtree_control"
            if let text = CgroupFiles.read(file), text.split(separator: " ").contains(Substring(controller)) { continue }
            try CgroupFiles.write("+" + controller, to: file, what: "enable the \(controller) controller for cgroup \(path)")
        }
    }

    /// The spec's device rules with the default allow list (``DeviceRules/effective(specRules:)``).
    private func applyDeviceRules(_ specRules: [ContainerSpec.Resources.DeviceRule]) throws(CgroupError) {
        var rules: [DeviceRule] = []
        for (index, rule) in specRules.enumerated() {
            let key = "linux.resources.devices[\(index)]"
            let type: DeviceType
            switch rule.type {
            case .block?: type = .block
            case .char?: type = .char
            case .all?, nil: type = .all
            }
            guard let access = DeviceAccess(rule.access ?? "rwm") else {
                throw CgroupError(what: "apply \(key)", hint: "access \"\(rule.access ?? "")\" is not made of r, w and m")
            }
            rules.append(DeviceRule(allow: rule.allow, type: type, major: rule.major.flatMap { $0 < 0 ? nil : $0 },
                                    minor: rule.minor.flatMap { $0 < 0 ? nil : $0 }, access: access))
        }
        let effective = DeviceRules.effective(specRules: rules)
        let what = "apply linux.resources.devices"
        if let directory = directory(forV1: "devices") {
            let opened: FileDescriptor
            do { opened = try FileDescriptor.open(directory, O_RDONLY | O_DIRECTORY) } catch { throw CgroupError(what: what, cause: error) }
            try DeviceRules.applyV1(effective, to: opened, path: path)
        } else if let directory = unifiedDirectory {
            let opened: FileDescriptor
            do { opened = try FileDescriptor.open(directory, O_RDONLY | O_DIRECTORY) } catch { throw CgroupError(what: what, cause: error) }
            try DeviceProgram(rules: effective).install(on: opened, path: path)
        } else {
            throw CgroupError(what: what, hint: "this host has neither the v1 devices controller nor cgroup v2")
        }
    }
}
