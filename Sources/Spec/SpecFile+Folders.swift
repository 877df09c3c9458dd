#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension SpecFile {
    /// The file name endings `mydocker lint FOLDER` picks up.
    public static let specExtensions = [".yaml", ".yml", ".json"]

    public static func isSpecName(_ name: String) -> Bool {
        specExtensions.contains { name.hasSuffix($0) }
    }

    /// What a path names, following symbolic links.
    public enum Kind: Sendable, Equatable {
        case directory, file
    }

    public static func kind(of path: String) throws(ReadError) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { throw ReadError(path: path, call: "stat()", errno: errno) }
        return st.st_mode & S_IFMT == S_IFDIR ? .directory : .file
    }

    /// Every spec file (*.yaml, *.yml, *.json) under `directory`, depth first, names sorted byte-wise at each level.
    /// Names starting with "." are skipped, symbolic links to folders are not followed (no loops), and only
    /// regular files are taken (a FIFO named `x.yaml` would block the reader).
    /// `keep` is asked about every file and folder on the way, by its path relative to `directory`: a folder it
    /// refuses is not entered, a file it refuses not taken.
    public static func specFiles(in directory: String, keep: ((_ relativePath: String, _ isDirectory: Bool) -> Bool)? = nil) throws(ReadError) -> [String] {
        var found: [String] = []
        try walk(directory, relative: "", keep: keep, into: &found)
        return found
    }

    private static func walk(_ directory: String, relative: String, keep: ((String, Bool) -> Bool)?, into found: inout [String]) throws(ReadError) {
        guard let dir = opendir(directory) else { throw ReadError(path: directory, call: "opendir()", errno: errno) }
        defer { closedir(dir) }
        var entries: [(name: String, type: UInt8)] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw ReadError(path: directory, call: "readdir()", errno: errno) }
                break
            }
            let type = entry.pointee.d_type
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name.hasPrefix(".") { continue }
            entries.append((name, type))
        }
        entries.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for (name, type) in entries {
            let path = prefix + name
            // The path from the walk's folder, made only for a `keep` to judge.
            let inside = keep == nil ? "" : relative.isEmpty ? name : relative + "/" + name
            func kept(_ isDirectory: Bool) -> Bool { keep?(inside, isDirectory) ?? true }
            switch type {
            case UInt8(DT_DIR):
                if kept(true) { try walk(path, relative: inside, keep: keep, into: &found) }
            case UInt8(DT_REG):
                if isSpecName(name), kept(false) { found.append(path) }
            case UInt8(DT_LNK), UInt8(DT_UNKNOWN):
                // Symbolic links and file systems without d_type: ask stat, and only take regular files.
                guard isSpecName(name) || type == UInt8(DT_UNKNOWN) else { continue }
                switch FileKind.at(path) {
                case .directory where type == UInt8(DT_UNKNOWN):
                    if kept(true) { try walk(path, relative: inside, keep: keep, into: &found) }
                case .regular where isSpecName(name):
                    if kept(false) { found.append(path) }
                default: continue
                }
            default:
                // A FIFO, socket or device named *.yaml is not a spec, and reading one could wait for ever.
                continue
            }
        }
    }

    /// The folder relative paths inside the spec at `path` resolve against, given the current directory.
    public static func baseDirectory(of path: String, currentDirectory: String) -> String {
        let dir = PathText.directory(of: path)
        return dir.hasPrefix("/") ? PathText.normalize(dir) : PathText.resolve(dir, against: currentDirectory)
    }
}
