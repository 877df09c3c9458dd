/// A BPF_PROG_TYPE_CGROUP_DEVICE program that carries out a list of device rules on cgroup v2, where the
/// kernel asks a program attached to the cgroup about every open(2) and mknod(2) of a device node. Building it is
/// pure; loading and attaching are in DeviceProgram+Attach.swift.
///
/// The program sees struct bpf_cgroup_dev_ctx in r1: `access_type` (the device type in the low 16 bits, the
/// access asked for in the high 16), `major` and `minor`, 32 bits each. Its layout:
///
///     r2 = type, r3 = access asked for (the part not yet decided), r4 = major, r5 = minor
///     one block per rule, the last rule first; a block that does not match jumps to the next one:
///       if r2 != type goto next        (not for type a)
///       if r4 != major goto next       (not for *)
///       if r5 != minor goto next       (not for *)
///       allow:  w3 &= ~access; if r3 != 0 goto next; r0 = 1; exit    (just r0 = 1; exit for rwm)
///       deny:   w1 = w3; w1 &= access; if r1 == 0 goto next; r0 = 0; exit    (just r0 = 0; exit for rwm)
///     r0 = 0; exit                     (what no rule allows is denied)
///
/// So each bit asked for is decided by the last rule that matches the device and names it
/// (``DeviceRules/allows(_:_:_:_:_:)``): an allow settles its bits and lets the request through once none is left,
/// a deny of any bit still open refuses it. A block that always returns (`deny a *:* rwm`, which engines put first)
/// ends the program: the verifier refuses instructions that cannot be reached.
///
/// runc's devicefilter (after crun's ebpf.c) has the same prologue and reverse order, but a block matches only
/// when the rule covers all that is asked, and runc first normalises the list with its cgroup v1 emulator; here the
/// bits are decided one by one, which needs no emulator and gives `allow c 1:3 rwm` then `deny c 1:3 w` its
/// meaning for a read-write open too.
public struct DeviceProgram: Sendable, Hashable, CustomStringConvertible {
    public let rules: [DeviceRule]
    public let instructions: [BPFInstruction]

    public init(rules: [DeviceRule]) throws(CgroupError) {
        try DeviceRules.validate(rules)
        self.rules = rules
        var program: [BPFInstruction] = [
            .load(2, from: 1, at: 0), .and(2, 0xffff),  // r2 = type
            .load(3, from: 1, at: 0), .shiftRight(3, 16),  // r3 = access
            .load(4, from: 1, at: 4),  // r4 = major
            .load(5, from: 1, at: 8),  // r5 = minor
        ]
        var settled = false  // by a block that always returns: nothing after it would run
        for rule in rules.reversed() where !settled {
            let block = Self.block(for: rule)
            program += block
            settled = !block.contains(where: \.isJump)
        }
        if !settled {
            program += [.move(0, 0), .return]
        }
        instructions = program
    }

    /// A program of just `instructions`, for tests of what the kernel says about programs this type never makes.
    init(rules: [DeviceRule], instructions: [BPFInstruction]) {
        self.rules = rules
        self.instructions = instructions
    }

    /// The instructions of one rule, its jumps to the instruction after it.
    private static func block(for rule: DeviceRule) -> [BPFInstruction] {
        var block: [BPFInstruction] = []
        if let type = rule.type.bpfValue { block.append(.jump(BPFInstruction.jumpIfNotEqual, 2, type)) }
        if let major = rule.major { block.append(.jump(BPFInstruction.jumpIfNotEqual, 4, Int32(major))) }
        if let minor = rule.minor { block.append(.jump(BPFInstruction.jumpIfNotEqual, 5, Int32(minor))) }
        let access = Int32(rule.access.rawValue)
        if rule.access != .all {
            if rule.allow {
                block += [.and(3, ~access), .jump(BPFInstruction.jumpIfNotEqual, 3, 0)]
            } else {
                block += [.move(1, from: 3), .and(1, access), .jump(BPFInstruction.jumpIfEqual, 1, 0)]
            }
        }
        block += [.move(0, rule.allow ? 1 : 0), .return]
        for index in block.indices where block[index].isJump {
            block[index].offset = Int16(block.count - index - 1)
        }
        return block
    }

    /// The instructions as the kernel would load them.
    public var bytes: [UInt8] { instructions.flatMap(\.bytes) }

    /// The program, one numbered instruction a line (`  6: if r2 != 0x2 goto +5`), to read next to the verifier's
    /// log or a failing test.
    public var description: String {
        let width = String(instructions.count - 1).count
        return instructions.enumerated().map { index, instruction in
            String(repeating: " ", count: width - String(index).count) + "\(index): \(instruction)"
        }.joined(separator: "\n")
    }
}
