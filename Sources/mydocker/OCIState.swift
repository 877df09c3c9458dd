import ContainerStore
import Glibc
import Runtime
import Spec

/// A container as the OCI runtime spec's state shows it (`state`, `list --format json`), with runc's `rootfs`,
/// `created` and `owner`: for containers made by `create` and by `apply` alike.
struct OCIState {
    var id: String
    var status: String
    var pid: Int32
    var bundle: String
    var rootfs: String
    var created: String
    var annotations: [(String, String)]

    init(_ state: ContainerState, specBytes: [UInt8]?) {
        let observed = ObservedStatus(state)
        id = state.name
        status = observed.ociStatus
        pid = observed == .created || observed.hasProcess ? state.process?.pid ?? 0 : 0
        let folder = state.bundle ?? state.specBaseDirectory
        bundle = folder
        let spec = specBytes.flatMap { Linter.lintForRun(bytes: $0, file: state.specPath, baseDirectory: folder).spec }
        rootfs = spec?.root?.resolvedPath ?? ""
        annotations = (spec?.annotations ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        created = Timestamp.rfc3339(seconds: state.created, nanoseconds: state.createdNanoseconds)
    }

    var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("ociVersion", .string(HookState.ociVersion)), ("id", .string(id)), ("pid", .int(Int64(pid))),
            ("status", .string(status)), ("bundle", .string(bundle)), ("rootfs", .string(rootfs)),
            ("created", .string(created)), ("owner", .string("")),
        ]
        if !annotations.isEmpty { fields.append(("annotations", .object(annotations.map { ($0.0, .string($0.1)) }))) }
        return .object(fields)
    }
}
