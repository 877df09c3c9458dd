// INTERFACE STUB — replaced by the mounts work (issue 4). Signatures are the contract.
import Spec

/// Mounts in the child's mount namespace (called by the child's steps).
public enum Mounter {
    /// mount --make-rprivate /: nothing the container mounts propagates back to the host.
    public static func makePrivate() throws(StepError) {
        throw StepError(what: "mount --make-rprivate /", hint: "mounts are not implemented yet")
    }

    /// Mount number `index` of the spec, inside `rootfs` (before pivot_root) when given; `detachedFD` is the
    /// descriptor of a mount the parent prepared (loop images), to be moved into place.
    public static func mount(_ m: ContainerSpec.Mount, index: Int, rootfs: String?, detachedFD: Int32?) throws(StepError) {
        throw StepError(what: "mount \(m.destination)", hint: "mounts are not implemented yet")
    }

    /// pivot_root into `path`, then unmount and detach the old root.
    public static func pivotRoot(_ path: String) throws(StepError) {
        throw StepError(what: "pivot_root \(path)", hint: "mounts are not implemented yet")
    }

    /// Make / read-only (root.readonly), after the mounts.
    public static func remountRootReadonly() throws(StepError) {
        throw StepError(what: "remount / read-only", hint: "mounts are not implemented yet")
    }
}

/// A loop device attached (autoclear) to a file system image, in the parent.
public struct LoopAttachment {
    public static func attach(image: String, readOnly: Bool) throws(StepError) -> LoopAttachment {
        throw StepError(what: "attach \(image) to a loop device", hint: "loop devices are not implemented yet")
    }

    public var devicePath: String

    public func close() {}
}

/// A detached mount (fsopen/fsconfig/fsmount) made in the parent, moved into the child's tree later.
public struct DetachedMount {
    public static func create(device: String, fsType: String, options: ResolvedMountOptions) throws(StepError) -> DetachedMount {
        throw StepError(what: "fsmount \(fsType) from \(device)", hint: "detached mounts are not implemented yet")
    }

    public var fd: Int32
}
