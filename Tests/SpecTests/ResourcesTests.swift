import Testing
@testable import Spec

private func lint(_ text: String, file: String = "t.yaml") -> LoadResult {
    Linter.lint(bytes: Array(text.utf8), file: file, baseDirectory: "/specs")
}

/// `line:column rule` of each diagnostic.
private func found(_ result: LoadResult) -> [String] {
    result.diagnostics.map { "\($0.line):\($0.column) \($0.ruleID)" }
}

/// A spec whose `linux.resources` is `body` (indented by four spaces under `resources:`).
private func withResources(_ body: String) -> String {
    "process: {args: [/bin/true]}\nlinux:\n  resources:\n" + body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
}

@Suite struct ResourcesDecodingTests {
    static let yaml = """
    process: {args: [/bin/true]}
    linux:
      cgroupsPath: system.slice:mydocker:web
      resources:
        devices:
          - {allow: false}
          - {allow: true, type: c, major: 1, minor: 3, access: rwm}
        memory:
          limit: 256Mi
          reservation: 128M
          swap: -1
          kernel: 64Ki
          kernelTCP: 16k
          swappiness: 0
          disableOOMKiller: false
          useHierarchy: true
          checkBeforeUpdate: false
        cpu: {shares: 2, quota: -1, burst: 0, period: 1000, realtimeRuntime: -5, realtimePeriod: 18446744073709551615, cpus: "", mems: 0-1, idle: 1}
        pids: {limit: 0}
        blockIO:
          weight: 10
          leafWeight: 1000
          weightDevice: [{major: 8, minor: 0}]
          throttleReadBpsDevice: [{major: 8, minor: 0, rate: 1Ti}]
          throttleWriteBpsDevice: [{major: 8, minor: 0, rate: 1T}]
          throttleReadIOPSDevice: [{major: 8, minor: 0, rate: 1}]
          throttleWriteIOPSDevice: [{major: 8, minor: 0, rate: 2}]
        hugepageLimits: [{pageSize: 64KB, limit: 2Gi}]
        network: {classID: 4294967295, priorities: []}
        rdma: {mlx5_1: {hcaObjects: 4294967295}}
        unified: {pids.max: max, cpu.weight.nice: "-3"}
    """

    static let json = """
    {
      "process": {"args": ["/bin/true"]},
      "linux": {
        "cgroupsPath": "system.slice:mydocker:web",
        "resources": {
          "devices": [{"allow": false}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"}],
          "memory": {"limit": 268435456, "reservation": 128000000, "swap": -1, "kernel": 65536, "kernelTCP": 16000,
                     "swappiness": 0, "disableOOMKiller": false, "useHierarchy": true, "checkBeforeUpdate": false},
          "cpu": {"shares": 2, "quota": -1, "burst": 0, "period": 1000, "realtimeRuntime": -5, "realtimePeriod": 18446744073709551615,
                  "cpus": "", "mems": "0-1", "idle": 1},
          "pids": {"limit": 0},
          "blockIO": {
            "weight": 10, "leafWeight": 1000,
            "weightDevice": [{"major": 8, "minor": 0}],
            "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1099511627776}],
            "throttleWriteBpsDevice": [{"major": 8, "minor": 0, "rate": 1000000000000}],
            "throttleReadIOPSDevice": [{"major": 8, "minor": 0, "rate": 1}],
            "throttleWriteIOPSDevice": [{"major": 8, "minor": 0, "rate": 2}]
          },
          "hugepageLimits": [{"pageSize": "64KB", "limit": 2147483648}],
          "network": {"classID": 4294967295, "priorities": []},
          "rdma": {"mlx5_1": {"hcaObjects": 4294967295}},
          "unified": {"pids.max": "max", "cpu.weight.nice": "-3"}
        }
      }
    }
    """

    typealias R = ContainerSpec.Resources

    static let expected = R(
        devices: [.init(allow: false), .init(allow: true, type: .char, major: 1, minor: 3, access: "rwm")],
        memory: .init(limit: 256 << 20, reservation: 128_000_000, swap: -1, kernel: 64 << 10, kernelTCP: 16_000, swappiness: 0,
                      disableOOMKiller: false, useHierarchy: true, checkBeforeUpdate: false),
        cpu: .init(shares: 2, quota: -1, burst: 0, period: 1000, realtimeRuntime: -5, realtimePeriod: UInt64.max, cpus: "", mems: "0-1", idle: 1),
        pids: .init(limit: 0),
        blockIO: .init(weight: 10, leafWeight: 1000, weightDevice: [.init(major: 8, minor: 0)],
                       throttleReadBpsDevice: [.init(major: 8, minor: 0, rate: 1 << 40)],
                       throttleWriteBpsDevice: [.init(major: 8, minor: 0, rate: 1_000_000_000_000)],
                       throttleReadIOPSDevice: [.init(major: 8, minor: 0, rate: 1)],
                       throttleWriteIOPSDevice: [.init(major: 8, minor: 0, rate: 2)]),
        hugepageLimits: [.init(pageSize: "64KB", limit: 2 << 30)],
        network: .init(classID: UInt32.max, priorities: []),
        rdma: ["mlx5_1": .init(hcaObjects: UInt32.max)],
        unified: ["pids.max": "max", "cpu.weight.nice": "-3"]
    )

    /// Only the two deprecated kernel memory limits are reported (warnings): every other value is in range.
    @Test func everyFieldDecodesFromYAML() throws {
        let result = lint(Self.yaml)
        #expect(found(result) == ["12:7 memory-kernel-deprecated", "13:7 memory-kernel-deprecated"])
        let linux = try #require(result.spec?.linux)
        #expect(linux.cgroupsPath == "system.slice:mydocker:web")
        #expect(linux.resources == Self.expected)
    }

    @Test func everyFieldDecodesFromJSON() throws {
        let result = lint(Self.json, file: "config.json")
        #expect(found(result) == ["7:76 memory-kernel-deprecated", "7:93 memory-kernel-deprecated"])
        let linux = try #require(result.spec?.linux)
        #expect(linux.cgroupsPath == "system.slice:mydocker:web")
        #expect(linux.resources == Self.expected)
    }

    @Test func everyValueKeepsItsPosition() throws {
        let yaml = try #require(lint(Self.yaml).spec?.source)
        #expect(yaml.positions["/linux/cgroupsPath"] == SourcePosition(line: 3, column: 16))
        #expect(yaml.positions["/linux/resources#key"] == SourcePosition(line: 4, column: 3))
        #expect(yaml.positions["/linux/resources/devices/1/access"] == SourcePosition(line: 7, column: 60))
        #expect(yaml.positions["/linux/resources/memory/limit"] == SourcePosition(line: 9, column: 14))
        #expect(yaml.positions["/linux/resources/cpu/realtimePeriod"] == SourcePosition(line: 18, column: 94))
        #expect(yaml.positions["/linux/resources/blockIO/throttleReadBpsDevice/0/rate"] == SourcePosition(line: 24, column: 58))
        #expect(yaml.positions["/linux/resources/hugepageLimits/0/pageSize"] == SourcePosition(line: 28, column: 33))
        #expect(yaml.positions["/linux/resources/rdma/mlx5_1/hcaObjects"] == SourcePosition(line: 30, column: 33))
        #expect(yaml.positions["/linux/resources/unified/pids.max#key"] == SourcePosition(line: 31, column: 15))
        let json = try #require(lint(Self.json, file: "config.json").spec?.source)
        #expect(json.positions["/linux/resources/memory/limit"] == SourcePosition(line: 7, column: 27))
        #expect(json.positions["/linux/resources/pids/limit"] == SourcePosition(line: 11, column: 25))
        #expect(json.positions["/linux/resources/unified/cpu.weight.nice"] == SourcePosition(line: 23, column: 57))
    }

    @Test func absentIsNotZero() throws {
        let r = try #require(lint(withResources("memory: {}\ncpu: {cpus: 0}")).spec?.linux.resources)
        #expect(r.memory == R.Memory())
        #expect(r.memory?.limit == nil)
        #expect(r.cpu?.shares == nil)
        #expect(r.cpu?.cpus == nil) // 0 is an integer: a type error, not the string "0"
        #expect(r.pids == nil)
        let none = try #require(lint("process: {args: [/bin/true]}\nlinux: {namespaces: [uts]}").spec)
        #expect(none.linux.resources == nil && none.linux.cgroupsPath == nil)
    }

    @Test func misspelledKeysGetASuggestion() {
        let result = lint(withResources("memroy: {limit: 1Gi}\ncpu: {share: 512}\ndevices: [{allow: true, acess: r}]"))
        #expect(result.diagnostics.map(\.message) == [
            "unknown key `memroy` in `linux.resources`; did you mean `memory`?",
            "unknown key `share` in `linux.resources.cpu`; did you mean `shares`?",
            "unknown key `acess` in `linux.resources.devices[0]`; did you mean `access`?",
        ])
    }

    @Test func linuxDevicesAreNodesAndResourcesDevicesAreRules() {
        let result = lint("process: {args: [/bin/true]}\nlinux:\n  devices: [{path: /dev/fuse, type: c, major: 10, minor: 229, fileMode: 0o600}]\n  resources: {devices: []}\n")
        #expect(found(result) == [])
        #expect(result.spec?.linux.devices == [.init(path: "/dev/fuse", type: "c", major: 10, minor: 229, fileMode: 0o600)])
        let bad = lint("process: {args: [/bin/true]}\nlinux:\n  devices: [{path: /dev/x, type: block}]\n")
        #expect(found(bad) == ["3:34 enum"])
    }
}

@Suite struct ByteSizeTests {
    @Test(arguments: [
        ("0", 0), ("100", 100), ("512k", 512_000), ("64M", 64_000_000), ("1G", 1_000_000_000), ("2T", 2_000_000_000_000),
        ("1Ki", 1024), ("256Mi", 268_435_456), ("1Gi", 1 << 30), ("3Ti", 3 << 40), ("007Mi", 7 << 20),
    ] as [(String, UInt64)])
    func unitsAreKubernetesQuantities(text: String, bytes: UInt64) {
        #expect(ByteSize.parse(text) == .success(bytes))
    }

    @Test(arguments: [
        ("", nil),
        ("Mi", nil),
        ("1K", "did you mean `1k` (powers of 1000) or `1Ki` (powers of 1024)?"),
        ("256MB", "did you mean `256M` (powers of 1000) or `256Mi` (powers of 1024)?"),
        ("256MiB", "did you mean `256Mi`?"),
        ("1gi", "did you mean `1Gi`?"),
        ("5m", "did you mean `5M` (powers of 1000) or `5Mi` (powers of 1024)?"),
        ("1.5Gi", "write a whole number, with a smaller unit if need be (1536Mi rather than 1.5Gi)"),
        ("-1", "a size is not negative; write -1 (unlimited) as a number, without quotes"),
        ("1 Gi", "write it without a space: `1Gi`"),
        ("1Pi", nil),
        ("1e9", nil),
    ] as [(String, String?)])
    func malformedSizesSayWhatWasMeant(text: String, hint: String?) {
        #expect(ByteSize.parse(text) == .failure(.malformed(hint: hint)))
    }

    @Test func overflowIsRefusedNotTrapped() {
        #expect(ByteSize.parse("9999999Ti", maximum: UInt64(Int64.max)) == .failure(.tooLarge))
        #expect(ByteSize.parse("9999999Ti") == .success(9_999_999 << 40))
        #expect(ByteSize.parse("99999999Ti") == .failure(.tooLarge))
        #expect(ByteSize.parse("18446744073709551615") == .success(UInt64.max))
        #expect(ByteSize.parse("18446744073709551616") == .failure(.tooLarge))
        #expect(ByteSize.parse(String(repeating: "9", count: 200_000) + "Gi") == .failure(.tooLarge))
        #expect(ByteSize.parse(String(repeating: "9", count: 200_000) + "x") == .failure(.malformed(hint: nil)))
        #expect(ByteSize.parse("8Ei") == .failure(.malformed(hint: nil)))
    }

    @Test func aHugeSizeInASpecIsARangeErrorWithAClearMessage() {
        let result = lint(withResources("memory: {limit: 9999999Ti}"))
        #expect(found(result) == ["4:21 range"])
        #expect(result.diagnostics.first?.message == "`linux.resources.memory.limit` `9999999Ti` is too large: at most 9223372036854775807 bytes")
        let unsigned = lint(withResources("hugepageLimits: [{pageSize: 2MB, limit: 99999999Ti}]"))
        #expect(unsigned.diagnostics.map(\.message) == ["`linux.resources.hugepageLimits[0].limit` `99999999Ti` is too large: at most 18446744073709551615 bytes"])
        let integer = lint(withResources("memory: {limit: 99999999999999999999}"))
        #expect(integer.diagnostics.map(\.message) == ["`linux.resources.memory.limit` must be between -9223372036854775808 and 9223372036854775807, found 99999999999999999999"])
    }

    @Test func jsonSpecsWriteNumbersOnly() {
        let json = lint(#"{"process": {"args": ["/bin/true"]}, "linux": {"resources": {"memory": {"limit": "256Mi"}}}}"#, file: "c.json")
        #expect(found(json) == ["1:82 type"])
        #expect(json.diagnostics.first?.message == "`linux.resources.memory.limit` must be an integer (a number of bytes: sizes with units such as 256Mi are for YAML specs), found the string `256Mi`")
        // The same text read as YAML (a .yaml name) may use units.
        #expect(lint(#"{"process": {"args": ["/bin/true"]}, "linux": {"resources": {"memory": {"limit": "256Mi"}}}}"#, file: "c.yaml").diagnostics == [])
    }

    @Test func syntaxComesFromTheNameOrElseTheFirstCharacter() {
        #expect(SpecSyntax.of(file: "a/config.json", bytes: []) == .json)
        #expect(SpecSyntax.of(file: "A.JSON", bytes: []) == .json)
        #expect(SpecSyntax.of(file: "spec.yaml", bytes: Array("{}".utf8)) == .yaml)
        #expect(SpecSyntax.of(file: "spec.yml", bytes: []) == .yaml)
        #expect(SpecSyntax.of(file: "-", bytes: Array("\u{FEFF} \n\t{\"process\": {}}".utf8)) == .json)
        #expect(SpecSyntax.of(file: "-", bytes: Array("process: {}".utf8)) == .yaml)
        #expect(SpecSyntax.of(file: "-", bytes: []) == .yaml)
    }
}

@Suite struct ResourceRuleTests {
    /// Each rule with a `resources` body that breaks it and one that does not (but for cgroups-path, the whole `linux` body).
    static let cases: [(rule: String, bad: String, good: String)] = [
        ("size-syntax", "memory: {limit: 1GB}", "memory: {limit: 1G}"),
        ("cpu-shares-range", "cpu: {shares: 262145}", "cpu: {shares: 262144}"),
        ("cpu-shares-range", "cpu: {shares: 0}", "cpu: {shares: 1024}"),
        ("cpu-period-range", "cpu: {period: 999}", "cpu: {period: 1000000}"),
        ("cpu-quota-range", "cpu: {quota: 0}", "cpu: {quota: 1000}"),
        ("cpu-quota-range", "cpu: {quota: -2}", "cpu: {quota: -1}"),
        ("cpu-burst-above-quota", "cpu: {quota: 1000, burst: 1001}", "cpu: {quota: 1000, burst: 1000}"),
        ("cpu-idle-range", "cpu: {idle: 2}", "cpu: {idle: 0}"),
        ("cpuset-syntax", "cpu: {cpus: '0-3,5-'}", "cpu: {cpus: '0-3,5,7-8'}"),
        ("cpuset-syntax", "cpu: {mems: '4-2'}", "cpu: {mems: '0-15:2/4'}"),
        ("memory-limit-range", "memory: {limit: 0}", "memory: {limit: -1}"),
        ("memory-limit-range", "memory: {swap: -3}", "memory: {swap: 1}"),
        ("memory-swap-below-limit", "memory: {limit: 2Gi, swap: 1Gi}", "memory: {limit: 2Gi, swap: 2Gi}"),
        ("memory-swap-below-limit", "memory: {limit: 2Gi, swap: 1Gi}", "memory: {limit: 2Gi, swap: -1}"),
        ("memory-swappiness-range", "memory: {swappiness: 101}", "memory: {swappiness: 100}"),
        ("memory-kernel-deprecated", "memory: {kernelTCP: 1Mi}", "memory: {limit: 1Mi}"),
        ("pids-limit-range", "pids: {limit: -2}", "pids: {limit: -1}"),
        ("blockio-weight-range", "blockIO: {leafWeight: 9}", "blockIO: {leafWeight: 10}"),
        ("blockio-weight-range", "blockIO: {weightDevice: [{major: 8, minor: 0, weight: 1001}]}", "blockIO: {weightDevice: [{major: 8, minor: 0, weight: 1000}]}"),
        ("throttle-rate-zero", "blockIO: {throttleWriteBpsDevice: [{major: 8, minor: 0, rate: 0Mi}]}", "blockIO: {throttleWriteBpsDevice: [{major: 8, minor: 0, rate: 1Mi}]}"),
        ("hugepage-size-format", "hugepageLimits: [{pageSize: 02MB, limit: 0}]", "hugepageLimits: [{pageSize: 2MB, limit: 0}]"),
        ("device-access", "devices: [{allow: true, access: mwrm}]", "devices: [{allow: true, access: mwr}]"),
        ("device-number-range", "devices: [{allow: true, minor: -2}]", "devices: [{allow: true, minor: -1}]"),
        ("unified-key", "unified: {cgroup.subtree_control: +memory}", "unified: {cgroup.max.depth: '2'}"),
        ("unified-key", "unified: {cgroup.threads: '1'}", "unified: {memory.oom.group: '1'}"),
        ("unified-key", "unified: {memory..max: '1'}", "unified: {memory.max: '1'}"),
        ("unified-key", "unified: {.max: '1'}", "unified: {io.max: '8:0 rbps=1'}"),
        ("enum", "devices: [{allow: true, type: u}]", "devices: [{allow: true, type: b}]"),
        ("required", "devices: [{type: b}]", "devices: [{allow: false, type: b}]"),
        ("required", "pids: {}", "pids: {limit: 100}"),
        ("range", "network: {classID: 4294967296}", "network: {classID: 0x10001}"),
        ("range", "cpu: {burst: -1}", "cpu: {burst: 18446744073709551615}"),
        ("blockio-weight-range", "blockIO: {weight: 65536}", "blockIO: {weight: 100}"),
        ("type", "unified: {memory.max: 100}", "unified: {memory.max: '100'}"),
    ]

    @Test(arguments: cases)
    func ruleFiresOnTheBadValueOnly(rule: String, bad: String, good: String) {
        let badResult = lint(withResources(bad))
        #expect(badResult.diagnostics.map(\.ruleID) == [rule], "\(bad)")
        #expect(badResult.diagnostics.first?.line == 4, "\(bad): \(found(badResult))")
        let goodResult = lint(withResources(good))
        #expect(goodResult.diagnostics == [], "\(good): \(found(goodResult))")
    }

    @Test(arguments: [
        ("/a/../b", true), ("..", true), ("a/..", true), ("/", true), ("//", true), ("/./", true),
        ("", false), ("a/b", false), ("/mydocker/web", false), ("system.slice:docker:abc", false), ("/a..b/c", false), ("/a/.../b", false),
    ])
    func cgroupsPathRule(path: String, refused: Bool) {
        let result = lint("process: {args: [/bin/true]}\nlinux: {cgroupsPath: '\(path)'}\n")
        #expect(result.diagnostics.map(\.ruleID) == (refused ? ["cgroups-path"] : []), "\(path)")
    }

    @Test func cpusetLists() {
        for ok in ["", "0", "0-3", "0-3,5,7-8", "1,1,1", "0-15:2/4", "0-7:8/8"] {
            #expect(ResourceLimits.cpusetProblem(ok) == nil, "\(ok)")
        }
        let bad = ["0-", "-1", ",0", "0,", "a", "0 - 3", "0-3:2", "0-3:5/4", "0-3:1/0", "5:1/2", "3-1", "9999999999"]
        for text in bad {
            #expect(ResourceLimits.cpusetProblem(text) != nil, "\(text)")
        }
    }

    /// A spec that makes every rule work hard still lints at once: one pass over the values.
    @Test func hostileResourcesCostTimeInProportionToTheirSize() {
        let items = String(repeating: "0-1,", count: 100_000) + "2"
        let keys = (0..<5_000).map { "      x\($0).y: 'z'" }.joined(separator: "\n")
        let result = lint("process: {args: [/bin/true]}\nlinux:\n  resources:\n    cpu: {cpus: '\(items)'}\n    unified:\n\(keys)\n")
        #expect(result.diagnostics == [])
        #expect(result.spec?.linux.resources?.unified.count == 5_000)
    }
}
