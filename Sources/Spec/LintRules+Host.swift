import LinuxSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the rules that look at the host's files read, and whether they look at all.
struct LintHost {
    /// False for a run (``Linter/lintForRun(path:read:)``): apply finds a missing command or image itself, at the step
    /// that needs it (a missing command is its own exit status there), and its start pays for no extra reads.
    var probesFiles = true
    /// The file systems this kernel knows; read once per process, when a loop image first needs them.
    var fileSystems: () -> HostFileSystems = { HostFileSystems.live }
}

/// The rules that find, without changing anything, what apply would find on this host: a loop image that is
/// missing or holds no file system the kernel knows, and a command that is not in the root file system.
extension LintRules {
    // MARK: loop images

    /// The image of a loop mount, at `path` (absolute): there, holding a file system this kernel can mount.
    mutating func loopImage(_ m: ContainerSpec.Mount, path: String, kind: FileKind?, pointer: String) {
        guard host.probesFiles, let source = m.source else { return }
        guard let kind else {
            // Not looked at (a folder lint may not search) is not missing.
            guard FileKind.isMissing(path) else { return }
            report(.loopImageMissing, pointer + "/source", "mount \(m.destination): the loop image `\(source)` does not exist" + (source.hasPrefix("/") ? "" : " (a relative path is from the spec's folder)"))
            return
        }
        guard kind == .regular else { return }
        let probed = FileSystemSignature.probe(path: path)
        // An image lint cannot read (permissions) is apply's to report, with its errno.
        guard probed.errno == 0 else { return }
        let given = m.type.flatMap { $0.isEmpty || $0 == "auto" ? nil : $0 }
        if given == nil, probed.type == nil {
            report(.loopImageUnknownFilesystem, pointer + "/source", "mount \(m.destination): `\(source)` holds no file system mydocker recognises (\(FileSystemSignature.recognised)): give the mount a `type`, or check that the image was made (mkfs)")
            return
        }
        if let given, let found = probed.type, !FileSystemSignature.sameFamily(given, found), !failedToDecode(pointer + "/type") {
            report(.loopImageUnknownFilesystem, pointer + "/type", "mount \(m.destination): `type` is \(given), but `\(source)` holds \(found): the kernel would refuse to mount it as \(given)")
            return
        }
        guard let type = given ?? probed.type else { return }
        let known = host.fileSystems()
        guard !known.registered.isEmpty, !known.knows(type) else { return }
        let modules = known.loadable == nil ? "this host has no module index to load one from" : "no kernel module provides it"
        report(.loopImageUnknownFilesystem, pointer + (given == nil ? "/source" : "/type"),
               "mount \(m.destination): `\(source)` holds \(type), a file system this kernel does not know: it is not in /proc/filesystems, and \(modules)")
    }

    // MARK: the command

    /// `process.args[0]` searched as apply's child searches it (``ExecSearch``: the spec's PATH, or the default, and
    /// the working directory), inside the root file system (openat2 with RESOLVE_IN_ROOT: absolute symbolic links
    /// stay inside it). Said only when the root is there to look in, no mount covers a place searched, and no
    /// hook that runs before the process could have put it there.
    mutating func command() {
        guard host.probesFiles, let root = spec.root, let name = spec.process.args.first, !name.isEmpty,
              argsDecoded, Self.unexpanded(name) == nil else { return }
        let hooks = spec.hooks
        guard hooks.prestart.isEmpty, hooks.createRuntime.isEmpty, hooks.createContainer.isEmpty, hooks.startContainer.isEmpty,
              FileKind.at(root.resolvedPath) == .directory,
              let rootFD = try? FileDescriptor.open(root.resolvedPath, FileDescriptor.pathOnly | O_DIRECTORY) else { return }
        let cwd = spec.process.cwd.hasPrefix("/") ? spec.process.cwd : "/"
        let path = ExecSearch.path(in: spec.process.env)
        var refused: (path: String, why: String)?
        for candidate in ExecSearch.candidates(for: name, path: path) {
            let inside = PathText.resolve(candidate, against: cwd)
            if spec.mounts.contains(where: { Self.covers($0.normalizedDestination, inside) }) { return }
            let file: FileDescriptor
            do throws(SystemError) {
                file = try rootFD.openInRoot(inside, FileDescriptor.pathOnly)
            } catch {
                // Not there: the search goes on. Anything else (a loop of links, no permission): lint cannot tell.
                guard error.errno == ENOENT || error.errno == ENOTDIR else { return }
                continue
            }
            var st = stat()
            guard fstat(file.rawValue, &st) == 0 else { return }
            let kind = FileKind.of(mode: st.st_mode)
            if kind == .regular, st.st_mode & 0o111 != 0 { return }
            if refused == nil {
                refused = (inside, kind == .regular ? "is not executable (mode \(String(st.st_mode & 0o7777, radix: 8)))" : "is \(kind.described)")
            }
        }
        let here = "`process.args[0]` `\(name)`"
        let rootfs = "the root file system `\(root.path)`"
        if let refused {
            report(.commandNotFound, "/process/args/0", "\(here): \(refused.path) in \(rootfs) \(refused.why)")
        } else if name.contains("/") {
            report(.commandNotFound, "/process/args/0", "\(here) does not exist in \(rootfs)")
        } else {
            report(.commandNotFound, "/process/args/0", "\(here) is not found in \(rootfs) on the PATH `\(path)`")
        }
    }

    /// Whether `process.args` decoded whole: an item that did not (`[true, x]`) leaves the next one first, which
    /// is not the command.
    var argsDecoded: Bool {
        !failedToDecode("/process/args") && spec.process.args.count == itemsInFile("/process/args")
    }

    /// Whether a mount on `destination` decides what is at `path`.
    static func covers(_ destination: String, _ path: String) -> Bool {
        destination == "/" || path == destination || path.hasPrefix(destination + "/")
    }
}
