import CShim
import Glibc
import LinuxSystem

/// A program attached to a cgroup for BPF_CGROUP_DEVICE: its id and name (empty when it could not be read).
public struct AttachedDeviceProgram: Sendable, Hashable {
    public var id: UInt32
    public var name: String
}

extension DeviceProgram {
    /// The name mydocker loads its device programs under, by which an update finds the program it replaces.
    public static let name = "mydocker_dev"
    /// The license the program declares. The kernel only reads it to allow GPL-only helpers, which this program does
    /// not call.
    public static let license = "Apache-2.0"

    /// Loads the program (BPF_PROG_LOAD): its descriptor, close-on-exec. When the kernel refuses it, the program is
    /// loaded again with the verifier's log (only then, as the log of a program that passes can outgrow any
    /// buffer), and the log is the error's hint.
    public func load() throws(CgroupError) -> FileDescriptor {
        let first = load(log: nil)
        if first.fd >= 0 { return FileDescriptor(owning: first.fd) }
        var log = [CChar](repeating: 0, count: 1 << 16)
        let second = log.withUnsafeMutableBufferPointer { load(log: $0) }
        if second.fd >= 0 { return FileDescriptor(owning: second.fd) }  // (it passed the second time)
        let verifier = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var hint = verifier.isEmpty ? nil : "the verifier says: " + verifier.split(separator: "\n").suffix(12).joined(separator: " / ")
        if first.errno == EPERM {
            hint = "loading BPF programs needs CAP_BPF and CAP_SYS_ADMIN (root)"
        }
        throw CgroupError(
            what: "load the device program (\(instructions.count) instructions for \(rules.count) rules)",
            call: "bpf(BPF_PROG_LOAD)", errno: first.errno, hint: hint)
    }

    private func load(log: UnsafeMutableBufferPointer<CChar>?) -> (fd: Int32, errno: Int32) {
        let count = UInt32(instructions.count)
        return bytes.withUnsafeBytes { insns in
            let fd = md_bpf_prog_load(
                UInt32(MD_BPF_PROG_TYPE_CGROUP_DEVICE), insns.baseAddress, count, Self.license, Self.name,
                log?.baseAddress, UInt32(log?.count ?? 0))
            return (fd, fd < 0 ? Glibc.errno : 0)
        }
    }

    /// Loads the program and attaches it to the cgroup v2 directory open at `cgroup` (``attach(_:to:path:)``).
    public func install(on cgroup: borrowing FileDescriptor, path: String) throws(CgroupError) {
        let program = try load()
        try Self.attach(program, to: cgroup, path: path)
    }

    /// Attaches the loaded program `program` to the cgroup v2 directory open at `cgroup` for BPF_CGROUP_DEVICE, with
    /// BPF_F_ALLOW_MULTI as runc does (programs that others attached stay: they can only take access away), then
    /// detaches the mydocker programs that were there before, so that an update replaces the rules. In between both
    /// run and a device must pass both, so nothing is allowed that neither list allows. The attachment keeps the
    /// program loaded after `program` is closed. `path` only names the cgroup in errors.
    public static func attach(_ program: borrowing FileDescriptor, to cgroup: borrowing FileDescriptor, path: String) throws(CgroupError) {
        let previous = try attached(to: cgroup, path: path).filter { $0.name == name }
        guard md_bpf_prog_attach(program.rawValue, cgroup.rawValue, UInt32(MD_BPF_CGROUP_DEVICE), UInt32(MD_BPF_F_ALLOW_MULTI)) == 0 else {
            let err = Glibc.errno
            throw CgroupError(what: "attach the device program to \(path)", call: "bpf(BPF_PROG_ATTACH)", errno: err,
                              hint: err == EBADF ? "\(path) is not a cgroup v2 directory" : nil)
        }
        let own = try info(of: program, path: path).id
        for old in previous where old.id != own {
            try detach(id: old.id, from: cgroup, path: path)
        }
    }

    /// Detaches every mydocker device program from the cgroup v2 directory open at `cgroup`; others' stay.
    public static func detachAll(from cgroup: borrowing FileDescriptor, path: String) throws(CgroupError) {
        for program in try attached(to: cgroup, path: path) where program.name == name {
            try detach(id: program.id, from: cgroup, path: path)
        }
    }

    /// The device programs attached to the cgroup v2 directory open at `cgroup` (BPF_PROG_QUERY), in the order they
    /// run. A program whose name cannot be read (an LSM may refuse it) is listed with an empty name.
    public static func attached(to cgroup: borrowing FileDescriptor, path: String) throws(CgroupError) -> [AttachedDeviceProgram] {
        var ids = [UInt32](repeating: 0, count: 64)
        while true {
            var count = UInt32(ids.count)
            if md_bpf_prog_query(cgroup.rawValue, UInt32(MD_BPF_CGROUP_DEVICE), &ids, &count) == 0 {
                ids.removeSubrange(Int(count)...)
                break
            }
            let err = Glibc.errno
            guard err == ENOSPC, count > ids.count else {
                throw CgroupError(what: "list the device programs of \(path)", call: "bpf(BPF_PROG_QUERY)", errno: err)
            }
            ids = [UInt32](repeating: 0, count: Int(count))
        }
        return ids.map { id in
            let fd = md_bpf_prog_get_fd_by_id(id)
            guard fd >= 0 else { return AttachedDeviceProgram(id: id, name: "") }
            let program = FileDescriptor(owning: fd)
            return AttachedDeviceProgram(id: id, name: (try? info(of: program, path: path).name) ?? "")
        }
    }

    private static func detach(id: UInt32, from cgroup: borrowing FileDescriptor, path: String) throws(CgroupError) {
        let fd = md_bpf_prog_get_fd_by_id(id)
        guard fd >= 0 else {
            let err = Glibc.errno
            throw CgroupError(what: "detach device program \(id) from \(path)", call: "bpf(BPF_PROG_GET_FD_BY_ID)", errno: err)
        }
        let program = FileDescriptor(owning: fd)
        if md_bpf_prog_detach(program.rawValue, cgroup.rawValue, UInt32(MD_BPF_CGROUP_DEVICE)) != 0 {
            let err = Glibc.errno
            guard err == ENOENT else {  // (gone already)
                throw CgroupError(what: "detach device program \(id) from \(path)", call: "bpf(BPF_PROG_DETACH)", errno: err)
            }
        }
    }

    private static func info(of program: borrowing FileDescriptor, path: String) throws(CgroupError) -> AttachedDeviceProgram {
        var id: UInt32 = 0
        var name = [CChar](repeating: 0, count: Int(MD_BPF_OBJ_NAME_LEN))
        guard md_bpf_prog_info(program.rawValue, &id, &name) == 0 else {
            let err = Glibc.errno
            throw CgroupError(what: "read a device program's id for \(path)", call: "bpf(BPF_OBJ_GET_INFO_BY_FD)", errno: err)
        }
        return AttachedDeviceProgram(id: id, name: String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
