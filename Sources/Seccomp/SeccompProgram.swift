import CShim

/// A compiled `linux.seccomp`: the classic BPF program seccomp(2) takes (struct sock_filter instructions, 8 bytes
/// each, in this machine's byte order) and the SECCOMP_FILTER_FLAG_* bits to install it with.
///
/// Plain bytes, so that the parent can compile (``compile(_:)``, or ``SeccompCache``) and ship the program to the
/// re-executed child, which installs it (``install()``) without libseccomp, just before execve.
public struct SeccompProgram: Sendable, Equatable {
    public let bytes: [UInt8]
    public let flags: UInt32

    /// A program received from elsewhere (the parent, a cache file), refused unless it is whole instructions, 1 to
    /// 4096 of them (the kernel's limit), with no flag bits but TSYNC, LOG and SPEC_ALLOW.
    public init(bytes: [UInt8], flags: UInt32) throws(SeccompError) {
        let size = MemoryLayout<UInt64>.size
        guard !bytes.isEmpty, bytes.count % size == 0 else {
            throw SeccompError(what: "a seccomp program of \(bytes.count) bytes", hint: "not a whole number of 8-byte instructions")
        }
        guard bytes.count / size <= Self.maximumInstructions else {
            throw SeccompError(
                what: "a seccomp program of \(bytes.count / size) instructions",
                hint: "the kernel takes at most \(Self.maximumInstructions): the profile has too many rules")
        }
        guard flags & ~SeccompVocabulary.allFlags == 0 else {
            throw SeccompError(what: "seccomp flags \(flags)", hint: "only TSYNC (1), LOG (2) and SPEC_ALLOW (4) are known")
        }
        self.bytes = bytes
        self.flags = flags
    }

    /// The most instructions the kernel takes in one filter (BPF_MAXINSNS).
    public static let maximumInstructions = Int(MD_SECCOMP_MAX_INSTRUCTIONS)

    public var instructionCount: Int { bytes.count / MemoryLayout<UInt64>.size }

    /// The instructions, decoded.
    public var instructions: [Instruction] {
        var out: [Instruction] = []
        out.reserveCapacity(instructionCount)
        bytes.withUnsafeBytes { raw in
            for offset in stride(from: 0, to: raw.count, by: 8) {
                out.append(Instruction(
                    code: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self),
                    jt: raw[offset + 2], jf: raw[offset + 3],
                    k: raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
            }
        }
        return out
    }

    /// One struct sock_filter: an opcode, the forward jumps when a test holds (`jt`) or not (`jf`), and a constant.
    public struct Instruction: Sendable, Equatable, CustomStringConvertible {
        public var code: UInt16
        public var jt: UInt8
        public var jf: UInt8
        public var k: UInt32

        public init(code: UInt16, jt: UInt8 = 0, jf: UInt8 = 0, k: UInt32 = 0) {
            self.code = code
            self.jt = jt
            self.jf = jf
            self.k = k
        }

        /// The 8 bytes of struct sock_filter, in this machine's byte order.
        var bytes: [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(8)
            withUnsafeBytes(of: code) { out += $0 }
            out += [jt, jf]
            withUnsafeBytes(of: k) { out += $0 }
            return out
        }

        /// `{ 0x15, 3, 0, 0xc000003e }`, as the C initialiser would read.
        public var description: String {
            "{ 0x\(String(code, radix: 16)), \(jt), \(jf), 0x\(String(k, radix: 16)) }"
        }
    }
}
