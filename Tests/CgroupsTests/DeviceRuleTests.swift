import Testing
@testable import Cgroups

/// `c 1:3 rwm` and friends, for short tests.
private func allow(_ type: DeviceType, _ major: Int64?, _ minor: Int64?, _ access: String) -> DeviceRule {
    DeviceRule(allow: true, type: type, major: major, minor: minor, access: DeviceAccess(access)!)
}

private func deny(_ type: DeviceType, _ major: Int64?, _ minor: Int64?, _ access: String) -> DeviceRule {
    DeviceRule(allow: false, type: type, major: major, minor: minor, access: DeviceAccess(access)!)
}

private let r = DeviceAccess.read
private let w = DeviceAccess.write
private let rw: DeviceAccess = [.read, .write]
private let m = DeviceAccess.mknod

@Suite struct DeviceRuleTests {
    @Test func accessIsWrittenRWMInThatOrder() {
        #expect(DeviceAccess("mwr") == .all)
        #expect(DeviceAccess("mwr")?.description == "rwm")
        #expect(DeviceAccess("")?.isEmpty == true)
        #expect(DeviceAccess("rx") == nil)
        #expect(DeviceAccess("rr") == nil)
    }

    @Test func rulesReadAsCgroupV1Lines() {
        #expect(allow(.char, 1, 3, "rwm").line == "c 1:3 rwm")
        #expect(allow(.block, nil, nil, "m").line == "b *:* m")
        #expect(deny(.char, 136, nil, "rw").description == "deny c 136:* rw")
        #expect(DeviceRules.denyAll.description == "deny a *:* rwm")
    }

    @Test func theDefaultAllowListIsRuncs() {
        #expect(DeviceRules.defaultAllowList.map(\.description) == [
            "allow c *:* m", "allow b *:* m",
            "allow c 1:3 rwm", "allow c 1:8 rwm", "allow c 1:7 rwm", "allow c 5:0 rwm", "allow c 1:5 rwm",
            "allow c 1:9 rwm", "allow c 136:* rwm", "allow c 5:2 rwm", "allow c 10:200 rwm",
        ])
    }

    @Test func theSpecsRulesComeFirstThenTheDefaults() {
        let fuse = allow(.char, 10, 229, "rwm")
        #expect(DeviceRules.effective(specRules: [DeviceRules.denyAll, fuse]) == [DeviceRules.denyAll, fuse] + DeviceRules.defaultAllowList)
        #expect(DeviceRules.effective(specRules: []) == DeviceRules.defaultAllowList)
    }

    @Test func theEffectiveRulesAllowTheDefaultDevicesAndNothingElse() {
        let rules = DeviceRules.effective(specRules: [DeviceRules.denyAll])
        for (major, minor) in [(1, 3), (1, 5), (1, 7), (1, 8), (1, 9), (5, 0), (5, 2), (136, 0), (136, 7), (10, 200)] {
            #expect(DeviceRules.allows(rules, .char, Int64(major), Int64(minor), rw), "c \(major):\(minor)")
        }
        #expect(!DeviceRules.allows(rules, .char, 1, 11, r))  // /dev/kmsg
        #expect(!DeviceRules.allows(rules, .char, 5, 1, rw))  // /dev/console: not in runc's list
        #expect(!DeviceRules.allows(rules, .block, 8, 0, r))
        #expect(DeviceRules.allows(rules, .block, 8, 0, m))  // mknod anywhere
        #expect(DeviceRules.allows(rules, .char, 1, 11, m))
        #expect(!DeviceRules.allows([], .char, 1, 3, r))  // what no rule allows is denied
    }

    @Test func aSpecCannotDenyTheDefaultDevices() {
        let rules = DeviceRules.effective(specRules: [DeviceRules.denyAll, deny(.char, 1, 3, "rwm")])
        #expect(DeviceRules.allows(rules, .char, 1, 3, rw))
    }

    @Test func aLaterRuleOverridesAnEarlierOneForWhatItMatches() {
        let rules = [DeviceRules.denyAll, allow(.char, 1, nil, "rwm"), deny(.char, 1, 3, "w")]
        #expect(DeviceRules.allows(rules, .char, 1, 3, r))
        #expect(!DeviceRules.allows(rules, .char, 1, 3, w))
        #expect(!DeviceRules.allows(rules, .char, 1, 3, rw))  // every bit asked for must be allowed
        #expect(DeviceRules.allows(rules, .char, 1, 3, m))
        #expect(DeviceRules.allows(rules, .char, 1, 4, rw))  // not matched by the deny
        #expect(!DeviceRules.allows(rules, .block, 1, 4, r))  // nor by the allow

        let reopened = [deny(.char, 1, 3, "rwm"), allow(.char, 1, nil, "r")]
        #expect(DeviceRules.allows(reopened, .char, 1, 3, r))
        #expect(!DeviceRules.allows(reopened, .char, 1, 3, w))
    }

    @Test func bitsAllowedBySeveralRulesAddUp() {
        let rules = [allow(.char, 1, 3, "r"), allow(.char, 1, 3, "w")]
        #expect(DeviceRules.allows(rules, .char, 1, 3, rw))
        #expect(!DeviceRules.allows(rules, .char, 1, 3, m))
    }

    @Test func typeAMeansCharAndBlock() {
        let rules = [allow(.all, 7, nil, "rw")]
        #expect(DeviceRules.allows(rules, .char, 7, 1, rw))
        #expect(DeviceRules.allows(rules, .block, 7, 1, rw))
        #expect(!DeviceRules.allows(rules, .block, 8, 1, r))
    }

    @Test func rulesWithoutAccessOrWithImpossibleNumbersAreRefused() {
        #expect(throws: CgroupError(what: "device rule 2 (allow c 1:3 )", hint: "it names no access: give some of r, w and m")) {
            try DeviceRules.validate([DeviceRules.denyAll, DeviceRule(allow: true, type: .char, major: 1, minor: 3, access: [])])
        }
        #expect(throws: CgroupError(what: "device rule 1 (allow c 1:-1 r)", hint: "minor -1 is not a device number (0...2147483647)")) {
            try DeviceRules.validate([allow(.char, 1, -1, "r")])
        }
        #expect(throws: CgroupError.self) { try DeviceRules.v1Writes([allow(.char, 1 << 32, nil, "r")]) }
    }
}

@Suite struct DeviceRulesV1Tests {
    @Test func theEffectiveRulesResetThenAllowEachDefaultDevice() throws {
        let writes = try DeviceRules.v1Writes(DeviceRules.effective(specRules: [DeviceRules.denyAll]))
        #expect(writes.map(\.description) == [
            "devices.deny: a", "devices.deny: a",
            "devices.allow: c *:* m", "devices.allow: b *:* m",
            "devices.allow: c 1:3 rwm", "devices.allow: c 1:8 rwm", "devices.allow: c 1:7 rwm", "devices.allow: c 5:0 rwm",
            "devices.allow: c 1:5 rwm", "devices.allow: c 1:9 rwm", "devices.allow: c 136:* rwm", "devices.allow: c 5:2 rwm",
            "devices.allow: c 10:200 rwm",
        ])
    }

    @Test func allowEverythingIsAnALineToDevicesAllow() throws {
        let writes = try DeviceRules.v1Writes([DeviceRule(allow: true, type: .all, access: .all)])
        #expect(writes == [DeviceWrite("devices.deny", "a"), DeviceWrite("devices.allow", "a")])
    }

    @Test func aTypeARuleForSomeDevicesBecomesACharAndABlockLine() throws {
        // The kernel reads any line starting with `a` as "all devices, all access".
        let writes = try DeviceRules.v1Writes([allow(.all, 7, nil, "rw"), allow(.all, nil, nil, "m")])
        #expect(writes.map(\.description) == [
            "devices.deny: a", "devices.allow: c 7:* rw", "devices.allow: b 7:* rw", "devices.allow: c *:* m", "devices.allow: b *:* m",
        ])
    }

    @Test func aDenyOfTheSameDeviceNarrowsAnEarlierAllow() throws {
        let writes = try DeviceRules.v1Writes([allow(.char, 1, 3, "rwm"), deny(.char, 1, 3, "w")])
        #expect(writes.map(\.description) == ["devices.deny: a", "devices.allow: c 1:3 rwm", "devices.deny: c 1:3 w"])
    }

    @Test func listsV1WouldEnforceDifferentlyAreRefused() {
        // A v1 deny takes access only from an allow of the very same type and numbers.
        #expect(throws: CgroupError(
            what: "device rules on cgroup v1",
            hint: "the rules deny w of c 1:3, cgroup v1 would allow it: a v1 deny only narrows an earlier allow of the very same type and numbers, and open needs one allow that covers all it asks")) {
            try DeviceRules.v1Writes([allow(.char, 1, nil, "rwm"), deny(.char, 1, 3, "w")])
        }
        #expect(throws: CgroupError.self) { try DeviceRules.v1Writes([allow(.char, 1, 3, "rwm"), deny(.char, 1, nil, "rwm")]) }
        // v1 asks one allow to cover both r and w of a read-write open.
        #expect(throws: CgroupError.self) { try DeviceRules.v1Writes([allow(.char, 1, nil, "r"), allow(.char, 1, 3, "w")]) }
    }

    @Test func theKernelModelFollowsDeviceCgroupC() {
        let list = V1DeviceList(playing: [
            DeviceWrite("devices.deny", "a"), DeviceWrite("devices.allow", "c 1:* r"), DeviceWrite("devices.allow", "c 1:3 w"),
            DeviceWrite("devices.allow", "c 1:3 r"), DeviceWrite("devices.deny", "c 1:* r"),
        ])
        #expect(list.allows(.char, 1, 3, rw))  // c 1:3 rw, merged
        #expect(!list.allows(.char, 1, 4, r))  // c 1:* r was removed
        let blacklist = V1DeviceList(playing: [DeviceWrite("devices.allow", "a"), DeviceWrite("devices.deny", "b 8:* w")])
        #expect(blacklist.allows(.block, 8, 0, r))
        #expect(!blacklist.allows(.block, 8, 0, rw))  // any overlap with a deny refuses
    }

    // MARK: the answers against their definitions, on generated lists

    /// A small deterministic generator (the lists must be the same at every run).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func randomRules(_ generator: inout Generator) -> [DeviceRule] {
        let numbers: [Int64?] = [nil, 1, 3, 5, 136]
        let accesses = ["r", "w", "m", "rw", "rm", "wm", "rwm"]
        return (0..<(1 + generator.next(6))).map { _ in
            DeviceRule(allow: generator.next(2) == 0, type: [DeviceType.all, .char, .block][generator.next(3)],
                       major: numbers[generator.next(numbers.count)], minor: numbers[generator.next(numbers.count)],
                       access: DeviceAccess(accesses[generator.next(accesses.count)])!)
        }
    }

    /// Every device and request the lists above tell apart.
    static func requests(_ body: (DeviceType, Int64, Int64, DeviceAccess) -> Void) {
        for type in DeviceType.concrete {
            for major: Int64 in [1, 3, 5, 136, 137] {
                for minor: Int64 in [1, 3, 5, 136, 137] {
                    for access in DeviceAccess.requests { body(type, major, minor, access) }
                }
            }
        }
    }

    /// ``DeviceRules/allows(_:_:_:_:_:)`` as its comment defines it, read literally.
    static func definedAllows(_ rules: [DeviceRule], _ type: DeviceType, _ major: Int64, _ minor: Int64, _ access: DeviceAccess) -> Bool {
        [DeviceAccess.read, .write, .mknod].filter { access.contains($0) }.allSatisfy { bit in
            rules.last { $0.matches(type, major, minor) && $0.access.contains(bit) }?.allow ?? false
        }
    }

    /// The kernel's v1 list as ``V1DeviceList`` describes it, played the slow way (a dictionary of exceptions).
    static func definedV1Allows(_ writes: [DeviceWrite], _ type: DeviceType, _ major: Int64, _ minor: Int64, _ access: DeviceAccess) -> Bool {
        var defaultAllow = true
        var exceptions: [String: (type: DeviceType, major: Int64?, minor: Int64?, access: DeviceAccess)] = [:]
        for write in writes {
            let allow = write.file == DeviceWrite.allowFile
            let words = write.line.split(separator: " ")
            if words[0] == "a" {
                defaultAllow = allow
                exceptions = [:]
                continue
            }
            let numbers = words[1].split(separator: ":", omittingEmptySubsequences: false)
            let key = String(words[0]) + " " + String(words[1])
            let granted = DeviceAccess(String(words[2]))!
            if allow != defaultAllow {
                let old = exceptions[key]?.access ?? []
                exceptions[key] = (DeviceType(rawValue: words[0].first!)!, Int64(numbers[0]), Int64(numbers[1]), old.union(granted))
            } else if let old = exceptions[key] {
                let remaining = old.access.subtracting(granted)
                exceptions[key] = remaining.isEmpty ? nil : (old.type, old.major, old.minor, remaining)
            }
        }
        let matching = exceptions.values.filter { $0.type == type && ($0.major ?? major) == major && ($0.minor ?? minor) == minor }
        return defaultAllow ? !matching.contains { !$0.access.isDisjoint(with: access) } : matching.contains { $0.access.isSuperset(of: access) }
    }

    @Test func allowsAnswersAsItsDefinitionOnGeneratedLists() {
        var generator = Generator(state: 42)
        for _ in 0..<300 {
            let rules = Self.randomRules(&generator)
            Self.requests { type, major, minor, access in
                #expect(DeviceRules.allows(rules, type, major, minor, access) == Self.definedAllows(rules, type, major, minor, access),
                        "\(rules) \(type) \(major):\(minor) \(access)")
            }
        }
    }

    @Test func theV1ModelAnswersAsTheKernelListOnGeneratedWrites() {
        var generator = Generator(state: 7)
        for _ in 0..<300 {
            let rules = Self.randomRules(&generator)
            let writes = rules.map { DeviceWrite($0.allow ? DeviceWrite.allowFile : DeviceWrite.denyFile, $0.type == .all && $0.major == nil && $0.minor == nil ? "a" : $0.line) }
            let list = V1DeviceList(playing: writes)
            Self.requests { type, major, minor, access in
                #expect(list.allows(type, major, minor, access) == Self.definedV1Allows(writes, type, major, minor, access),
                        "\(writes) \(type) \(major):\(minor) \(access)")
            }
        }
    }
}
