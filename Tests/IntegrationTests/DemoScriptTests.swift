import Foundation
import Testing

/// `make demo` runs scripts/demo.sh: it lints specs/, prepares what the mount specs need (a busybox rootfs,
/// a folder to bind, an ext4 image made with dd and mkfs.ext4) and applies every example spec.
/// This runs the same script with the debug binary and checks what each chapter shows, and that the host
/// (hostname, mount table, interfaces, loop devices) is as it was.
@Suite(.enabled(if: getuid() == 0, "needs root: the demo applies every example spec, loop mounts included"))
struct DemoScriptTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func theDemoRunsEveryExampleSpecAndLeavesTheHostAsItWas() throws {
        let before = try HostSnapshot.now()
        let script = "cd '\(Self.repository)' && MYDOCKER='\(MyDockerBinary.path)' scripts/demo.sh"
        let output = ProcessRunner.spawnAndWait(["/bin/sh", "-c", script], seconds: 120)
        #expect(output.status == 0, "\(output)")
        let lines = output.stdout.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
        for spec in ["uts", "ipc", "pid", "net", "user", "mount-bind", "mount-loop", "proc"] {
            #expect(lines.contains("== mydocker apply specs/\(spec).yaml"), "\(spec) was not applied")
        }
        // mount-bind: the host's folder is visible and read-only inside.
        #expect(lines.contains("hello.txt"))
        #expect(output.stdout.contains("Read-only file system"))
        // mount-loop: the file written inside the ext4 image.
        #expect(lines.contains("written-inside.txt"))
        // proc: ps sees PID 1 and itself, nothing of the host.
        let psHeader = try #require(lines.firstIndex { $0.hasPrefix("PID") && $0.contains("COMMAND") })
        let psRows = lines[(psHeader + 1)...].prefix { $0.first?.isNumber == true }
        #expect(psRows.count <= 2, "ps inside shows more than the container: \(psRows)")
        #expect(try HostSnapshot.now() == before)
        // mount-loop's image is on no loop device any more (autoclear).
        #expect(HostSnapshot.loopDevices(of: Self.repository + "/demo/testdata.img") == [])
    }
}
