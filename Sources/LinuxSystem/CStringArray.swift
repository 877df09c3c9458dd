import Glibc

/// A NULL-terminated array of C strings that lives as long as the value: argv, envp and exec candidates for
/// execve and the spawner of the C shim. The one place mydocker makes such an array. The pointers and the bytes
/// they point to share one allocation (the child's start-up path makes three of these).
public final class CStringArray {
    public let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    public let count: Int

    public init(_ strings: [String]) {
        typealias Pointer = UnsafeMutablePointer<CChar>?
        count = strings.count
        let pointerBytes = (strings.count + 1) * MemoryLayout<Pointer>.stride
        var total = pointerBytes
        for s in strings { total += s.utf8.count + 1 }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: MemoryLayout<Pointer>.alignment)
        pointers = storage.bindMemory(to: Pointer.self, capacity: strings.count + 1)
        var text = (storage + pointerBytes).bindMemory(to: CChar.self, capacity: total - pointerBytes)
        for (i, s) in strings.enumerated() {
            pointers[i] = text
            for byte in s.utf8 {
                text.pointee = CChar(bitPattern: byte)
                text += 1
            }
            text.pointee = 0
            text += 1
        }
        pointers[strings.count] = nil
    }

    deinit {
        UnsafeMutableRawPointer(pointers).deallocate()
    }

    /// The array as `const char *const *`.
    public var constPointers: UnsafePointer<UnsafePointer<CChar>?> {
        UnsafeRawPointer(pointers).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
    }
}
