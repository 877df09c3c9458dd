import Foundation
import Glibc

/// Root file systems made of Debian's busybox-static.
enum BusyboxRootfs {
    static let isAvailable = FileManager.default.isExecutableFile(atPath: "/bin/busybox")

    /// ROOT/bin/busybox and a link for every applet but busybox itself, the usual mount points (bin, proc, sys,
    /// dev, etc, tmp), root in /etc/passwd and /etc/group. `worldWritableTmp` makes /tmp mode 1777; `devNull`
    /// adds /dev/null (busybox sh opens it for background jobs).
    static func make(at root: String, worldWritableTmp: Bool = false, devNull: Bool = false) throws {
        let fm = FileManager.default
        for dir in ["bin", "proc", "sys", "dev", "etc", "tmp"] {
            try fm.createDirectory(atPath: "\(root)/\(dir)", withIntermediateDirectories: true)
        }
        if worldWritableTmp { chmod("\(root)/tmp", 0o1777) }
        if devNull {
            mknod("\(root)/dev/null", S_IFCHR | 0o666, 0x103)  // makedev(1, 3)
            chmod("\(root)/dev/null", 0o666)
        }
        try fm.copyItem(atPath: "/bin/busybox", toPath: "\(root)/bin/busybox")
        let applets = try ProcessRunner.run(["/bin/busybox", "--list"]).stdout.split(separator: "\n")
        for applet in applets where applet != "busybox" {
            try fm.createSymbolicLink(atPath: "\(root)/bin/\(applet)", withDestinationPath: "busybox")
        }
        try "root:x:0:0:root:/:/bin/sh\n".write(toFile: "\(root)/etc/passwd", atomically: false, encoding: .utf8)
        try "root:x:0:\n".write(toFile: "\(root)/etc/group", atomically: false, encoding: .utf8)
    }
}
