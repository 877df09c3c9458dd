import Foundation
import Testing
@testable import Spec

/// The rules that look at the host's files as apply would, without changing anything: the command in the root
/// file system, loop images, and paths nothing expands.
@Suite struct HostRulesTests {
    static let rootfs = Fixtures.directory + "/data/rootfs"

    static func lint(_ text: String, base: String = Fixtures.directory + "/err", host: LintHost = LintHost()) -> [String] {
        let (loaded, origins) = SpecLoader.decode(bytes: Array(text.utf8), file: "t.yaml", baseDirectory: base)
        guard let spec = loaded.spec else { return loaded.diagnostics.map { "\($0.line):\($0.column) \($0.ruleID)" } }
        var rules = LintRules(spec: spec, origins: origins)
        rules.host = host
        return (loaded.diagnostics + rules.run()).map { "\($0.line):\($0.column) \($0.ruleID): \($0.message)" }
    }

    static func command(_ args: String, _ extra: String = "") -> String {
        "root: {path: ../data/rootfs}\nprocess:\n  args: \(args)\n\(extra)linux: {namespaces: [mount]}\n"
    }

    // MARK: command-not-found

    @Test(arguments: ["[sh]", "[/bin/sh]", "[\"true\", x]", "[./sh]"])
    func aCommandThereIsFound(args: String) {
        #expect(Self.lint(Self.command(args, "  cwd: /bin\n")) == [])
    }

    /// An args item that is not a string is a type error; the next item is not judged as if it were the command.
    @Test func aCommandThatDidNotDecodeIsNotSearched() {
        #expect(Self.lint(Self.command("[true, x]")).map { String($0.prefix(9)) } == ["3:10 type"])
    }

    @Test func aCommandMissingIsNamedWithWhereItWasLookedFor() {
        #expect(Self.lint(Self.command("[/usr/bin/env]")) == ["3:10 command-not-found: `process.args[0]` `/usr/bin/env` does not exist in the root file system `../data/rootfs`"])
        #expect(Self.lint(Self.command("[env]")) == ["3:10 command-not-found: `process.args[0]` `env` is not found in the root file system `../data/rootfs` on the PATH `\(ExecSearchPath.defaultPath)`"])
    }

    /// The spec's own PATH decides, as for apply's child: sh is in /bin, which this PATH leaves out.
    @Test func theSpecsPathIsSearched() {
        #expect(Self.lint(Self.command("[sh]", "  env: [PATH=/usr/bin]\n")) == ["3:10 command-not-found: `process.args[0]` `sh` is not found in the root file system `../data/rootfs` on the PATH `/usr/bin`"])
    }

    @Test func aFileThatCannotBeRunIsSaidSo() {
        #expect(Self.lint(Self.command("[/etc/motd]")) == ["3:10 command-not-found: `process.args[0]` `/etc/motd`: /etc/motd in the root file system `../data/rootfs` is not executable (mode 644)"])
        #expect(Self.lint(Self.command("[/bin]")) == ["3:10 command-not-found: `process.args[0]` `/bin`: /bin in the root file system `../data/rootfs` is a directory"])
    }

    /// What lint cannot know is not judged: a root that is not there, a mount over a place searched, a hook
    /// that runs before the process, a run (apply finds it at its step).
    @Test func whatLintCannotKnowIsLeftAlone() {
        #expect(Self.lint(Self.command("[/no/such]").replacing("../data/rootfs", with: "../data/none")) == [])
        #expect(Self.lint(Self.command("[/opt/app/run]", "mounts: [{destination: /opt/app, source: /srv/app, options: [bind]}]\n")) == [])
        #expect(Self.lint(Self.command("[/no/such]", "hooks: {createContainer: [{path: /bin/true}]}\n")) == [])
        #expect(Self.lint(Self.command("[/no/such]"), host: LintHost(probesFiles: false)) == [])
        let bytes = Array(Self.command("[/no/such]").utf8)
        let run = Linter.lint(bytes: bytes, file: "t.yaml", baseDirectory: Fixtures.directory + "/err", honouringComments: true,
                              errorsOnly: true, readingHost: true)
        #expect(run.diagnostics == [])
        // plan's lint, and mydocker lint's.
        #expect(Linter.lint(bytes: bytes, file: "t.yaml", baseDirectory: Fixtures.directory + "/err").diagnostics == [])
        #expect(Linter.lint(bytes: bytes, file: "t.yaml", baseDirectory: Fixtures.directory + "/err", external: { _ in [] })
            .diagnostics.map(\.ruleID) == ["command-not-found"])
    }

    /// Symbolic links resolve inside the root, as they will for the container: an absolute link to /bin/sh is
    /// the root's /bin/sh, not the host's.
    @Test func linksResolveInsideTheRoot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mydocker-lint-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/root/usr/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/root/usr/bin/shell", withDestinationPath: "/usr/bin/busybox")
        try FileManager.default.createSymbolicLink(atPath: dir + "/root/usr/bin/up", withDestinationPath: "../../../../../usr/bin/busybox")
        let spec = "root: {path: root}\nprocess:\n  args: [ARG]\nlinux: {namespaces: [mount]}\n"
        #expect(Self.lint(spec.replacing("ARG", with: "shell"), base: dir).count == 1)
        #expect(Self.lint(spec.replacing("ARG", with: "up"), base: dir).count == 1)
        _ = FileManager.default.createFile(atPath: dir + "/root/usr/bin/busybox", contents: Data(), attributes: [.posixPermissions: 0o755])
        #expect(Self.lint(spec.replacing("ARG", with: "shell"), base: dir) == [])
        #expect(Self.lint(spec.replacing("ARG", with: "up"), base: dir) == [])
    }

    // MARK: loop images

    static func loop(_ source: String, type: String? = nil) -> String {
        "process: {args: [/bin/true]}\nmounts:\n  - {destination: /data, source: \(source), \(type.map { "type: \($0), " } ?? "")options: [loop]}\nlinux: {namespaces: [mount]}\n"
    }

    static func image(signature: (offset: Int, bytes: [UInt8])) throws -> String {
        var bytes = [UInt8](repeating: 0, count: 4096)
        bytes.replaceSubrange(signature.offset..<(signature.offset + signature.bytes.count), with: signature.bytes)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mydocker-lint-\(getpid())-\(signature.offset).img").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test func aTypeTheImageDoesNotHoldIsAnError() throws {
        let ext4 = try Self.image(signature: (1080, [0x53, 0xEF]))
        defer { try? FileManager.default.removeItem(atPath: ext4) }
        // Positions depend on the temporary path's length: compared without them.
        #expect(Self.lint(Self.loop(ext4, type: "xfs")).map { $0.drop { $0 != " " } } == [" loop-image-unknown-filesystem: mount /data: `type` is xfs, but `\(ext4)` holds ext4: the kernel would refuse to mount it as xfs"])
        #expect(Self.lint(Self.loop(ext4, type: "ext3")) == [])
        #expect(Self.lint(Self.loop(ext4)) == [])
    }

    /// A file system the kernel has not registered is known when its module index can load it.
    @Test func aFileSystemThisKernelDoesNotKnowIsAnError() throws {
        let squashfs = try Self.image(signature: (0, Array("hsqs".utf8)))
        defer { try? FileManager.default.removeItem(atPath: squashfs) }
        let without = LintHost(fileSystems: { HostFileSystems(registered: ["ext4", "proc"], loadable: nil) })
        #expect(Self.lint(Self.loop(squashfs), host: without).map { $0.drop { $0 != " " } } == [" loop-image-unknown-filesystem: mount /data: `\(squashfs)` holds squashfs, a file system this kernel does not know: it is not in /proc/filesystems, and this host has no module index to load one from"])
        let noModule = LintHost(fileSystems: { HostFileSystems(registered: ["ext4"], loadable: ["vfat"]) })
        #expect(Self.lint(Self.loop(squashfs), host: noModule).first?.hasSuffix("and no kernel module provides it") == true)
        let module = LintHost(fileSystems: { HostFileSystems(registered: ["ext4"], loadable: ["squashfs"]) })
        #expect(Self.lint(Self.loop(squashfs), host: module) == [])
        // /proc/filesystems unreadable: nothing to judge by.
        #expect(Self.lint(Self.loop(squashfs), host: LintHost(fileSystems: { HostFileSystems(registered: [], loadable: nil) })) == [])
    }

    @Test func theModuleIndexIsRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mydocker-modules-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var names = utsname()
        uname(&names)
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        try FileManager.default.createDirectory(atPath: dir + "/" + release, withIntermediateDirectories: true)
        try "alias fs-squashfs squashfs\nalias pci:v* e1000\n".write(toFile: dir + "/\(release)/modules.alias", atomically: true, encoding: .utf8)
        try "kernel/fs/ext4/ext4.ko\nkernel/drivers/x/y.ko\n".write(toFile: dir + "/\(release)/modules.builtin", atomically: true, encoding: .utf8)
        #expect(HostFileSystems.loadable(modulesRoot: dir) == ["squashfs", "ext4"])
        #expect(HostFileSystems.loadable(modulesRoot: dir + "/none") == nil)
    }

    // MARK: path-not-expanded

    @Test(arguments: [("~", "~"), ("~/x", "~"), ("~me/x", "~me"), ("/a/$HOME/b", "$HOME"), ("/a/${X}", "${X}"), ("/a$_x1-2", "$_x1")])
    func whatAShellWouldExpand(path: String, word: String) {
        #expect(LintRules.unexpanded(path) == word)
    }

    @Test(arguments: ["/a/b", "/a/$", "/a/$1", "/a~b", "/$(x)", "/a/${x"])
    func whatItWouldNot(path: String) {
        #expect(LintRules.unexpanded(path) == nil)
    }

    /// A host path whose literal name is there is what the writer meant.
    @Test func aHostPathThatExistsAsWrittenIsLeftAlone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mydocker-lint-$lit-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = "process: {args: [/bin/true]}\nmounts: [{destination: /d, source: \"\(dir)\", options: [bind]}]\nlinux: {namespaces: [mount]}\n"
        #expect(Self.lint(spec) == [])
        #expect(Self.lint(spec.replacing("$lit", with: "$gone")).map { String($0.prefix(22)) } == ["2:36 path-not-expanded"])
    }

    /// `~` in a destination or cwd is one error, not a second one about a relative path.
    @Test func oneErrorForATildeWhereAnAbsolutePathBelongs() {
        #expect(Self.lint("process: {args: [/bin/true], cwd: ~/app}\nmounts: [{destination: ~/d, type: tmpfs, source: tmpfs}]\nlinux: {namespaces: [mount]}\n")
            .map { String($0.prefix(23)) }.sorted() == ["1:35 path-not-expanded:", "2:24 path-not-expanded:"])
    }
}

/// The default PATH, as the runtime's ExecSearch has it.
enum ExecSearchPath {
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}
