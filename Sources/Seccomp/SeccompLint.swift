import Spec

/// The lint rule the Spec module leaves to the Seccomp module: a system call name of `linux.seccomp` that
/// libseccomp does not know on any of the filter's architectures (the filter leaves it out, as runc's does).
/// `mydocker lint` and the lint fuzz target pass it to ``Linter/lint(bytes:file:baseDirectory:external:)``.
public enum SeccompLint {
    public static func findings(_ spec: ContainerSpec) -> [ExternalFinding] {
        guard let seccomp = spec.linux.seccomp else { return [] }
        return SeccompProgram.unknownSyscalls(in: seccomp).map {
            ExternalFinding(rule: .seccompUnknownSyscall, pointer: $0.pointer, message: "`linux.seccomp.syscalls[\($0.rule)].names`: \($0.description)")
        }
    }
}
