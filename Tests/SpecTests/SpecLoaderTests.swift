import Testing
@testable import Spec

private func load(_ text: String, base: String = "/specs") -> LoadResult {
    SpecLoader.load(bytes: Array(text.utf8), file: "t.yaml", baseDirectory: base)
}

private func lines(_ result: LoadResult) -> [String] {
    result.diagnostics.map { "\($0.line):\($0.column) \($0.ruleID): \($0.message)" }
}

@Suite struct SpecLoaderTests {
    @Test func everyKeyIsDecoded() throws {
        let result = Fixtures.lint("ok/every-key.yaml")
        #expect(result.diagnostics == [])
        var spec = try #require(result.spec)
        let data = Fixtures.directory + "/data"
        #expect(spec.source.file == "ok/every-key.yaml")
        #expect(spec.source.baseDirectory == Fixtures.directory + "/ok")
        spec.source = SpecSource()
        let expected = ContainerSpec(
            ociVersion: "1.2.0",
            hostname: "every",
            domainname: "keys.example",
            annotations: ["org.mydocker.init": "false", "org.example.note": "kept as it is"],
            process: .init(args: ["/bin/sh", "-c", "echo hello # not a comment"], env: ["PATH=/usr/bin:/bin", "EMPTY="], cwd: "/srv",
                           user: .init(uid: 1000, gid: 1000, additionalGids: [10, 20]), terminal: true),
            root: .init(path: "../data/rootfs", resolvedPath: data + "/rootfs", readonly: true),
            mounts: [
                .init(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "nodev", "noexec"]),
                .init(destination: "/shared", type: "bind", source: "../data", resolvedSource: data, options: ["rbind", "ro", "rprivate"]),
                .init(destination: "/image", type: "ext4", source: "../data/disk.raw", resolvedSource: data + "/disk.raw", options: ["loop", "ro"]),
            ],
            linux: .init(
                namespaces: [.init(.pid), .init(.mount), .init(.uts), .init(.ipc), .init(.network, path: "/proc/self/ns/net"), .init(.user), .init(.cgroup), .init(.time)],
                uidMappings: [.init(containerID: 0, hostID: 100000, size: 65536)],
                gidMappings: [.init(containerID: 0, hostID: 100000, size: 65536)],
                timeOffsets: .init(monotonic: .init(secs: -3600, nanosecs: 500), boottime: .init(secs: 86400)),
                cgroupsPath: "/mydocker/every",
                resources: .init(
                    devices: [
                        .init(allow: false, access: "rwm"),
                        .init(allow: true, type: .char, major: 1, minor: 3, access: "rw"),
                        .init(allow: true, type: .block, major: 8, minor: -1, access: "r"),
                        .init(allow: true, type: .all),
                    ],
                    memory: .init(limit: 512 << 20, reservation: 256_000_000, swap: 1 << 30, swappiness: 60,
                                  disableOOMKiller: true, useHierarchy: false, checkBeforeUpdate: true),
                    cpu: .init(shares: 512, quota: 50000, burst: 10000, period: 100000, realtimeRuntime: 950000, realtimePeriod: 1000000,
                               cpus: "0-3,5,7-8", mems: "0", idle: 0),
                    pids: .init(limit: 2048),
                    blockIO: .init(
                        weight: 500, leafWeight: 300,
                        weightDevice: [.init(major: 8, minor: 0, weight: 600, leafWeight: 10), .init(major: 8, minor: 16, weight: 1000)],
                        throttleReadBpsDevice: [.init(major: 8, minor: 0, rate: 10 << 20)],
                        throttleWriteBpsDevice: [.init(major: 8, minor: 0, rate: 5_000_000)],
                        throttleReadIOPSDevice: [.init(major: 8, minor: 0, rate: 1000)],
                        throttleWriteIOPSDevice: [.init(major: 8, minor: 0, rate: UInt64.max)]
                    ),
                    hugepageLimits: [.init(pageSize: "2MB", limit: 1 << 30), .init(pageSize: "1GB", limit: 0)],
                    network: .init(classID: 0x100001, priorities: [.init(name: "eth0", priority: 5)]),
                    rdma: ["mlx5_1": .init(hcaHandles: 3, hcaObjects: 10000), "mlx4_0": .init()],
                    unified: ["memory.high": "400M", "io.weight": "default 200"]
                )
            )
        )
        #expect(spec == expected)
    }

    @Test func positionsAreRecordedByJSONPointerForValuesAndKeys() throws {
        let spec = try #require(load("""
        process:
          args: [/bin/true, -x]
        annotations:
          a/b~c: "1"
        linux:
          namespaces:
            - uts
            - {type: pid}
        """).spec)
        let p = spec.source.positions
        #expect(p[""] == SourcePosition(line: 1, column: 1))
        #expect(p["/process#key"] == SourcePosition(line: 1, column: 1))
        #expect(p["/process"] == SourcePosition(line: 2, column: 3))
        #expect(p["/process/args#key"] == SourcePosition(line: 2, column: 3))
        #expect(p["/process/args"] == SourcePosition(line: 2, column: 9))
        #expect(p["/process/args/1"] == SourcePosition(line: 2, column: 21))
        #expect(p["/annotations/a~1b~0c#key"] == SourcePosition(line: 4, column: 3))
        #expect(p["/annotations/a~1b~0c"] == SourcePosition(line: 4, column: 10))
        #expect(p["/linux/namespaces/0"] == SourcePosition(line: 7, column: 7))
        #expect(p["/linux/namespaces/0/type"] == SourcePosition(line: 7, column: 7))
        #expect(p["/linux/namespaces/1/type"] == SourcePosition(line: 8, column: 14))
        #expect(spec.source.position(of: "/process/cwd") == SourcePosition(line: 2, column: 3))
    }

    @Test func relativeRootAndBindAndLoopSourcesResolveAgainstTheSpecFolder() throws {
        let spec = try #require(load("""
        root: {path: ./rootfs/../rootfs2}
        process: {args: [/bin/true]}
        mounts:
          - {destination: /a, type: bind, source: shared}
          - {destination: /b, source: ../up, options: [rbind]}
          - {destination: /c, type: ext4, source: img/disk.img, options: [loop]}
          - {destination: /d, type: tmpfs, source: tmpfs}
          - {destination: /e, type: bind, source: /abs/olute}
        linux: {namespaces: [mount]}
        """, base: "/work/specs").spec)
        #expect(spec.root == .init(path: "./rootfs/../rootfs2", resolvedPath: "/work/specs/rootfs2"))
        #expect(spec.mounts.map(\.resolvedSource) == ["/work/specs/shared", "/work/up", "/work/specs/img/disk.img", "tmpfs", "/abs/olute"])
    }

    @Test func anOCIConfigJSONGoesThroughTheSameParser() throws {
        let result = Fixtures.lint("ok/config.json")
        let spec = try #require(result.spec)
        #expect(result.diagnostics == [])
        #expect(spec.hostname == "from-json")
        #expect(spec.linux.namespaces.map(\.kind) == [.uts, .pid, .mount])
        #expect(spec.source.positions["/mounts/0/options/2"] == SourcePosition(line: 15, column: 96))
    }

    @Test func shapeProblemsAreAllReportedWithTheirPositions() {
        let result = load("""
        process:
          args: [/bin/true, 7]
          terminal: "true"
          user: {uid: 70000000000, gid: x}
          commandLine: x
        linux:
          namespaces: [pid, pidd]
          uidMappings: [{containerID: 0, hostID: 1, size: 1, extra: 2}]
        mount: []
        process: {}
        """)
        #expect(lines(result) == [
            "2:21 type: `process.args[1]` must be a string, found the integer `7`; quote it to make it a string: \"7\"",
            "3:13 type: `process.terminal` must be a boolean (true or false), found the string `true`",
            "4:15 range: `process.user.uid` must be between 0 and 4294967295, found 70000000000",
            "4:33 type: `process.user.gid` must be an integer, found the string `x`",
            "5:3 unsupported-key: `process.commandLine` is not supported by mydocker yet",
            "7:21 enum: `linux.namespaces[1]` must be one of pid, network, mount, ipc, uts, user, cgroup, time; found `pidd`; did you mean `pid`?",
            "8:54 unknown-key: unknown key `extra` in `linux.uidMappings[0]`; expected one of containerID, hostID, size",
            "9:1 unknown-key: unknown key `mount` at the top level; did you mean `mounts`?",
            "10:1 duplicate-key: duplicate key `process` at the top level: already set at line 1, column 1",
        ])
    }

    @Test func aSpecThatIsNotAMappingIsATypeError() {
        #expect(lines(load("- process\n")) == ["1:1 type: a spec must be a mapping, found a list"])
        #expect(load("- process\n").spec == nil)
    }

    @Test func mergeKeysAreNamedAsSuch() {
        #expect(lines(load("base: &b {args: [x]}\nprocess:\n  <<: *b\n")).contains(
            "3:3 unknown-key: unknown key `<<` in `process`; YAML 1.1 merge keys are not supported: write the keys out (an alias may stand for a whole value)"))
    }

    @Test func keysMustBeScalars() {
        #expect(lines(load("? [a]\n: 1\nprocess: {args: [x]}\n")) == ["1:3 type: keys must be strings, found a list at the top level"])
    }

    @Test func yamlErrorsBecomeDiagnosticsWithoutASpec() {
        let result = load("process: [\n")
        #expect(result.spec == nil)
        #expect(result.diagnostics.map(\.ruleID) == ["yaml-syntax"])
        #expect(result.source == Array("process: [\n".utf8))
    }

    @Test func inputLargerThanOneMebibyteIsRefusedByItsSize() {
        let big = Array("process: {args: [x]}\n".utf8) + [UInt8](repeating: UInt8(ascii: "\n"), count: 2 << 20)
        let result = Linter.lint(bytes: big, file: "big.yaml", baseDirectory: "/")
        #expect(lines(result) == ["1:1 input-too-large: the input is larger than 1 MiB, the most mydocker reads from one file"])
    }

    @Test func anUnreadablePathIsOneDiagnostic() {
        let result = SpecLoader.load(path: "/nonexistent/spec.yaml")
        #expect(result.spec == nil)
        #expect(result.diagnostics == [Diagnostic(file: "/nonexistent/spec.yaml", position: SourcePosition(line: 1, column: 1), severity: .error,
                                                  message: "cannot read the file: No such file or directory", ruleID: "unreadable-file")])
        #expect(Linter.lint(path: Fixtures.directory).diagnostics.map(\.message) == ["cannot read the file: Is a directory"])
    }

    @Test func loadByPathResolvesAgainstTheFilesFolder() throws {
        let spec = try #require(SpecLoader.load(path: Fixtures.directory + "/ok/every-key.yaml").spec)
        #expect(spec.root?.resolvedPath == Fixtures.directory + "/data/rootfs")
    }

    @Test func theModelineIsJustAComment() {
        #expect(load("# yaml-language-server: $schema=../schema/mydocker-spec.schema.json\nprocess: {args: [x]}\n").diagnostics == [])
    }

    /// A spec with more positions than a decode reserves ahead (``SpecLoader/positionsReserved``) has each of them,
    /// the table grown as it fills.
    @Test func aSpecWithMorePositionsThanReservedHasEveryOne() throws {
        let count = SpecLoader.positionsReserved + 100
        let env = (0..<count).map { "    - V\($0)=x" }.joined(separator: "\n")
        let result = load("process:\n  args: [/bin/true]\n  env:\n" + env + "\n")
        #expect(result.diagnostics == [])
        let spec = try #require(result.spec)
        #expect(spec.process.env.count == count)
        for i in [0, SpecLoader.positionsReserved - 1, SpecLoader.positionsReserved, count - 1] {
            #expect(spec.source.positions["/process/env/\(i)"] == SourcePosition(line: 4 + i, column: 7), "env[\(i)]")
        }
        #expect(spec.source.positions["/process/env#key"] == SourcePosition(line: 3, column: 3))
    }
}
