import YAML
@testable import Spec

/// Lints as `mydocker lint` will once the security keys are supported.
///
/// SpecDecoder+Security decodes `process.capabilities`, `rlimits`, `linux.sysctl`, `seccomp`, … but SpecSchema
/// lists each as `unsupported` until the runtime applies it (they are made supported on main one by one), so
/// the loader reports `unsupported-key` and leaves the value out of the spec, and the rules about them
/// (LintRules+Security) see nothing. Here each key still listed as unsupported is decoded with the decoder's
/// own function for it, as SpecDecoder+Sections will call it, before the rules run. Once no such key is left
/// this is exactly ``Linter/lint(bytes:file:baseDirectory:)``, and the file can go.
enum PendingSecurityKeys {
    /// The diagnostics and spec of `bytes`, the pending keys decoded; their `unsupported-key` errors are kept
    /// unless `dropUnsupported`.
    static func lint(bytes: [UInt8], file: String, baseDirectory: String, dropUnsupported: Bool = false) -> LoadResult {
        let (loaded, origins, root) = SpecLoader.decode(bytes: bytes, file: file, baseDirectory: baseDirectory)
        var diagnostics = loaded.diagnostics
        var spec = loaded.spec
        if var decoded = spec, let root {
            var decoder = SpecDecoder(file: file, baseDirectory: baseDirectory, syntax: SpecSyntax.of(file: file, bytes: bytes))
            decoder.positions = decoded.source.positions
            decoder.origins = origins
            let pendingKeys = decoder.decodePending(root, into: &decoded)
            decoded.source.positions = decoder.positions
            diagnostics += decoder.diagnostics
            if dropUnsupported {
                // Only the errors of keys that are decoded here: they are the ones that go once supported.
                let pending = Set(pendingKeys.compactMap { decoded.source.positions[$0 + "#key"] })
                diagnostics.removeAll { $0.ruleID == LintRuleID.unsupportedKey.rawValue && pending.contains($0.position) }
            }
            var rules = LintRules(spec: decoded, origins: decoder.origins)
            diagnostics += rules.run()
            spec = decoded
        } else if let decoded = spec {
            var rules = LintRules(spec: decoded, origins: origins)
            diagnostics += rules.run()
        }
        let directives = LintDirectives(source: bytes, file: file, root: root)
        diagnostics += directives.diagnostics
        diagnostics.removeAll { directives.silences($0) }
        return LoadResult(spec: spec, diagnostics: Linter.sorted(diagnostics), source: bytes)
    }
}

extension SpecDecoder {
    /// Decodes the keys of `process`, `process.user`, `linux` and the top level that the schema still lists as
    /// unsupported and that the decoder knows; the pointers of those it decoded.
    mutating func decodePending(_ root: Node, into spec: inout ContainerSpec) -> [String] {
        var done: [String] = []
        for (key, value, at) in pending(root, .root, SpecSchema.spec) where key == "hooks" {
            spec.hooks = hooks(value, at)
            done.append(at.pointer)
        }
        for (section, node) in Self.fields(root) {
            let at = Location.root.key(section)
            switch section {
            case "process":
                for (key, value, here) in pending(node, at, SpecSchema.process) {
                    var p = spec.process
                    switch key {
                    case "capabilities": p.capabilities = capabilities(value, here)
                    case "rlimits": p.rlimits = rlimits(value, here)
                    case "noNewPrivileges": p.noNewPrivileges = bool(value, here) ?? false
                    case "oomScoreAdj": p.oomScoreAdj = integer(value, here, in: -1000...1000).map { Int32($0) }
                    case "apparmorProfile": p.apparmorProfile = string(value, here)
                    case "selinuxLabel": p.selinuxLabel = string(value, here)
                    case "consoleSize": p.consoleSize = consoleSize(value, here)
                    case "ioPriority": p.ioPriority = ioPriority(value, here)
                    case "scheduler": p.scheduler = scheduler(value, here)
                    default: continue
                    }
                    spec.process = p
                    done.append(here.pointer)
                }
                for (key, userNode) in Self.fields(node) where key == "user" {
                    for (name, value, here) in pending(userNode, at.key("user"), SpecSchema.user) where name == "umask" {
                        spec.process.user.umask = integer(value, here, in: 0...0o777).map { UInt32($0) }
                        done.append(here.pointer)
                    }
                }
            case "linux":
                for (key, value, here) in pending(node, at, SpecSchema.linux) {
                    var l = spec.linux
                    switch key {
                    case "seccomp": l.seccomp = seccomp(value, here)
                    case "devices": l.devices = devices(value, here)
                    case "sysctl": l.sysctl = sysctl(value, here)
                    case "maskedPaths": (l.maskedPaths, origins.maskedPaths) = stringsWithOrigins(value, here)
                    case "readonlyPaths": (l.readonlyPaths, origins.readonlyPaths) = stringsWithOrigins(value, here)
                    case "rootfsPropagation": l.rootfsPropagation = word(value, here, ProcessNames.rootfsPropagations, prefix: "")
                    case "personality": l.personality = personality(value, here)
                    case "mountLabel": l.mountLabel = string(value, here)
                    default: continue
                    }
                    spec.linux = l
                    done.append(here.pointer)
                }
            default: break
            }
        }
        return done
    }

    /// The first value of each key of a mapping that `schema` lists as unsupported, with its location (its
    /// value's position recorded, as `object` records it for supported keys).
    mutating func pending(_ node: Node, _ at: Location, _ schema: SchemaObject) -> [(String, Node, Location)] {
        var out: [(String, Node, Location)] = []
        for (key, value) in Self.fields(node) where schema.unsupported.contains(key) {
            let here = at.key(key)
            positions[here.pointer] = SourcePosition(value.start)
            out.append((key, value, here))
        }
        return out
    }

    /// The string keys of a mapping with their values, in file order, each key once (as the loader reads a
    /// key written twice); nothing for anything but a mapping.
    static func fields(_ node: Node) -> [(String, Node)] {
        var seen: Set<String> = []
        return (node.mapping ?? []).compactMap { pair in
            guard let key = pair.key.scalar?.value, seen.insert(key).inserted else { return nil }
            return (key, pair.value)
        }
    }
}
