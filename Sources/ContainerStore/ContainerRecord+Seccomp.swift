import Glibc
import LinuxSystem

extension StateStore {
    /// The file in a container's directory that holds its compiled seccomp program (struct sock_filter
    /// instructions, this machine's byte order); its flags are in the state (``ProcessConfinement/seccompFlags``).
    public static let seccompFile = "seccomp.bpf"

    /// The compiled seccomp program recorded for `name` (checked to be whole instructions, 1 to 4096 of them).
    public func seccompProgram(of name: String) throws(ContainerError) -> [UInt8] {
        try ContainerName.validate(name)
        let path = "\(directory(of: name))/\(Self.seccompFile)"
        let bytes: [UInt8]
        do {
            bytes = try FileDescriptor.open(path, O_RDONLY).readAll()
        } catch {
            if error.errno == ENOENT { throw .corruptState(name, reason: "\(path) is missing") }
            throw .system(what: "read the seccomp program of \(name)", error)
        }
        guard !bytes.isEmpty, bytes.count % 8 == 0, bytes.count / 8 <= 4096 else {
            throw .corruptState(name, reason: "\(path) holds \(bytes.count) bytes, not 1 to 4096 instructions of 8")
        }
        return bytes
    }
}

extension ContainerRecord {
    /// The container's compiled seccomp program: its bytes into ``StateStore/seccompFile`` (atomically), then its
    /// flags into the state, so that a state with flags always has its program.
    public func recordSeccomp(_ bytes: [UInt8], flags: UInt32) throws(ContainerError) {
        do {
            try Directory.replaceAtomically(StateStore.seccompFile, in: directoryFD, with: bytes)
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(what: "record the seccomp program of \(name)", error)
        }
        try update { $0.confinement.seccompFlags = flags }
    }
}
