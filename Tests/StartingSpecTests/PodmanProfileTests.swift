import Foundation
import Spec
import StartingSpec
import Testing

/// The profile Debian ships for podman, converted here, against the `linux.seccomp` podman 4.3 itself wrote
/// into a container's config.json on this machine (Tests/SpecTests/Fixtures/peer/podman-config.json, a copy of
/// shared/peer-configs/podman-config.json).
@Suite struct PodmanProfileTests {
    static let installed = FileManager.default.fileExists(atPath: DefaultSeccompProfile.path)
    static let absent = "needs \(DefaultSeccompProfile.path): apt-get install \(DefaultSeccompProfile.debianPackage)"

    static func debianProfile() throws -> DockerProfile {
        let data = try #require(FileManager.default.contents(atPath: DefaultSeccompProfile.path))
        return try DockerProfile(jsonText: [UInt8](data))
    }

    /// podman's config as mydocker reads it: its seccomp and its capability set.
    static func podmanConfig() throws -> ContainerSpec {
        let text = try #require(Repository.text("Tests/SpecTests/Fixtures/peer/podman-config.json"))
        let (spec, _) = Loading.loadWithProblems(text, file: "podman-config.json", baseDirectory: "/")
        return try #require(spec)
    }

    static func convert(_ profile: DockerProfile, caps: [String]?) throws -> ContainerSpec.Seccomp? {
        try profile.seccomp(for: ProfileTarget(capabilities: caps, architecture: .x86_64, kernel: KernelVersion(major: 6, minor: 1)))
    }

    @Test(.enabled(if: installed, Comment(rawValue: absent)))
    func forPodmansCapabilitiesItIsWhatPodmanWrote() throws {
        let podman = try Self.podmanConfig()
        let caps = try #require(podman.process.capabilities?.bounding)
        #expect(caps.count == 11)
        let ours = try #require(try Self.convert(try Self.debianProfile(), caps: caps))
        let theirs = try #require(podman.linux.seccomp)
        #expect(theirs.syscalls.count == 22)
        #expect(ours.defaultAction == theirs.defaultAction && ours.defaultErrnoRet == theirs.defaultErrnoRet)
        #expect(ours.architectures == theirs.architectures)
        #expect(ours.syscalls.count == theirs.syscalls.count)
        for (i, (a, b)) in zip(ours.syscalls, theirs.syscalls).enumerated() {
            #expect(a == b, "syscalls[\(i)]")
        }
        #expect(ours == theirs)
    }

    /// `mydocker spec`'s three capabilities instead of podman's eleven: chroot is refused (no CAP_SYS_CHROOT),
    /// and with CAP_AUDIT_WRITE every socket is allowed, where podman's set (without it) gets three rules that
    /// refuse NETLINK_AUDIT sockets with EINVAL. Everything else is the same.
    @Test(.enabled(if: installed, Comment(rawValue: absent)))
    func forTheStartingSpecsCapabilitiesOnlyChrootAndAuditSocketsDiffer() throws {
        let podman = try #require(try Self.podmanConfig().linux.seccomp)
        let ours = try #require(try Self.convert(try Self.debianProfile(), caps: Capability.specDefault))
        let describe = { (call: ContainerSpec.Seccomp.Syscall) in
            "\(call.names.joined(separator: ",")) \(call.action)\(call.errnoRet.map { " \($0)" } ?? "")\(call.args.map { " \($0.index)\($0.op)\($0.value)" }.joined())"
        }
        let onlyPodman = podman.syscalls.filter { !ours.syscalls.contains($0) }.map(describe)
        let onlyOurs = ours.syscalls.filter { !podman.syscalls.contains($0) }.map(describe)
        #expect(onlyPodman == [
            "chroot SCMP_ACT_ALLOW",
            "socket SCMP_ACT_ERRNO 22 0SCMP_CMP_EQ16 2SCMP_CMP_EQ9",
            "socket SCMP_ACT_ALLOW 2SCMP_CMP_NE9",
            "socket SCMP_ACT_ALLOW 0SCMP_CMP_NE16",
            "socket SCMP_ACT_ALLOW 2SCMP_CMP_NE9",
        ])
        #expect(onlyOurs == ["chroot SCMP_ACT_ERRNO 1", "socket SCMP_ACT_ALLOW"])
        #expect(ours.defaultAction == podman.defaultAction && ours.defaultErrnoRet == podman.defaultErrnoRet && ours.architectures == podman.architectures)
    }

    @Test(.enabled(if: installed, Comment(rawValue: absent)))
    func theDebianProfileIsReadWhole() throws {
        let profile = try Self.debianProfile()
        #expect(profile.defaultAction == "SCMP_ACT_ERRNO" && profile.defaultErrno == "ENOSYS" && profile.defaultErrnoRet == 38)
        #expect(profile.archMap.count == 7 && profile.syscalls.count == 35)
        #expect(profile.syscalls[1].names.count > 300)
        // The last rule writes `"args": null`.
        #expect(profile.syscalls.last?.args == [] && profile.syscalls.last?.includes.caps == ["CAP_AUDIT_WRITE"])
    }
}
