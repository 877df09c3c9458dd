import Seccomp

/// Runs a seccomp program the way the kernel does, on a struct seccomp_data of our making, so that tests can ask
/// what a filter answers for any architecture and arguments without installing it. Knows the classic BPF
/// instructions libseccomp and the -ENOSYS stub emit; anything else is reported, not guessed.
struct BPFRunner {
    let instructions: [SeccompProgram.Instruction]

    init(_ program: SeccompProgram) {
        instructions = program.instructions
    }

    /// A call as the filter sees it: number, AUDIT_ARCH_* value, six arguments.
    struct Call {
        var number: UInt32
        var architecture: UInt32
        var arguments: [UInt64] = [0, 0, 0, 0, 0, 0]

        /// struct seccomp_data's 32-bit word at `offset`, as BPF_LD|BPF_W|BPF_ABS reads it (little endian).
        func word(at offset: UInt32) -> UInt32? {
            switch offset {
            case 0: return number
            case 4: return architecture
            case 8, 12: return 0  // instruction pointer
            case 16..<64 where offset % 4 == 0:
                let argument = arguments[Int(offset - 16) / 8]
                return offset % 8 == 0 ? UInt32(truncatingIfNeeded: argument) : UInt32(truncatingIfNeeded: argument >> 32)
            default: return nil
            }
        }
    }

    enum Failure: Error, Equatable {
        case unknownInstruction(UInt16, at: Int)
        case badOffset(UInt32, at: Int)
        case ranOffTheEnd
    }

    /// The action the program returns for `call`.
    func run(_ call: Call) throws(Failure) -> UInt32 {
        var a: UInt32 = 0
        var x: UInt32 = 0
        var memory = [UInt32](repeating: 0, count: 16)
        var pc = 0
        while pc < instructions.count {
            let i = instructions[pc]
            pc += 1
            switch i.code {
            case 0x20:  // ld [k]
                guard let word = call.word(at: i.k) else { throw .badOffset(i.k, at: pc - 1) }
                a = word
            case 0x00: a = i.k  // ld #k
            case 0x01: x = i.k  // ldx #k
            case 0x60: a = memory[Int(i.k & 15)]  // ld M[k]
            case 0x61: x = memory[Int(i.k & 15)]  // ldx M[k]
            case 0x02: memory[Int(i.k & 15)] = a  // st M[k]
            case 0x03: memory[Int(i.k & 15)] = x  // stx M[k]
            case 0x07: x = a  // tax
            case 0x87: a = x  // txa
            case 0x54: a &= i.k  // and #k
            case 0x44: a |= i.k  // or #k
            case 0x05: pc += Int(i.k)  // ja
            case 0x15: pc += a == i.k ? Int(i.jt) : Int(i.jf)  // jeq #k
            case 0x25: pc += a > i.k ? Int(i.jt) : Int(i.jf)  // jgt #k
            case 0x35: pc += a >= i.k ? Int(i.jt) : Int(i.jf)  // jge #k
            case 0x45: pc += a & i.k != 0 ? Int(i.jt) : Int(i.jf)  // jset #k
            case 0x1d: pc += a == x ? Int(i.jt) : Int(i.jf)  // jeq x
            case 0x2d: pc += a > x ? Int(i.jt) : Int(i.jf)  // jgt x
            case 0x3d: pc += a >= x ? Int(i.jt) : Int(i.jf)  // jge x
            case 0x06: return i.k  // ret #k
            case 0x16: return a  // ret a
            default: throw .unknownInstruction(i.code, at: pc - 1)
            }
        }
        throw .ranOffTheEnd
    }
}

/// The numbers tests speak in: libseccomp's action values and the kernel's AUDIT_ARCH_* values.
enum Action {
    static let killThread: UInt32 = 0
    static let killProcess: UInt32 = 0x8000_0000
    static let trap: UInt32 = 0x0003_0000
    static let allow: UInt32 = 0x7fff_0000
    static let log: UInt32 = 0x7ffc_0000
    static func errno(_ code: UInt32) -> UInt32 { 0x0005_0000 | code }
    static func trace(_ code: UInt32) -> UInt32 { 0x7ff0_0000 | code }
}

enum AuditArch {
    static let x86_64: UInt32 = 0xc000_003e
    static let i386: UInt32 = 0x4000_0003
    static let aarch64: UInt32 = 0xc000_00b7
}
