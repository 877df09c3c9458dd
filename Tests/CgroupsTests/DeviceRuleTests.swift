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
}
