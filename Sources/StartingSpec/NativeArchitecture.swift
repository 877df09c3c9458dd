/// The architecture a profile is converted for, under the two names profiles use: the one of Go and
/// libseccomp-golang in `includes.arches` and `excludes.arches` (`amd64`), and libseccomp's in `archMap`
/// and `architectures` (`SCMP_ARCH_X86_64`).
public struct NativeArchitecture: Sendable, Equatable {
    /// As libseccomp-golang's `ScmpArch.String()` spells it, which containers/common compares with `arches`.
    public var goName: String
    public var seccompName: String

    public init(goName: String, seccompName: String) {
        self.goName = goName
        self.seccompName = seccompName
    }

    /// The architecture of a machine name as uname(2) gives it (`x86_64`, `aarch64`, `armv7l`); nil for one
    /// seccomp profiles do not name.
    public init?(machine: String) {
        let names: (String, String)? = switch machine {
        case "x86_64", "amd64": ("amd64", "SCMP_ARCH_X86_64")
        case "i386", "i486", "i586", "i686": ("x86", "SCMP_ARCH_X86")
        case "aarch64", "arm64": ("arm64", "SCMP_ARCH_AARCH64")
        case _ where machine.hasPrefix("armv") || machine == "arm": ("arm", "SCMP_ARCH_ARM")
        case "ppc64le": ("ppc64le", "SCMP_ARCH_PPC64LE")
        case "ppc64": ("ppc64", "SCMP_ARCH_PPC64")
        case "ppc": ("ppc", "SCMP_ARCH_PPC")
        case "s390x": ("s390x", "SCMP_ARCH_S390X")
        case "s390": ("s390", "SCMP_ARCH_S390")
        case "mips64": ("mips64", "SCMP_ARCH_MIPS64")
        case "mips": ("mips", "SCMP_ARCH_MIPS")
        case "riscv64": ("riscv64", "SCMP_ARCH_RISCV64")
        case "loongarch64": ("loong64", "SCMP_ARCH_LOONGARCH64")
        case "parisc64": ("parisc64", "SCMP_ARCH_PARISC64")
        case "parisc": ("parisc", "SCMP_ARCH_PARISC")
        default: nil
        }
        guard let (go, seccomp) = names else { return nil }
        self.init(goName: go, seccompName: seccomp)
    }

    public static let x86_64 = NativeArchitecture(goName: "amd64", seccompName: "SCMP_ARCH_X86_64")
}
