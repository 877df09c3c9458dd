import Spec

/// What a compiled program depends on, as bytes: this encoding's version (bump it when compile changes what it
/// makes), libseccomp's version, the native architecture, and every field of `linux.seccomp` in a fixed order,
/// strings with their length and optionals with a presence byte, so that two different inputs never encode alike.
/// ``SeccompCache`` names a file by its checksum and keeps the whole key in the file, to compare on every read.
struct SeccompCacheKey: Equatable {
    private(set) var bytes: [UInt8] = []

    /// The version of this encoding and of what ``SeccompProgram/compile(_:)`` makes from it.
    static let format = "mydocker seccomp 2"

    init(_ seccomp: ContainerSpec.Seccomp) {
        append(Self.format)
        append("libseccomp \(LibSeccomp.version)")
        append(LibSeccomp.nativeArchitecture)
        append(seccomp.defaultAction)
        append(seccomp.defaultErrnoRet)
        append(seccomp.architectures)
        append(seccomp.flags)
        append(seccomp.listenerPath)
        append(seccomp.listenerMetadata)
        append(UInt32(truncatingIfNeeded: seccomp.syscalls.count))
        for rule in seccomp.syscalls {
            append(rule.names)
            append(rule.action)
            append(rule.errnoRet)
            append(UInt32(truncatingIfNeeded: rule.args.count))
            for argument in rule.args {
                append(argument.index)
                append(argument.value)
                append(argument.valueTwo)
                append(argument.op)
            }
        }
    }

    /// The file name: the key's checksum in hex.
    var name: String { Checksum.hex(bytes) }

    private mutating func append(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private mutating func append(_ value: String) {
        append(UInt32(truncatingIfNeeded: value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    private mutating func append(_ values: [String]) {
        append(UInt32(truncatingIfNeeded: values.count))
        for value in values { append(value) }
    }

    private mutating func append(_ value: UInt32?) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        append(value)
    }

    private mutating func append(_ value: String?) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        append(value)
    }
}
