import LinuxSystem
import Spec

extension ContainerSpec.Mount {
    /// How a failure names this mount: destination, index in the spec (0-based, as in the JSON
    /// pointer `/mounts/N`), kind and source. `mount /data (mounts[2]: bind /srv/data)`.
    /// The parent's loop steps use it too, as the `what` of their errors.
    public func failureLabel(index: Int) -> String {
        var kind: String
        if isBind {
            kind = resolvedOptions.recursiveBind ? "rbind" : "bind"
        } else {
            kind = type ?? "no type"
        }
        if isLoop { kind += " loop" }
        if let source = resolvedSource ?? source, source != type {
            kind += " \(source)"
        }
        return "mount \(destination) (mounts[\(index)]: \(kind))"
    }
}
