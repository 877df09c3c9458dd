/// One eBPF instruction (struct bpf_insn): 8 bytes, the opcode, the destination register in the low nibble and
/// the source register in the high nibble of the second byte, a 16-bit jump offset and a 32-bit immediate, little
/// endian. Only the few instructions a device program needs are made here.
public struct BPFInstruction: Sendable, Hashable, CustomStringConvertible {
    public var code: UInt8
    public var dst: UInt8
    public var src: UInt8
    /// For jumps: how many instructions to skip after this one.
    public var offset: Int16
    public var immediate: Int32

    public init(code: UInt8, dst: UInt8 = 0, src: UInt8 = 0, offset: Int16 = 0, immediate: Int32 = 0) {
        self.code = code
        self.dst = dst
        self.src = src
        self.offset = offset
        self.immediate = immediate
    }

    // MARK: opcodes (class | operation | source; see the kernel's Documentation/bpf/standardization/instruction-set.rst)

    /// BPF_LDX | BPF_MEM | BPF_W: dst = *(u32 *)(src + offset).
    static let loadWord: UInt8 = 0x61
    /// BPF_ALU | BPF_AND | BPF_K: 32-bit dst &= immediate (the upper half cleared).
    static let and32: UInt8 = 0x54
    /// BPF_ALU | BPF_RSH | BPF_K: 32-bit dst >>= immediate.
    static let shiftRight32: UInt8 = 0x74
    /// BPF_ALU | BPF_MOV | BPF_X: 32-bit dst = src.
    static let move32: UInt8 = 0xbc
    /// BPF_ALU64 | BPF_MOV | BPF_K: dst = immediate.
    static let moveImmediate: UInt8 = 0xb7
    /// BPF_JMP | BPF_JNE | BPF_K: if dst != immediate, skip offset instructions.
    static let jumpIfNotEqual: UInt8 = 0x55
    /// BPF_JMP | BPF_JEQ | BPF_K: if dst == immediate, skip offset instructions.
    static let jumpIfEqual: UInt8 = 0x15
    /// BPF_JMP | BPF_EXIT: return r0.
    static let exit: UInt8 = 0x95

    static func load(_ dst: UInt8, from src: UInt8, at offset: Int16) -> BPFInstruction {
        BPFInstruction(code: loadWord, dst: dst, src: src, offset: offset)
    }

    static func and(_ dst: UInt8, _ immediate: Int32) -> BPFInstruction {
        BPFInstruction(code: and32, dst: dst, immediate: immediate)
    }

    static func shiftRight(_ dst: UInt8, _ immediate: Int32) -> BPFInstruction {
        BPFInstruction(code: shiftRight32, dst: dst, immediate: immediate)
    }

    static func move(_ dst: UInt8, from src: UInt8) -> BPFInstruction {
        BPFInstruction(code: move32, dst: dst, src: src)
    }

    static func move(_ dst: UInt8, _ immediate: Int32) -> BPFInstruction {
        BPFInstruction(code: moveImmediate, dst: dst, immediate: immediate)
    }

    /// A jump whose offset is filled in when its target is known.
    static func jump(_ code: UInt8, _ dst: UInt8, _ immediate: Int32) -> BPFInstruction {
        BPFInstruction(code: code, dst: dst, immediate: immediate)
    }

    static let `return` = BPFInstruction(code: exit)

    var isJump: Bool { code == Self.jumpIfNotEqual || code == Self.jumpIfEqual }

    // MARK: encoding

    /// The 8 bytes the kernel reads.
    public var bytes: [UInt8] {
        let off = UInt16(bitPattern: offset)
        let imm = UInt32(bitPattern: immediate)
        return [code, (src << 4) | (dst & 0x0f), UInt8(off & 0xff), UInt8(off >> 8)]
            + (0..<4).map { UInt8((imm >> (8 * $0)) & 0xff) }
    }

    /// The instruction as the kernel's verifier log prints it (`r2 = *(u32 *)(r1 +0)`, `if r2 != 0x2 goto +5`).
    public var description: String {
        switch code {
        case Self.loadWord: "r\(dst) = *(u32 *)(r\(src) +\(offset))"
        case Self.and32: "w\(dst) &= \(hex(immediate))"
        case Self.shiftRight32: "w\(dst) >>= \(immediate)"
        case Self.move32: "w\(dst) = w\(src)"
        case Self.moveImmediate: "r\(dst) = \(immediate)"
        case Self.jumpIfNotEqual: "if r\(dst) != \(hex(immediate)) goto \(offset < 0 ? "" : "+")\(offset)"
        case Self.jumpIfEqual: "if r\(dst) == \(hex(immediate)) goto \(offset < 0 ? "" : "+")\(offset)"
        case Self.exit: "exit"
        default: "(code 0x\(String(code, radix: 16)) dst r\(dst) src r\(src) off \(offset) imm \(immediate))"
        }
    }

    private func hex(_ value: Int32) -> String { "0x" + String(UInt32(bitPattern: value), radix: 16) }
}
