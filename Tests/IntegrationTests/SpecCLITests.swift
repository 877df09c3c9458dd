import Foundation
import Glibc
import Spec
import Testing

/// Runs the built `mydocker spec`: what it prints, what --bundle writes and refuses, and what it says when the
/// profile it needs is not there.
@Suite struct SpecCLITests {
    static let profileInstalled = FileManager.default.fileExists(atPath: "/usr/share/containers/seccomp.json")
    static let needsProfile = "needs /usr/share/containers/seccomp.json: apt-get install golang-github-containers-common"

    @Test(.enabled(if: profileInstalled, Comment(rawValue: needsProfile)))
    func itPrintsCommentedYAMLWithTheModelineAndPodmansProfile() throws {
        let run = try MyDockerBinary.run(["spec"])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.stdout.hasPrefix("# yaml-language-server: $schema=mydocker-spec.schema.json\n"))
        #expect(run.stdout.contains("\n  seccomp:\n    defaultAction: SCMP_ACT_ERRNO\n    defaultErrnoRet: 38\n"))
        #expect(run.stdout.contains("\n  namespaces: [pid, network, ipc, uts, mount"))
    }

    @Test func withoutAProfileAndInJSONItIsAnOCIConfig() throws {
        let run = try MyDockerBinary.run(["spec", "--format", "json", "--seccomp", "none"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
        let linux = try #require(object["linux"] as? [String: Any])
        #expect(linux["seccomp"] == nil && linux["maskedPaths"] != nil)
        #expect((object["root"] as? [String: Any])?["path"] as? String == "rootfs")
    }

    @Test func rootlessMapsTheCaller() throws {
        let run = try MyDockerBinary.run(["spec", "--format=json", "--seccomp=none", "--rootless"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
        let linux = try #require(object["linux"] as? [String: Any])
        let uids = try #require(linux["uidMappings"] as? [[String: Int]])
        #expect(uids == [["containerID": 0, "hostID": Int(geteuid()), "size": 1]])
        #expect((linux["namespaces"] as? [[String: String]])?.contains(["type": "network"]) == false)
    }

    @Test func theBundleGetsConfigJSONOnceAndNeverOverAnExistingOne() throws {
        let scratch = try Scratch()
        let first = try MyDockerBinary.run(["spec", "--seccomp", "none", "--bundle", scratch.path])
        #expect(first.status == 0 && first.stdout == "" && first.stderr == "")
        let config = scratch.path + "/config.json"
        let written = try #require(FileManager.default.contents(atPath: config))
        #expect(try JSONSerialization.jsonObject(with: written) is [String: Any])
        try scratch.write("config.json", "{\"mine\": true}\n")
        let second = try MyDockerBinary.run(["spec", "--seccomp", "none", "--bundle", scratch.path])
        #expect(second.status == 1)
        #expect(second.stderr == "mydocker spec: \(config) exists: remove it first, or give another --bundle\n")
        #expect(FileManager.default.contents(atPath: config) == Data("{\"mine\": true}\n".utf8))
    }

    @Test func aBundleIsJSONSoYAMLIsAUsageError() throws {
        let scratch = try Scratch()
        let run = try MyDockerBinary.run(["spec", "--bundle", scratch.path, "--format", "yaml"])
        #expect(run.status == 125)
        #expect(run.stderr.hasPrefix("mydocker spec: --bundle writes config.json, which is JSON: leave out --format yaml\n"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/config.json"))
    }

    @Test func aProfileThatCannotBeReadOrIsWrongSaysWhere() throws {
        let scratch = try Scratch()
        let missing = try MyDockerBinary.run(["spec", "--seccomp", scratch.path + "/nope.json"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "mydocker spec: cannot read the seccomp profile \(scratch.path)/nope.json: No such file or directory\n")
        let bad = try scratch.write("bad.json", "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": {}\n}\n")
        let wrong = try MyDockerBinary.run(["spec", "--seccomp", bad])
        #expect(wrong.status == 1)
        #expect(wrong.stderr == "mydocker spec: \(bad):3:15: `syscalls` must be a list\n")
    }

    /// With /usr/share/containers hidden (an empty tmpfs over it, in a mount namespace of the test's own), the
    /// default profile is missing: the message names the package that provides it and the way around it.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), "needs root and unshare"))
    func aMissingDefaultProfileNamesItsPackage() throws {
        // Without the folder, the profile is missing already (and no folder is made on the host for the test).
        let run = FileManager.default.fileExists(atPath: "/usr/share/containers")
            ? try ProcessRunner.run(["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                                     "mount -t tmpfs none /usr/share/containers && exec \"$0\" spec", MyDockerBinary.path])
            : try MyDockerBinary.run(["spec"])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == "mydocker spec: the default seccomp profile /usr/share/containers/seccomp.json is missing: install it with `apt-get install golang-github-containers-common` (the Debian package of podman's profile), give a Docker-format profile with --seccomp FILE, or --seccomp none for a spec without a system call filter\n")
    }

    /// A container started from the starting spec (and its rootless form) with a busybox root shows the
    /// confinement in /proc/self/status.
    @Test(.enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable && profileInstalled, "needs root, busybox and the seccomp profile"),
          arguments: [false, true])
    func aContainerFromTheStartingSpecIsConfined(rootless: Bool) throws {
        let before = try HostSnapshot.now()
        let scratch = try Scratch()
        try BusyboxRootfs.make(at: scratch.path + "/rootfs")
        let run = try MyDockerBinary.run(["spec", "--format", "json"] + (rootless ? ["--rootless"] : []))
        var config = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
        var process = try #require(config["process"] as? [String: Any])
        process["terminal"] = false
        process["args"] = ["/bin/grep", "-E", "^(CapEff|CapBnd|NoNewPrivs|Seccomp):", "/proc/self/status"]
        config["process"] = process
        let spec = try scratch.write("config.json", String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self))
        let applied = MyDockerBinary.apply(spec)
        #expect(applied.status == 0, "\(applied)")
        // CAP_KILL (5), CAP_NET_BIND_SERVICE (10), CAP_AUDIT_WRITE (29).
        #expect(applied.stdout.contains("CapEff:\t0000000020000420\n") && applied.stdout.contains("CapBnd:\t0000000020000420\n"))
        #expect(applied.stdout.contains("NoNewPrivs:\t1\n") && applied.stdout.contains("Seccomp:\t2\n"))
        try HostSnapshot.expectUnchanged(since: before)
    }
}
