import Glibc
import Mounts
import Planner
import Spec

extension ParentSession {
    /// Refuses, before the child exists, a plan whose child would change the host (the seed's pitfall: renaming
    /// the host): sethostname or setdomainname without a uts namespace of its own, mount steps without a mount
    /// namespace of its own. Joining the namespace apply itself runs in counts as having none. Lint and the
    /// planner never produce such a plan; this holds for plans built any other way.
    func guardHost(kinds: [NamespaceKind]) throws(StepError) {
        for step in plan.steps {
            guard case .child(let action) = step.action else { continue }
            let needed: (kind: NamespaceKind, what: String)
            switch action {
            case .setHostname: needed = (.uts, "the hostname")
            case .setDomainname: needed = (.uts, "the domain name")
            case .makeMountsPrivate, .mount, .pivotRoot, .remountRootReadonly: needed = (.mount, "the mount table")
            default: continue
            }
            if kinds.contains(needed.kind) { continue }
            if needed.kind == .mount && mountsOnHost { continue }
            if let join = joins.first(where: { $0.kind == needed.kind }), !Self.isOwnNamespace(join.file.rawValue, needed.kind) { continue }
            throw StepError(step: step.number, what: describe(step),
                            hint: "refusing to change \(needed.what) of the host: the container has no \(needed.kind.rawValue) namespace of its own")
        }
    }

    /// Whether the caller lets a plan with a root carry out its mounts in the host's mount namespace (an OCI config
    /// without a mount namespace, as runc runs it: ``RunOptions/onHostMounts``).
    var mountsOnHost: Bool { options.onHostMounts != nil && plan.spec.root != nil }

    /// Records the host's mounts below the root before the child exists, when its mounts land in the host's mount
    /// table: it creates no mount namespace and joins none but the one this process is in.
    func recordHostMounts(kinds: [NamespaceKind], step: Step?) throws(StepError) {
        guard mountsOnHost, let record = options.onHostMounts, let root = plan.spec.root, !kinds.contains(.mount) else { return }
        if let join = joins.first(where: { $0.kind == .mount }), !Self.isOwnNamespace(join.file.rawValue, .mount) { return }
        do {
            hostMounts = try HostMounts.snapshot(below: root.resolvedPath)
        } catch {
            throw StepError(step: step?.number, error)
        }
        if let hostMounts { record(hostMounts) }
    }

    /// Whether the namespace file open on `fd` is the namespace of `kind` this process is in.
    static func isOwnNamespace(_ fd: Int32, _ kind: NamespaceKind) -> Bool {
        var joined = stat(), own = stat()
        guard fstat(fd, &joined) == 0, stat("/proc/self/ns/\(kind.procName)", &own) == 0 else { return false }
        return joined.st_ino == own.st_ino && joined.st_dev == own.st_dev
    }
}
