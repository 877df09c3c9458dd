import Foundation
import Glibc
import Testing

/// apply's ``Zygote``: the container's first process starts re-executing mydocker while the spec is linted, and
/// becomes the child when the plan allows; otherwise, or when the spec is refused, it is killed and nothing is
/// left behind.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct ZygoteIntegrationTests {
    let sandbox: MountSandbox

    init() throws {
        sandbox = try MountSandbox()
    }

    /// PID 1 of the container is mydocker's init, forked by the zygote (its environment says so) for a plain spec,
    /// and spawned as before for one with a terminal.
    @Test func aPlainSpecRunsInTheZygotesFork() throws {
        let before = try HostSnapshot.now()
        let spec = try sandbox.write("plain.yaml", """
            root: {path: rootfs}
            process:
              args: [/bin/sh, -c, "tr '\\\\0' '\\\\n' < /proc/1/environ | grep -c MYDOCKER_ZYGOTE=1; cat /proc/1/cmdline | tr '\\\\0' ' '"]
            mounts: [{destination: /proc, type: proc, source: proc}]
            linux:
              namespaces: [pid, mount, uts, ipc, network]
            """)
        let run = sandbox.apply(spec)
        #expect(run == ProcessOutput(status: 0, stdout: "1\nmydocker init ", stderr: ""), "\(run)")
        try HostSnapshot.expectUnchanged(since: before)
        #expect(Self.zygotes().isEmpty)
    }

    /// A spec lint accepts but the preflight refuses (no root file system there): the zygote, never asked, is told
    /// to go, and apply ends with the preflight's error.
    @Test func aPreflightFailureSendsTheZygoteAway() throws {
        let before = try HostSnapshot.now()
        let spec = try sandbox.write("no-root.yaml", "root: {path: /nonexistent-root}\nprocess:\n  args: [/bin/true]\nlinux:\n  namespaces: [mount]\n")
        let run = sandbox.apply(spec)
        #expect(run.status == 125 && run.stderr.hasPrefix("mydocker apply: \(spec):1: step 1 (preflight"), "\(run)")
        #expect(Self.zygotes().isEmpty, "\(Self.zygotes())")
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// Processes of this host that are mydocker zygotes (or their forks), by pid.
    static func zygotes() -> [String] {
        HostProcesses.all().filter { process in
            guard process.words.starts(with: ["mydocker", "init"]),
                  let environment = FileManager.default.contents(atPath: "/proc/\(process.pid)/environ") else { return false }
            return String(decoding: environment, as: UTF8.self).contains("MYDOCKER_ZYGOTE")
        }.map(\.pid)
    }

    /// The network namespace the zygote makes while the spec is linted (its text names one) is the container's only
    /// when the plan wants it: a spec that names `network` elsewhere runs in the host's, and one with a user namespace
    /// gets a network namespace that namespace owns (its root may configure the loopback), as without the hint.
    @Test func aNetworkNamespaceMadeAheadIsKeptOnlyWhenPlanned() throws {
        let host = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
        let before = try HostSnapshot.now()
        let elsewhere = try sandbox.write("named.yaml", """
            root: {path: rootfs}
            process:
              args: [/bin/readlink, /proc/self/ns/net]
            mounts: [{destination: /proc, type: proc, source: proc}]
            annotations: {org.example.network: none}
            linux:
              namespaces: [pid, mount]
            """)
        #expect(sandbox.apply(elsewhere) == ProcessOutput(status: 0, stdout: host + "\n", stderr: ""))
        let owned = try sandbox.write("owned.yaml", """
            root: {path: rootfs}
            process:
              args: [/bin/ip, link, set, lo, mtu, "1400"]
            linux:
              namespaces: [user, network, mount]
              uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
              gidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
            """)
        #expect(sandbox.apply(owned) == ProcessOutput(status: 0, stdout: "", stderr: ""))
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// Every namespace the zygote makes ahead because the spec's text names it (network, mount, pid, ipc, uts) is
    /// left for the host's again when the plan does not want it: a spec that names them all in an annotation runs
    /// in the host's namespaces; one that wants them all gets its own of each.
    @Test func namespacesMadeAheadAreLeftWhenNotPlanned() throws {
        let kinds = ["mnt", "pid", "ipc", "uts", "net"]
        let host = try kinds.map { try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/\($0)") }
        let before = try HostSnapshot.now()
        let script = "for k in \(kinds.joined(separator: " ")); do readlink /proc/self/ns/$k; done"
        let unplanned = try sandbox.write("unplanned.yaml", """
            process:
              args: [/bin/sh, -c, "\(script)"]
            annotations: {org.example.words: "network mount pid ipc uts"}
            """)
        let here = sandbox.apply(unplanned)
        #expect(here == ProcessOutput(status: 0, stdout: host.map { $0 + "\n" }.joined(), stderr: ""), "\(here)")
        let planned = try sandbox.write("planned.yaml", """
            process:
              args: [/bin/sh, -c, "\(script)"]
            linux:
              namespaces: [network, mount, pid, ipc, uts]
            """)
        let own = sandbox.apply(planned)
        let lines = own.stdout.split(separator: "\n").map(String.init)
        #expect(own.status == 0 && lines.count == kinds.count, "\(own)")
        for (line, hostOne) in zip(lines, host) { #expect(line != hostOne && line.hasPrefix(hostOne.prefix { $0 != ":" }), "\(own)") }
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// A spec lint refuses: the zygote started meanwhile is gone, and so is everything else.
    @Test func aRefusedSpecLeavesNoZygoteBehind() throws {
        let before = try HostSnapshot.now()
        let spec = try sandbox.write("bad.yaml", "process:\n  args: [/bin/true]\n  capabilities: {bounding: [CAP_NOPE]}\n")
        let run = sandbox.apply(spec)
        #expect(run.status == 125 && run.stderr.contains("CAP_NOPE"), "\(run)")
        #expect(Self.zygotes().isEmpty, "\(Self.zygotes())")
        try HostSnapshot.expectUnchanged(since: before)
    }
}
