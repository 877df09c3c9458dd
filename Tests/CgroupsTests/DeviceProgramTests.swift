import Testing
@testable import Cgroups

private func allow(_ type: DeviceType, _ major: Int64?, _ minor: Int64?, _ access: String) -> DeviceRule {
    DeviceRule(allow: true, type: type, major: major, minor: minor, access: DeviceAccess(access)!)
}

private func deny(_ type: DeviceType, _ major: Int64?, _ minor: Int64?, _ access: String) -> DeviceRule {
    DeviceRule(allow: false, type: type, major: major, minor: minor, access: DeviceAccess(access)!)
}

/// Runs `program` the way the kernel would on struct bpf_cgroup_dev_ctx, for the few instructions it uses; nil when
/// it does something the verifier would refuse (a jump out of the program, an unknown instruction, falling off the
/// end). `reached` collects the instructions that ran.
private func run(_ program: DeviceProgram, _ type: DeviceType, _ major: Int64, _ minor: Int64, _ access: DeviceAccess,
                 reached: inout Set<Int>) -> Bool? {
    let context: [Int16: UInt64] = [0: UInt64(access.rawValue) << 16 | UInt64(type.bpfValue!), 4: UInt64(major), 8: UInt64(minor)]
    var registers = [UInt64](repeating: 0, count: 11)
    var pc = 0
    let code = program.instructions
    while code.indices.contains(pc) {
        reached.insert(pc)
        let i = code[pc]
        let dst = Int(i.dst)
        let immediate = UInt64(bitPattern: Int64(i.immediate))  // sign-extended, as the kernel does
        pc += 1
        switch i.code {
        case 0x61:
            guard i.src == 1, let value = context[i.offset] else { return nil }
            registers[dst] = value
        case 0x54: registers[dst] = (registers[dst] & immediate) & 0xffff_ffff
        case 0x74: registers[dst] = (registers[dst] & 0xffff_ffff) >> immediate
        case 0xbc: registers[dst] = registers[Int(i.src)] & 0xffff_ffff
        case 0xb7: registers[dst] = immediate
        case 0x55: if registers[dst] != immediate { pc += Int(i.offset) }
        case 0x15: if registers[dst] == immediate { pc += Int(i.offset) }
        case 0x95:
            guard registers[0] <= 1 else { return nil }
            return registers[0] == 1
        default: return nil
        }
    }
    return nil
}

/// Every access combination, not only the ones the kernel asks.
private let everyAccess = (1...7).map { DeviceAccess(rawValue: UInt8($0)) }

/// The program for `rules` decides as ``DeviceRules/allows`` on every kind of device the rules tell apart, and
/// every instruction of it can run.
private func expectProgramFollowsTheRules(_ rules: [DeviceRule], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let program = try DeviceProgram(rules: rules)
    let majors = Set(rules.compactMap(\.major)).sorted() + [999]
    let minors = Set(rules.compactMap(\.minor)).sorted() + [9999]
    var reached = Set<Int>()
    for type in DeviceType.concrete {
        for major in majors {
            for minor in minors {
                for access in everyAccess {
                    let ran = run(program, type, major, minor, access, reached: &reached)
                    let wanted = DeviceRules.allows(rules, type, major, minor, access)
                    #expect(ran == wanted, "\(type.rawValue) \(major):\(minor) \(access)\n\(program)", sourceLocation: sourceLocation)
                }
            }
        }
    }
    #expect(reached == Set(program.instructions.indices), "unreachable instructions\n\(program)", sourceLocation: sourceLocation)
}

@Suite struct DeviceProgramTests {
    @Test func theInstructionBytesOfASmallProgram() throws {
        let program = try DeviceProgram(rules: [DeviceRules.denyAll, allow(.char, 1, 3, "rwm")])
        let hex = program.instructions.map { $0.bytes.map { String($0, radix: 16).leftPadded(2) }.joined(separator: " ") }
        #expect(hex == [
            "61 12 00 00 00 00 00 00",  // r2 = *(u32 *)(r1 +0)
            "54 02 00 00 ff ff 00 00",  // w2 &= 0xffff
            "61 13 00 00 00 00 00 00",  // r3 = *(u32 *)(r1 +0)
            "74 03 00 00 10 00 00 00",  // w3 >>= 16
            "61 14 04 00 00 00 00 00",  // r4 = *(u32 *)(r1 +4)
            "61 15 08 00 00 00 00 00",  // r5 = *(u32 *)(r1 +8)
            "55 02 04 00 02 00 00 00",  // if r2 != 0x2 goto +4
            "55 04 03 00 01 00 00 00",  // if r4 != 0x1 goto +3
            "55 05 02 00 03 00 00 00",  // if r5 != 0x3 goto +2
            "b7 00 00 00 01 00 00 00",  // r0 = 1
            "95 00 00 00 00 00 00 00",  // exit
            "b7 00 00 00 00 00 00 00",  // r0 = 0
            "95 00 00 00 00 00 00 00",  // exit
        ])
        #expect(program.bytes.count == 13 * 8)
    }

    @Test func theListingOfPartialAccessRules() throws {
        let program = try DeviceProgram(rules: [DeviceRules.denyAll, allow(.char, 1, 3, "rwm"), allow(.block, nil, nil, "m"), deny(.char, 1, 3, "w")])
        #expect(program.description == """
             0: r2 = *(u32 *)(r1 +0)
             1: w2 &= 0xffff
             2: r3 = *(u32 *)(r1 +0)
             3: w3 >>= 16
             4: r4 = *(u32 *)(r1 +4)
             5: r5 = *(u32 *)(r1 +8)
             6: if r2 != 0x2 goto +7
             7: if r4 != 0x1 goto +6
             8: if r5 != 0x3 goto +5
             9: w1 = w3
            10: w1 &= 0x4
            11: if r1 == 0x0 goto +2
            12: r0 = 0
            13: exit
            14: if r2 != 0x1 goto +4
            15: w3 &= 0xfffffffe
            16: if r3 != 0x0 goto +2
            17: r0 = 1
            18: exit
            19: if r2 != 0x2 goto +4
            20: if r4 != 0x1 goto +3
            21: if r5 != 0x3 goto +2
            22: r0 = 1
            23: exit
            24: r0 = 0
            25: exit
            """)
    }

    @Test func noRulesDenyEverythingAndAllowAllAllowsEverything() throws {
        #expect(try DeviceProgram(rules: []).instructions.suffix(3).map(\.description) == ["r5 = *(u32 *)(r1 +8)", "r0 = 0", "exit"])
        let all = try DeviceProgram(rules: [DeviceRules.denyAll, DeviceRule(allow: true, type: .all, access: .all)])
        #expect(all.instructions.suffix(2).map(\.description) == ["r0 = 1", "exit"])
        #expect(all.instructions.count == 8)  // the deny before it can never decide anything
    }

    @Test func theProgramFollowsTheRules() throws {
        try expectProgramFollowsTheRules(DeviceRules.effective(specRules: [DeviceRules.denyAll]))
        try expectProgramFollowsTheRules(DeviceRules.effective(specRules: []))
        try expectProgramFollowsTheRules([DeviceRules.denyAll, allow(.char, 1, nil, "rwm"), deny(.char, 1, 3, "w")])
        try expectProgramFollowsTheRules([deny(.char, 1, 3, "rwm"), allow(.char, 1, nil, "r")])
        try expectProgramFollowsTheRules([allow(.char, 1, 3, "r"), allow(.char, 1, 3, "w"), deny(.all, nil, 3, "m")])
        try expectProgramFollowsTheRules([DeviceRule(allow: true, type: .all, access: .all), deny(.block, 8, nil, "w"), deny(.all, 7, 1, "rw")])
        try expectProgramFollowsTheRules([allow(.all, 7, nil, "rw"), deny(.char, nil, 1, "r"), allow(.char, 7, 1, "rm")])
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
