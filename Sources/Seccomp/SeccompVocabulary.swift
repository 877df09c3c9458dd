internal import CSeccomp
import CShim
import DidYouMean
import Glibc
import Spec

/// What each word of `linux.seccomp` means to libseccomp and seccomp(2): the actions, comparison operators,
/// architectures and flags that ``SeccompNames`` lists, with the OCI runtime-spec's rules about them. Every refusal
/// names the field (`what`) and says what to write instead.
enum SeccompVocabulary {
    /// libseccomp's value of action `name` (`SCMP_ACT_ERRNO` with its errno in the low 16 bits).
    ///
    /// As runc: `SCMP_ACT_KILL` is `SCMP_ACT_KILL_THREAD`, and errnoRet defaults to EPERM. As the OCI spec says
    /// (and crun does; runc ignores it), an errnoRet on an action that returns no errno is an error. An errno
    /// libseccomp refuses (above 4094) is named here rather than by a bare EINVAL from libseccomp; runc truncates
    /// errnoRet to 16 bits first, which can turn 65536 into 0, a call that "succeeds".
    static func action(_ name: String, errnoRet: UInt32?, what: String) throws(SeccompError) -> UInt32 {
        switch name {
        case "SCMP_ACT_ERRNO":
            let code = errnoRet ?? UInt32(EPERM)
            guard code <= largestErrno else {
                throw SeccompError(what: what, hint: "errnoRet \(code) is above \(largestErrno), the largest errno libseccomp returns")
            }
            return md_scmp_act_errno(UInt16(code))
        case "SCMP_ACT_TRACE":
            let code = errnoRet ?? UInt32(EPERM)
            guard code <= UInt32(UInt16.max) else {
                throw SeccompError(what: what, hint: "errnoRet \(code) is above 65535, the most SCMP_ACT_TRACE passes to the tracer")
            }
            return md_scmp_act_trace(UInt16(code))
        case "SCMP_ACT_NOTIFY":
            throw SeccompError(
                what: what,
                hint: "SCMP_ACT_NOTIFY hands calls to a seccomp agent at listenerPath, which mydocker does not support yet: use SCMP_ACT_ERRNO or SCMP_ACT_ALLOW")
        default:
            break
        }
        let value: UInt32
        switch name {
        case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD": value = SCMP_ACT_KILL_THREAD
        case "SCMP_ACT_KILL_PROCESS": value = SCMP_ACT_KILL_PROCESS
        case "SCMP_ACT_TRAP": value = SCMP_ACT_TRAP
        case "SCMP_ACT_ALLOW": value = SCMP_ACT_ALLOW
        case "SCMP_ACT_LOG": value = SCMP_ACT_LOG
        default:
            throw SeccompError(what: what, hint: unknown("action", name, SeccompNames.actions))
        }
        guard errnoRet == nil else {
            throw SeccompError(what: what, hint: "errnoRet is only for SCMP_ACT_ERRNO and SCMP_ACT_TRACE, not \(name): remove it")
        }
        return value
    }

    /// The largest errno libseccomp accepts in SCMP_ACT_ERRNO (it wants less than the kernel's MAX_ERRNO, 4095).
    static let largestErrno: UInt32 = 4094

    /// Whether a call no rule names may run under `action` (allow, log, trace): then runc adds no -ENOSYS stub,
    /// and neither does ``EnosysStub``.
    static func isPermissive(_ action: UInt32) -> Bool {
        action == SCMP_ACT_ALLOW || action == SCMP_ACT_LOG || action & 0xffff_0000 == md_scmp_act_trace(0)
    }

    /// libseccomp's action that returns ENOSYS.
    static let enosys = md_scmp_act_errno(UInt16(ENOSYS))

    /// enum scmp_compare of operator `name`.
    static func comparison(_ name: String, what: String) throws(SeccompError) -> UInt32 {
        let op: scmp_compare
        switch name {
        case "SCMP_CMP_NE": op = SCMP_CMP_NE
        case "SCMP_CMP_LT": op = SCMP_CMP_LT
        case "SCMP_CMP_LE": op = SCMP_CMP_LE
        case "SCMP_CMP_EQ": op = SCMP_CMP_EQ
        case "SCMP_CMP_GE": op = SCMP_CMP_GE
        case "SCMP_CMP_GT": op = SCMP_CMP_GT
        case "SCMP_CMP_MASKED_EQ": op = SCMP_CMP_MASKED_EQ
        default: throw SeccompError(what: what, hint: unknown("operator", name, SeccompNames.operators))
        }
        return op.rawValue
    }

    /// The SECCOMP_FILTER_FLAG_* bit of flag `name`. As runc, TSYNC, LOG and SPEC_ALLOW; WAIT_KILLABLE_RECV only
    /// means something to a seccomp agent's listener, which mydocker does not support yet.
    static func flag(_ name: String, what: String) throws(SeccompError) -> UInt32 {
        switch name {
        case "SECCOMP_FILTER_FLAG_TSYNC": return UInt32(MD_SECCOMP_FILTER_FLAG_TSYNC)
        case "SECCOMP_FILTER_FLAG_LOG": return UInt32(MD_SECCOMP_FILTER_FLAG_LOG)
        case "SECCOMP_FILTER_FLAG_SPEC_ALLOW": return UInt32(MD_SECCOMP_FILTER_FLAG_SPEC_ALLOW)
        case "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV":
            throw SeccompError(what: what, hint: "\(name) applies to a seccomp agent's listener (SCMP_ACT_NOTIFY), which mydocker does not support yet: remove it")
        default:
            throw SeccompError(what: what, hint: unknown("flag", name, SeccompNames.flags))
        }
    }

    /// Every flag bit ``flag(_:what:)`` gives.
    static let allFlags = UInt32(MD_SECCOMP_FILTER_FLAG_TSYNC | MD_SECCOMP_FILTER_FLAG_LOG
        | MD_SECCOMP_FILTER_FLAG_SPEC_ALLOW)

    /// libseccomp's token of architecture `name` (`SCMP_ARCH_X86`).
    static func architecture(_ name: String, what: String) throws(SeccompError) -> UInt32 {
        if let token = LibSeccomp.architecture(named: name) { return token }
        if SeccompNames.architectures.contains(name) {
            throw SeccompError(what: what, hint: "libseccomp \(LibSeccomp.version) does not know the architecture \(name)")
        }
        throw SeccompError(what: what, hint: unknown("architecture", name, SeccompNames.architectures))
    }

    /// `unknown action `SCMP_ACT_ALOW`: did you mean SCMP_ACT_ALLOW?`
    static func unknown(_ kind: String, _ name: String, _ known: [String]) -> String {
        let text = "unknown \(kind) `\(name)`"
        guard let nearest = Suggestion.nearest(to: name, in: known) else { return text }
        return text + ": did you mean \(nearest)?"
    }
}
