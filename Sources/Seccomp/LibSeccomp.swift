internal import CSeccomp
import CShim
import Glibc
import LinuxSystem

/// The only file where libseccomp's C types appear: a filter context owned by a class that releases it in
/// `deinit`, and the library's stateless look-ups (architecture and system call names, its version). Failures come
/// back as ``SystemError`` naming the libseccomp call, with the errno it returned.
enum LibSeccomp {
    /// `2.5.4`.
    static var version: String {
        guard let v = seccomp_version() else { return "unknown" }
        return "\(v.pointee.major).\(v.pointee.minor).\(v.pointee.micro)"
    }

    /// The architecture token of this machine (SCMP_ARCH_X86_64 on x86_64), as the kernel reports it in
    /// seccomp_data.arch.
    static var nativeArchitecture: UInt32 { seccomp_arch_native() }

    /// The token of the x32 ABI, which the kernel reports as x86_64 (with bit 30 set in the call number).
    static let x32 = md_scmp_arch_x32
    static let x86_64 = md_scmp_arch_x86_64
    static let s390 = md_scmp_arch_s390
    static let s390x = md_scmp_arch_s390x

    /// The token of `SCMP_ARCH_X86_64` and the like, nil when this libseccomp does not know the architecture.
    static func architecture(named name: String) -> UInt32? {
        let prefix = "SCMP_ARCH_"
        guard name.hasPrefix(prefix), name.count > prefix.count, !name.utf8.contains(0) else { return nil }
        let token = seccomp_arch_resolve_name(String(name.dropFirst(prefix.count)).lowercased())
        return token == 0 ? nil : token
    }

    /// The number of system call `name` on `architecture` (0: the native one): a kernel number, or a negative
    /// pseudo number for a call libseccomp knows but that architecture does not have; nil when libseccomp does not
    /// know the name at all (nor a name with a NUL byte, which C would read only up to the NUL).
    static func syscall(_ name: String, architecture: UInt32 = 0) -> Int32? {
        guard !name.utf8.contains(0) else { return nil }
        let number = architecture == 0 ? seccomp_syscall_resolve_name(name) : seccomp_syscall_resolve_name_arch(architecture, name)
        return number == __NR_SCMP_ERROR ? nil : number
    }

    /// The name of system call `number` on `architecture` (0: the native one), nil when there is none.
    static func syscallName(_ number: Int32, architecture: UInt32 = 0) -> String? {
        guard let name = seccomp_syscall_resolve_num_arch(architecture, number) else { return nil }
        defer { free(name) }
        return String(cString: name)
    }

    /// One argument condition, as scmp_arg_cmp holds it.
    struct Condition: Sendable, Equatable {
        var index: UInt32
        /// enum scmp_compare (SCMP_CMP_EQ is 4).
        var op: UInt32
        var a: UInt64
        var b: UInt64
    }

    /// A filter being built: seccomp_init, then architectures, attributes and rules, then seccomp_export_bpf.
    final class Filter {
        private let context: scmp_filter_ctx

        /// seccomp_init(defaultAction); it fails for an action this libseccomp or kernel does not support.
        init(defaultAction: UInt32) throws(SystemError) {
            guard let context = seccomp_init(defaultAction) else {
                throw SystemError(call: "seccomp_init", errno: EINVAL, hint: "libseccomp or this kernel does not support the action")
            }
            self.context = context
        }

        deinit { seccomp_release(context) }

        /// seccomp_arch_add; an architecture already in the filter (the native one) is not an error.
        func add(architecture token: UInt32) throws(SystemError) {
            let result = seccomp_arch_add(context, token)
            guard result == 0 || result == -EEXIST else { throw SystemError(call: "seccomp_arch_add", errno: -result) }
        }

        /// seccomp_attr_set(SCMP_FLTATR_CTL_NNP): whether seccomp_load would set no_new_privs (mydocker sets it
        /// itself, when the spec asks).
        func setNoNewPrivileges(_ on: Bool) throws(SystemError) {
            try set(SCMP_FLTATR_CTL_NNP, on ? 1 : 0, "seccomp_attr_set(SCMP_FLTATR_CTL_NNP)")
        }

        /// seccomp_attr_set(SCMP_FLTATR_CTL_OPTIMIZE): 1 orders the rules by priority, 2 makes a binary tree of the
        /// call numbers (fewer instructions run per call with long lists).
        func setOptimization(_ level: UInt32) throws(SystemError) {
            try set(SCMP_FLTATR_CTL_OPTIMIZE, level, "seccomp_attr_set(SCMP_FLTATR_CTL_OPTIMIZE)")
        }

        private func set(_ attribute: scmp_filter_attr, _ value: UInt32, _ call: String) throws(SystemError) {
            let result = seccomp_attr_set(context, attribute, value)
            guard result == 0 else { throw SystemError(call: call, errno: -result) }
        }

        /// seccomp_rule_add_array: `action` for call `number` (native, or pseudo) when all `conditions` hold.
        func addRule(action: UInt32, syscall number: Int32, conditions: [Condition]) throws(SystemError) {
            var comparisons: [scmp_arg_cmp] = []
            comparisons.reserveCapacity(conditions.count)
            for c in conditions {
                comparisons.append(scmp_arg_cmp(arg: c.index, op: scmp_compare(rawValue: c.op), datum_a: c.a, datum_b: c.b))
            }
            let result = comparisons.withUnsafeBufferPointer { buffer in
                seccomp_rule_add_array(context, action, number, UInt32(buffer.count), buffer.baseAddress)
            }
            guard result == 0 else { throw SystemError(call: "seccomp_rule_add_array", errno: -result) }
        }

        /// seccomp_export_bpf into a memory file: the program as struct sock_filter words, in this machine's byte
        /// order.
        func exportBPF() throws(SystemError) -> [UInt8] {
            let fd = md_seccomp_memfd("mydocker-seccomp")
            guard fd >= 0 else { throw SystemError(call: "memfd_create", errno: Glibc.errno) }
            let file = FileDescriptor(owning: fd)
            let result = seccomp_export_bpf(context, file.rawValue)
            guard result == 0 else { throw SystemError(call: "seccomp_export_bpf", errno: -result) }
            guard lseek(file.rawValue, 0, SEEK_SET) == 0 else { throw SystemError(call: "lseek", errno: Glibc.errno) }
            return try file.readAll()
        }
    }
}

extension LibSeccomp {
    /// Every system call name libseccomp knows, for "did you mean". libseccomp 2.5 cannot list them, but every name
    /// has a number on the native architecture, a real one or a pseudo one (__PNR_*, from -101 for the socketcall
    /// and ipc multiplexed calls, from -10000 for the others): the names of those numbers.
    static let knownSyscalls: [String] = {
        var names: Set<String> = []
        for range in [0..<8192, -400 ..< -100, -11000 ..< -10000] {
            for number in range {
                if let name = syscallName(Int32(number)) { names.insert(name) }
            }
        }
        return names.sorted()
    }()
}
