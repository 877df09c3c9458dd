import CShim
import Glibc

extension SeccompProgram {
    /// Installs the filter in the calling process: seccomp(SECCOMP_SET_MODE_FILTER) with ``flags``, no libseccomp,
    /// no allocation (the re-executed child calls this last, just before execve). The caller must have set
    /// no_new_privs, or hold CAP_SYS_ADMIN; from then on the filter judges every call of this process and of
    /// everything it starts.
    public func install() throws(SeccompError) {
        let count = UInt32(instructionCount)
        let flags = self.flags
        let failure: Int32 = bytes.withUnsafeBytes { raw in
            md_seccomp_set_filter(raw.baseAddress, count, flags) == 0 ? 0 : Glibc.errno
        }
        guard failure != 0 else { return }
        // Only string literals below: nothing is allocated on the way out either.
        let hint: String? =
            switch failure {
            case EACCES: "set no_new_privs first, or hold CAP_SYS_ADMIN"
            case EINVAL: "the kernel refused the program or a flag (SPEC_ALLOW needs Linux 4.17, LOG 4.14)"
            case ESRCH: "another thread could not take the filter (TSYNC)"
            default: nil
            }
        throw SeccompError(what: "install the seccomp filter", call: "seccomp(SECCOMP_SET_MODE_FILTER)", errno: failure, hint: hint)
    }
}
