import Glibc
import LinuxSystem
import Spec

/// Compiled programs kept by content in a directory the caller chooses (`/run/mydocker/.seccomp`), so that a profile
/// is compiled once rather than at every start: libseccomp takes about 20 ms for podman's default profile, reading
/// the file back a small fraction of a millisecond.
///
/// A file is named by the ``Checksum`` of ``SeccompCacheKey`` (the encoding's version, libseccomp's version, the
/// native architecture and every field of the profile) and holds `MDSCMP02`, the key itself, the flags, the program,
/// and the checksum of all of that. A read is a hit only when the checksum and the key both match, so a torn or damaged
/// file, or one left by another libseccomp, is a miss and is rewritten; this is why writes need no fsync. Writes are
/// atomic: a file of a unique temporary name, renamed over the entry.
///
/// The directory must belong to the caller's effective user and be writable by no one else (whoever can write it
/// decides which filter containers get): otherwise it is not read, nor written.
public struct SeccompCache: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The program of `seccomp`: read from the cache, or compiled and stored. A failure to store is not an error
    /// (the program is returned all the same; ``store(_:for:)`` says why).
    public func program(for seccomp: ContainerSpec.Seccomp) throws(SeccompError) -> SeccompProgram {
        let key = SeccompCacheKey(seccomp)
        if let program = cachedProgram(key) { return program }
        let program = try SeccompProgram.compile(seccomp)
        try? store(program, key)
        return program
    }

    /// The stored program of `seccomp`, nil when there is none (or none intact, or the directory is not trusted).
    public func cachedProgram(for seccomp: ContainerSpec.Seccomp) -> SeccompProgram? {
        cachedProgram(SeccompCacheKey(seccomp))
    }

    /// Stores `program` as the compiled form of `seccomp`, making the directory (0700) if it is missing.
    public func store(_ program: SeccompProgram, for seccomp: ContainerSpec.Seccomp) throws(SeccompError) {
        try store(program, SeccompCacheKey(seccomp))
    }

    // MARK: the file

    static let magic = Array("MDSCMP02".utf8)
    /// More than any entry holds (a key of a few kilobytes, at most 32 KiB of program).
    static let sizeLimit = 4 << 20

    /// The bytes of an entry.
    static func encode(_ program: SeccompProgram, _ key: SeccompCacheKey) -> [UInt8] {
        var bytes = magic
        append(UInt32(truncatingIfNeeded: key.bytes.count), to: &bytes)
        bytes += key.bytes
        append(program.flags, to: &bytes)
        append(UInt32(truncatingIfNeeded: program.bytes.count), to: &bytes)
        bytes += program.bytes
        bytes += Checksum.bytes(of: bytes)
        return bytes
    }

    /// The program in an entry's `bytes`, nil unless they are whole, intact and stored for `key`.
    static func decode(_ bytes: [UInt8], _ key: SeccompCacheKey) -> SeccompProgram? {
        let digestSize = 8
        guard bytes.count >= magic.count + 12 + digestSize, bytes.starts(with: magic) else { return nil }
        let body = bytes.count - digestSize
        var stored: UInt64 = 0  // the checksum as encode appends it, little-endian
        for i in 0..<digestSize { stored |= UInt64(bytes[body + i]) << UInt64(8 * i) }
        guard Checksum.fnv1a(bytes[..<body]) == stored else { return nil }
        var at = magic.count
        func word() -> UInt32? {
            guard at + 4 <= body else { return nil }
            defer { at += 4 }
            return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        guard let keyCount = word().map(Int.init), keyCount <= body - at, bytes[at..<at + keyCount].elementsEqual(key.bytes) else {
            return nil
        }
        at += keyCount
        guard let flags = word(), let programCount = word().map(Int.init), programCount == body - at else { return nil }
        return try? SeccompProgram(bytes: Array(bytes[at..<body]), flags: flags)
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    // MARK: the directory

    private func cachedProgram(_ key: SeccompCacheKey) -> SeccompProgram? {
        guard let folder = try? openTrusted() else { return nil }
        guard let file = try? folder.open(key.name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) else { return nil }
        var info = stat()
        guard fstat(file.rawValue, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= Self.sizeLimit,
              let bytes = try? file.readAll(limit: Self.sizeLimit, expecting: Int(info.st_size))
        else { return nil }
        return Self.decode(bytes, key)
    }

    private func store(_ program: SeccompProgram, _ key: SeccompCacheKey) throws(SeccompError) {
        let what = "store the seccomp program in \(directory)"
        do throws(SystemError) {
            if !Directory.exists(directory) { try Directory.create(directory, mode: 0o700) }
            let folder = try openTrusted()
            let name = key.name
            let temporary = ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
            do throws(SystemError) {
                let file = try folder.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
                try file.writeAll(Self.encode(program, key))
                file.close()
                guard renameat(folder.rawValue, temporary, folder.rawValue, name) == 0 else {
                    throw SystemError(call: "rename \(temporary) to \(name)", errno: errno)
                }
            } catch {
                _ = unlinkat(folder.rawValue, temporary, 0)
                throw error
            }
        } catch {
            throw SeccompError(what: what, cause: error)
        }
    }

    /// The directory, open, once it is known to be the caller's and writable by no one else.
    private func openTrusted() throws(SystemError) -> FileDescriptor {
        let folder = try FileDescriptor.open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        var info = stat()
        guard fstat(folder.rawValue, &info) == 0 else { throw SystemError(call: "fstat \(directory)", errno: errno) }
        guard info.st_uid == geteuid(), info.st_mode & 0o022 == 0 else {
            throw SystemError(hint: "\(directory) must belong to user \(geteuid()) and be writable by no one else")
        }
        return folder
    }
}
