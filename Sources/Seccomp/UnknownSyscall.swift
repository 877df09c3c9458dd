import DidYouMean
import Spec

/// A name in `linux.seccomp` that libseccomp does not know on any architecture of the filter. ``SeccompProgram/compile(_:)``
/// leaves it out, as runc does (profiles name calls newer than the library); lint warns about it
/// (`seccomp-unknown-syscall`), since a typo there silently leaves the call to the default action.
public struct UnknownSyscall: Sendable, Equatable, CustomStringConvertible {
    /// The rule's index in `linux.seccomp.syscalls`, and the name's in its `names`.
    public var rule: Int
    public var index: Int
    public var name: String
    /// The nearest name libseccomp knows, when one is near enough to be a typo.
    public var suggestion: String?

    public init(rule: Int, index: Int, name: String, suggestion: String? = nil) {
        self.rule = rule
        self.index = index
        self.name = name
        self.suggestion = suggestion
    }

    /// The JSON pointer of the name, `/linux/seccomp/syscalls/3/names/1`.
    public var pointer: String { "/linux/seccomp/syscalls/\(rule)/names/\(index)" }

    /// "`opnat` is not a system call libseccomp 2.5.4 knows: the filter leaves it out; did you mean `openat`?"
    public var description: String {
        let text = "`\(name)` is not a system call libseccomp \(LibSeccomp.version) knows: the filter leaves it out"
        guard let suggestion else { return text }
        return text + "; did you mean `\(suggestion)`?"
    }
}

extension SeccompProgram {
    /// The names of `seccomp`'s rules that libseccomp knows on none of the filter's architectures (the native one and
    /// those listed that it knows), in the order they are written, each with the nearest known name if one is near.
    public static func unknownSyscalls(in seccomp: ContainerSpec.Seccomp) -> [UnknownSyscall] {
        let architectures = [LibSeccomp.nativeArchitecture] + seccomp.architectures.compactMap(LibSeccomp.architecture(named:))
        var unknown: [UnknownSyscall] = []
        // The nearest name is looked for once per distinct name, and for the first few only: lint shows at most
        // Linter.maxPerRule findings of a rule, and a profile of thousands of made-up names must not cost thousands
        // of searches through every name libseccomp knows.
        var suggestions: [String: String?] = [:]
        for (i, rule) in seccomp.syscalls.enumerated() {
            for (j, name) in rule.names.enumerated() where !name.isEmpty {
                guard !architectures.contains(where: { LibSeccomp.syscall(name, architecture: $0) != nil }) else { continue }
                if suggestions[name] == nil, suggestions.count < Linter.maxPerRule {
                    suggestions[name] = .some(Suggestion.nearest(to: name, in: LibSeccomp.knownSyscalls))
                }
                unknown.append(UnknownSyscall(rule: i, index: j, name: name, suggestion: suggestions[name] ?? nil))
            }
        }
        return unknown
    }
}
