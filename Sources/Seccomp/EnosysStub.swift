/// The prefix runc puts before libseccomp's program (libcontainer/seccomp/patchbpf): a call whose number is above
/// every number the profile names on its architecture gets ENOSYS instead of the default action, so that a program
/// meeting a system call newer than its profile falls back (as glibc does from clone3 to clone) instead of failing
/// with EPERM or being killed. Like runc, only when the default action is not permissive (allow, log, trace), and only
/// for the architectures the profile lists.
///
/// Layout, with `A` the architectures in increasing AUDIT_ARCH order (x86_64 and x32 share one):
///
///     ld  [4]                         arch
///     jeq #A, section A               one per architecture
///     ja  filter                      an architecture not listed: libseccomp decides
///   section A:
///     ld  [0]                         call number
///     jeq #0, enosys                  s390 and s390x only: setup(2), where the kernel leaves calls it does not know
///     jset #0x40000000, …             x86_64: x32 calls (bit 30) go to their own test, or to the filter
///     jgt #largest, enosys, filter
///   enosys:
///     ret #SCMP_ACT_ERRNO(ENOSYS)
///   filter:                           libseccomp's program
///
/// runc skips the stub when defaultErrnoRet is ENOSYS (it means to: its test compares the errno with the action
/// value, so it never does); here a default action that already returns ENOSYS gets no stub, which behaves the same.
enum EnosysStub {
    /// The largest call numbers the profile names on one kernel architecture.
    struct Section: Equatable {
        /// seccomp_data.arch: the AUDIT_ARCH_* value (AUDIT_ARCH_X86_64 for x32 too).
        var architecture: UInt32
        /// Of the architecture's own ABI; for x86_64 the calls without bit 30.
        var largest: UInt32?
        /// x86_64 only: of the x32 ABI (bit 30 included).
        var largestX32: UInt32?
    }

    /// The sections for the listed architecture tokens (deduplicated), each with the largest number any of
    /// `names` has there (names libseccomp does not know there, or that are not calls there, do not count). An
    /// architecture where no name is a call gets no section, as in runc.
    static func sections(architectures: [UInt32], names: [String]) -> [Section] {
        var byArchitecture: [UInt32: Section] = [:]
        var seen: Set<UInt32> = []
        for token in architectures where seen.insert(token).inserted {
            var largest: Int32 = 0
            for name in names {
                if let number = LibSeccomp.syscall(name, architecture: token), number > largest { largest = number }
            }
            guard largest > 0 else { continue }
            let isX32 = token == LibSeccomp.x32
            let architecture = isX32 ? LibSeccomp.x86_64 : token
            var section = byArchitecture[architecture] ?? Section(architecture: architecture)
            if isX32 { section.largestX32 = UInt32(largest) } else { section.largest = UInt32(largest) }
            byArchitecture[architecture] = section
        }
        return byArchitecture.values.sorted { $0.architecture < $1.architecture }
    }

    /// The stub's instructions (none without sections); jumps past its end land on the first instruction after it.
    static func instructions(for sections: [Section]) throws(SeccompError) -> [SeccompProgram.Instruction] {
        guard !sections.isEmpty else { return [] }
        var starts: [Int] = []
        var position = 2 + sections.count
        for section in sections {
            starts.append(position)
            position += size(of: section)
        }
        let enosys = position
        let filter = enosys + 1
        var out: [SeccompProgram.Instruction] = []
        /// Appends one instruction; `jt` and `jf` are the positions it jumps to (nil: the next instruction).
        func emit(_ code: UInt16, _ k: UInt32, jt: Int? = nil, jf: Int? = nil) throws(SeccompError) {
            let next = out.count + 1
            let (whenTrue, whenFalse) = (jt ?? next, jf ?? next)
            guard whenTrue >= next, whenFalse >= next, whenTrue - next <= Int(UInt8.max), whenFalse - next <= Int(UInt8.max) else {
                throw SeccompError(what: "the -ENOSYS stub", hint: "a jump does not fit in 8 bits")
            }
            out.append(.init(code: code, jt: UInt8(whenTrue - next), jf: UInt8(whenFalse - next), k: k))
        }
        try emit(Op.loadWord, 4)
        for (section, start) in zip(sections, starts) {
            try emit(Op.jumpIfEqual, section.architecture, jt: start)
        }
        try emit(Op.jump, UInt32(filter - out.count - 1))
        for section in sections {
            try emit(Op.loadWord, 0)
            if section.architecture == LibSeccomp.s390 || section.architecture == LibSeccomp.s390x {
                try emit(Op.jumpIfEqual, 0, jt: enosys)
            }
            switch (section.largest, section.largestX32) {
            case (let largest?, let x32?):
                try emit(Op.jumpIfSet, x32Bit, jt: out.count + 2)
                try emit(Op.jumpIfGreater, largest, jt: enosys, jf: filter)
                try emit(Op.jumpIfGreater, x32, jt: enosys, jf: filter)
            case (let largest?, nil):
                if section.architecture == LibSeccomp.x86_64 { try emit(Op.jumpIfSet, x32Bit, jt: filter) }
                try emit(Op.jumpIfGreater, largest, jt: enosys, jf: filter)
            case (nil, let x32?):
                try emit(Op.jumpIfSet, x32Bit, jf: filter)
                try emit(Op.jumpIfGreater, x32, jt: enosys, jf: filter)
            case (nil, nil):
                break
            }
        }
        try emit(Op.returnConstant, SeccompVocabulary.enosys)
        return out
    }

    /// How many instructions the section of `section` takes.
    private static func size(of section: Section) -> Int {
        var size = 1
        if section.architecture == LibSeccomp.s390 || section.architecture == LibSeccomp.s390x { size += 1 }
        switch (section.largest, section.largestX32) {
        case (_?, _?): size += 3
        case (_?, nil): size += section.architecture == LibSeccomp.x86_64 ? 2 : 1
        case (nil, _?): size += 2
        case (nil, nil): break
        }
        return size
    }

    /// Bit 30 of an x32 call number (__X32_SYSCALL_BIT).
    static let x32Bit: UInt32 = 0x4000_0000

    /// The classic BPF opcodes the stub uses (linux/bpf_common.h).
    enum Op {
        static let loadWord: UInt16 = 0x20  // BPF_LD | BPF_W | BPF_ABS
        static let jump: UInt16 = 0x05  // BPF_JMP | BPF_JA
        static let jumpIfEqual: UInt16 = 0x15  // BPF_JMP | BPF_JEQ | BPF_K
        static let jumpIfGreater: UInt16 = 0x25  // BPF_JMP | BPF_JGT | BPF_K
        static let jumpIfSet: UInt16 = 0x45  // BPF_JMP | BPF_JSET | BPF_K
        static let returnConstant: UInt16 = 0x06  // BPF_RET | BPF_K
    }
}
