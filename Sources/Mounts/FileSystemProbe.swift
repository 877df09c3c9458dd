import Spec

/// Which file system a device holds — for a loop mount whose spec gives no `type` (the planner's `auto`), as
/// mount(8) does with libblkid. The signatures are Spec's ``FileSystemSignature`` table, which lint reads too.
enum FileSystemProbe {
    /// How many bytes the signatures need.
    static var headerSize: Int { FileSystemSignature.headerSize }

    /// The type whose signature `header` carries, or nil.
    static func type(of header: [UInt8]) -> String? {
        FileSystemSignature.type(of: header)
    }

    /// Reads the start of `device` and names its file system; nil with errno when it cannot be read,
    /// nil with errno 0 when no signature matches.
    static func type(ofDevice device: String) -> (type: String?, errno: Int32) {
        FileSystemSignature.probe(path: device)
    }
}
