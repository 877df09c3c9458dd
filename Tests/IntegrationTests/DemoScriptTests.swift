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
        // demo/ is the script's (ignored by git): removed afterwards unless it was there before. An image kept from
        // an earlier run loses the file mount-loop writes, so that the listing below shows this run's.
        let demo = Self.repository + "/demo"
        let image = demo + "/testdata.img"
        let demoExisted = FileManager.default.fileExists(atPath: demo)
        defer { if !demoExisted { try? FileManager.default.removeItem(atPath: demo) } }
        if FileManager.default.fileExists(atPath: image) {
            _ = MountSandbox.run(["debugfs", "-w", "-R", "rm /written-inside.txt", image])
            try #require(MountSandbox.readExt4(image, "/written-inside.txt") == "", "\(image) still holds written-inside.txt")
        }
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
        #expect(!MountSandbox.readExt4(image, "/written-inside.txt").isEmpty, "mount-loop wrote nothing into \(image)")
        // proc: ps sees PID 1 and itself, nothing of the host.
        let psHeader = try #require(lines.firstIndex { $0.hasPrefix("PID") && $0.contains("COMMAND") })
        // Its rows run to the next spec's `== mydocker apply` line: exactly init (PID 1) and ps (PID 2).
        let psRows = lines[(psHeader + 1)...].prefix { !$0.hasPrefix("==") }.map { $0.split(separator: " ") }
        #expect(psRows.count == 2, "ps inside shows other processes than the container's two: \(psRows)")
        let pids = try psRows.map { row in try #require(Int(row.first ?? ""), "a ps row without a PID: \(psRows)") }
        #expect(pids == [1, 2], "\(psRows)")
        #expect(psRows.first?.last == "init" && psRows.last?.last == "/bin/ps", "\(psRows)")
        // web: the page busybox httpd served on the default bridge network, through the host's port 8080.
        #expect(lines.contains("== mydocker apply specs/web.yaml --name demo-web --detach"))
        #expect(lines.contains("<h1>hello from web on mydocker</h1>"), "\(output)")
        try HostSnapshot.expectUnchanged(since: before)
        // mount-loop's image is on no loop device any more (autoclear).
        #expect(HostSnapshot.loopDevices(of: Self.repository + "/demo/testdata.img") == [])
    }
}
