import Spec
import YAML

/// Reading a Docker-format profile from its JSON text (through the YAML parser: JSON is YAML 1.2). As Go's
/// encoding/json, which moby and containers/common read profiles with, unknown keys (`comment`) are ignored
/// and `null` stands for an absent value; a value of the wrong type is an error at its line and column.
extension DockerProfile {
    public init(jsonText bytes: [UInt8]) throws(DockerProfileError) {
        let root: Node
        do {
            root = try YAMLParser.parse(bytes)
        } catch {
            throw DockerProfileError(error.message, at: error.mark)
        }
        self = try ProfileReader().profile(root)
    }
}

/// Walks the node tree of a profile; each function reads one object of the format.
struct ProfileReader {
    func profile(_ node: Node) throws(DockerProfileError) -> DockerProfile {
        var p = DockerProfile(defaultAction: "")
        for (key, value) in try fields(node, "the profile") {
            switch key {
            case "defaultAction": p.defaultAction = try string(value, key) ?? ""
            case "defaultErrnoRet": p.defaultErrnoRet = try uint32(value, key)
            case "defaultErrno": p.defaultErrno = try string(value, key)
            case "architectures": p.architectures = try strings(value, key)
            case "archMap":
                p.archMap = try list(value, key).map { (item) throws(DockerProfileError) in try architectureMap(item) }
            case "flags": p.flags = try strings(value, key)
            case "listenerPath": p.listenerPath = try string(value, key)
            case "listenerMetadata": p.listenerMetadata = try string(value, key)
            case "syscalls": p.syscalls = try list(value, key).map { (item) throws(DockerProfileError) in try rule(item) }
            default: break
            }
        }
        return p
    }

    func architectureMap(_ node: Node) throws(DockerProfileError) -> DockerProfile.ArchitectureMap {
        var map = DockerProfile.ArchitectureMap(architecture: "")
        for (key, value) in try fields(node, "an archMap entry") {
            switch key {
            case "architecture": map.architecture = try string(value, key) ?? ""
            case "subArchitectures": map.subArchitectures = try strings(value, key)
            default: break
            }
        }
        return map
    }

    func rule(_ node: Node) throws(DockerProfileError) -> DockerProfile.Rule {
        var r = DockerProfile.Rule(action: "")
        for (key, value) in try fields(node, "a syscalls entry") {
            switch key {
            case "name": r.name = try string(value, key)
            case "names": r.names = try strings(value, key)
            case "action": r.action = try string(value, key) ?? ""
            case "errnoRet": r.errnoRet = try uint32(value, key)
            case "errno": r.errno = try string(value, key)
            case "args": r.args = try list(value, key).map { (item) throws(DockerProfileError) in try argument(item) }
            case "includes": r.includes = try filter(value, key)
            case "excludes": r.excludes = try filter(value, key)
            default: break
            }
        }
        return r
    }

    func argument(_ node: Node) throws(DockerProfileError) -> ContainerSpec.Seccomp.Argument {
        var a = ContainerSpec.Seccomp.Argument(index: 0, value: 0, op: "")
        for (key, value) in try fields(node, "an args entry") {
            switch key {
            case "index":
                let index = try uint64(value, key) ?? 0
                guard index <= 5 else { throw DockerProfileError("`index` must be 0 to 5 (a system call has six arguments), found \(index)", at: value.start) }
                a.index = UInt32(index)
            case "value": a.value = try uint64(value, key) ?? 0
            case "valueTwo": a.valueTwo = try uint64(value, key) ?? 0
            case "op": a.op = try string(value, key) ?? ""
            default: break
            }
        }
        return a
    }

    func filter(_ node: Node, _ name: String) throws(DockerProfileError) -> DockerProfile.Filter {
        var f = DockerProfile.Filter()
        if case .null = node.resolved { return f }
        for (key, value) in try fields(node, "`\(name)`") {
            switch key {
            case "caps": f.caps = try strings(value, key)
            case "arches": f.arches = try strings(value, key)
            case "minKernel":
                guard let text = try string(value, key) else { break }
                guard let version = KernelVersion(minKernel: text) else {
                    throw DockerProfileError("`minKernel` must be MAJOR.MINOR (such as 4.8), found `\(text)`", at: value.start)
                }
                f.minKernel = version
            default: break
            }
        }
        return f
    }

    // MARK: Values

    /// The pairs of a mapping with string keys; `null` is an empty object.
    func fields(_ node: Node, _ what: String) throws(DockerProfileError) -> [(String, Node)] {
        if case .null = node.resolved { return [] }
        guard let pairs = node.mapping else { throw DockerProfileError("\(what) must be an object", at: node.start) }
        var out: [(String, Node)] = []
        for pair in pairs {
            guard let key = pair.key.scalar?.value else { throw DockerProfileError("keys must be strings", at: pair.key.start) }
            out.append((key, pair.value))
        }
        return out
    }

    /// The items of a list; `null` is an empty list.
    func list(_ node: Node, _ key: String) throws(DockerProfileError) -> [Node] {
        if case .null = node.resolved { return [] }
        guard let items = node.sequence else { throw DockerProfileError("`\(key)` must be a list", at: node.start) }
        return items
    }

    func strings(_ node: Node, _ key: String) throws(DockerProfileError) -> [String] {
        var out: [String] = []
        for item in try list(node, key) {
            guard case .string(let s) = item.resolved else { throw DockerProfileError("`\(key)` must hold strings", at: item.start) }
            out.append(s)
        }
        return out
    }

    func string(_ node: Node, _ key: String) throws(DockerProfileError) -> String? {
        switch node.resolved {
        case .null: return nil
        case .string(let s): return s
        default: throw DockerProfileError("`\(key)` must be a string", at: node.start)
        }
    }

    func uint64(_ node: Node, _ key: String) throws(DockerProfileError) -> UInt64? {
        switch node.resolved {
        case .null: return nil
        case .int(let i) where i >= 0: return UInt64(i)
        case .largeInt(let text):
            if let n = UInt64(text) { return n }
        default: break
        }
        throw DockerProfileError("`\(key)` must be a number from 0 to 18446744073709551615", at: node.start)
    }

    func uint32(_ node: Node, _ key: String) throws(DockerProfileError) -> UInt32? {
        guard let n = try uint64(node, key) else { return nil }
        guard n <= UInt64(UInt32.max) else { throw DockerProfileError("`\(key)` must be at most 4294967295, found \(n)", at: node.start) }
        return UInt32(n)
    }
}
