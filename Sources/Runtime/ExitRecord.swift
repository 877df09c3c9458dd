import CShim
import LinuxSystem

/// What the minimal init writes on ``MD_CHILD_EXIT_FD`` before it exits: how the container's process ended, so
/// that the parent records a process killed by signal N as that, not as init's exit status 128 + N. Two Int32 in
/// host byte order: 0 and the exit code, or 1 and the signal. No record (a child without init): the parent's own
/// wait status says it.
enum ExitRecord {
    static let size = 8

    static func encode(_ exit: ProcessExit) -> [UInt8] {
        var w = WireWriter()
        switch exit {
        case let .exited(code): w.i32(0); w.i32(code)
        case let .signaled(signal): w.i32(1); w.i32(signal)
        }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) -> ProcessExit? {
        guard bytes.count == size else { return nil }
        var r = WireReader(bytes)
        guard let kind = try? r.i32(), let value = try? r.i32() else { return nil }
        switch kind {
        case 0: return .exited(value)
        case 1: return .signaled(value)
        default: return nil
        }
    }
}
