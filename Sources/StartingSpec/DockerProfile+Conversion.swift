import Spec

/// What a profile is converted for: the spec's bounding set and the host's architecture and kernel.
public struct ProfileTarget: Sendable, Equatable {
    /// `process.capabilities.bounding`; nil when the spec has no `process.capabilities`, and then, as in
    /// containers/common, rules are neither kept nor dropped for their `caps`.
    public var capabilities: [String]?
    public var architecture: NativeArchitecture
    public var kernel: KernelVersion

    public init(capabilities: [String]?, architecture: NativeArchitecture, kernel: KernelVersion) {
        self.capabilities = capabilities
        self.architecture = architecture
        self.kernel = kernel
    }
}

/// The conversion containers/common's `seccomp` package makes (`setupSeccomp`), with moby's `minKernel`.
extension DockerProfile {
    /// The `linux.seccomp` of a spec: the rules whose `includes` hold (every listed capability in the bounding
    /// set, the native architecture among `arches`, the running kernel at least `minKernel`) and whose
    /// `excludes` do not (no listed capability in the bounding set, the native architecture not among
    /// `arches`), and the architectures `archMap` gives the native one. nil for a profile with neither a
    /// default action nor a rule, which containers/common takes as no filter.
    public func seccomp(for target: ProfileTarget) throws(DockerProfileError) -> ContainerSpec.Seccomp? {
        if defaultAction.isEmpty && syscalls.isEmpty { return nil }
        guard !defaultAction.isEmpty else { throw DockerProfileError("the profile has rules but no `defaultAction`") }
        if !architectures.isEmpty && !archMap.isEmpty {
            throw DockerProfileError("the profile gives both `architectures` and `archMap`: use one of them")
        }
        var out = ContainerSpec.Seccomp(defaultAction: try Self.checked(defaultAction, SeccompNames.actions, "defaultAction"))
        out.defaultErrnoRet = try Self.errno(defaultErrno, defaultErrnoRet, "defaultErrno")
        out.architectures = architectures
        if let native = archMap.first(where: { $0.architecture == target.architecture.seccompName }) {
            out.architectures = [native.architecture] + native.subArchitectures
        }
        for arch in out.architectures { _ = try Self.checked(arch, SeccompNames.architectures, "architecture") }
        out.flags = try flags.map { (flag) throws(DockerProfileError) in try Self.checked(flag, SeccompNames.flags, "flag") }
        out.listenerPath = listenerPath
        out.listenerMetadata = listenerMetadata
        for (i, rule) in syscalls.enumerated() where rule.applies(to: target) {
            if rule.name != nil && !rule.names.isEmpty {
                throw DockerProfileError("syscalls[\(i)] gives both `name` and `names`: use one of them")
            }
            let names = rule.name.map { [$0] } ?? rule.names
            guard !names.isEmpty else { continue }
            let action = try Self.checked(rule.action, SeccompNames.actions, "action of syscalls[\(i)]")
            for arg in rule.args { _ = try Self.checked(arg.op, SeccompNames.operators, "op of syscalls[\(i)]") }
            let errnoRet = try Self.errno(rule.errno, rule.errnoRet, "errno of syscalls[\(i)]")
            out.syscalls.append(ContainerSpec.Seccomp.Syscall(names: names, action: action, errnoRet: errnoRet, args: rule.args))
        }
        return out
    }

    /// `errno` by name or number when given (it wins, as in containers/common), else `errnoRet`.
    static func errno(_ name: String?, _ number: UInt32?, _ what: String) throws(DockerProfileError) -> UInt32? {
        guard let name, !name.isEmpty else { return number }
        guard let value = ErrnoNames.number(name) else { throw DockerProfileError("unknown \(what) `\(name)`") }
        return value
    }

    /// `word` when it is one of libseccomp's `names` (as `linux.seccomp` takes them).
    static func checked(_ word: String, _ names: [String], _ what: String) throws(DockerProfileError) -> String {
        guard names.contains(word) else { throw DockerProfileError("unknown \(what) `\(word)`") }
        return word
    }
}

extension DockerProfile.Rule {
    /// containers/common's tests, in its order, with moby's minimum kernel.
    func applies(to target: ProfileTarget) -> Bool {
        let arch = target.architecture.goName
        if excludes.arches.contains(arch) { return false }
        if let caps = target.capabilities, excludes.caps.contains(where: caps.contains) { return false }
        if !includes.arches.isEmpty && !includes.arches.contains(arch) { return false }
        if let caps = target.capabilities, !includes.caps.allSatisfy(caps.contains) { return false }
        if let minKernel = includes.minKernel, target.kernel < minKernel { return false }
        return true
    }
}
