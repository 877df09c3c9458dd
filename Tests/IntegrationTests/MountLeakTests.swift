import Foundation
import Glibc
import Testing

/// Whatever happens, the host is left as it was: a failure injected at each mount step, and
/// concurrent applies racing for loop devices.
@Suite(.enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs containers that mount"))
struct MountLeakTests {
    /// Good mounts, two of them loop-mounted images, in spec order.
    static func goodMounts(_ box: MountSandbox, images: [String]) throws -> [String] {
        let shared = try box.makeDirectory("shared")
        return [
            "{destination: /proc, type: proc, source: proc}",
            "{destination: /one, type: ext4, source: \(images[0]), options: [loop]}",
            "{destination: /shared, type: bind, source: \(shared), options: [rbind, ro]}",
            "{destination: /two, type: ext4, source: \(images[1]), options: [loop, ro]}",
            "{destination: /tmp, type: tmpfs, source: tmpfs, options: [size=1m]}",
        ]
    }

    /// The ways a mount can fail: 0, in the child, mount(2) of a type the kernel lacks; 1, in the
    /// parent, an image that holds no file system (its detached mount fails after other loops are
    /// attached). The mount's YAML, and words the error must contain.
    static func badMount(_ kind: Int, in box: MountSandbox) throws -> (yaml: String, message: String) {
        switch kind {
        case 0:
            return ("{destination: /bad, type: nosuchfs, source: none}", "No such device")
        default:
            let zeros = "\(box.path)/zeros.img"
            try #require(MountSandbox.run(["truncate", "-s", "8M", zeros]).status == 0)
            return ("{destination: /bad, type: ext4, source: \(zeros), options: [loop]}", "Invalid argument")
        }
    }

    @Test(arguments: 0...5, [0, 1])
    func failureAtEachMountStepLeavesNothing(position: Int, bad: Int) throws {
        let box = try MountSandbox()
        let images = [try box.makeImage("one.img"), try box.makeImage("two.img")]
        var mounts = try Self.goodMounts(box, images: images)
        let failing = try Self.badMount(bad, in: box)
        mounts.insert(failing.yaml, at: position)
        let spec = try box.write("fail.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/true]
            mounts:
            \(mounts.map { "  - " + $0 }.joined(separator: "\n"))
            linux:
              namespaces: [mount, pid]
            """)
        let hostMounts = HostSnapshot.mountInfo()
        let run = box.apply(spec)
        #expect(run.status != 0, "\(failing.yaml) at \(position) should fail")
        #expect(run.stderr.contains("mounts[\(position)]") || run.stderr.contains("mount /bad"), "\(run.stderr)")
        #expect(run.stderr.contains(failing.message), "\(run.stderr)")
        #expect(HostSnapshot.mountInfo() == hostMounts)
        box.expectNoLeaks(images: images + ["\(box.path)/zeros.img"])
    }

    @Test func successLeavesNothing() throws {
        let box = try MountSandbox()
        let images = [try box.makeImage("one.img"), try box.makeImage("two.img")]
        let mounts = try Self.goodMounts(box, images: images)
        let spec = try box.write("ok.yaml", """
            root: {path: \(box.rootfs), readonly: true}
            process:
              args: [/bin/sh, -c, 'grep -cE " /(proc|one|shared|two|tmp) " /proc/self/mountinfo']
            mounts:
            \(mounts.map { "  - " + $0 }.joined(separator: "\n"))
            linux:
              namespaces: [mount, pid]
            """)
        let hostMounts = HostSnapshot.mountInfo()
        let run = box.apply(spec)
        #expect(run.stdout == "5\n", "\(run.stderr)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(HostSnapshot.mountInfo() == hostMounts)
        box.expectNoLeaks(images: images)
    }

    @Test(arguments: [SIGKILL, SIGTERM])
    func applyStoppedBySignalLeavesNoLoopDevice(signal: Int32) throws {
        let box = try MountSandbox()
        let image = try box.makeImage("signal.img")
        let shared = try box.makeDirectory("shared")
        let spec = try box.write("signal.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/sh, -c, 'touch /shared/started; exec sleep 600']
            mounts:
              - {destination: /testmount, type: ext4, source: \(image), options: [loop]}
              - {destination: /shared, type: bind, source: \(shared), options: [bind]}
            linux:
              namespaces: [mount, pid]
            """)
        let hostMounts = HostSnapshot.mountInfo()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MyDockerBinary.path)
        process.arguments = ["apply", spec]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": box.tmp]) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The container has mounted everything once it writes /shared/started (at most 10 s).
        var tries = 0
        while !FileManager.default.fileExists(atPath: shared + "/started") && process.isRunning && tries < 1000 {
            usleep(10_000)
            tries += 1
        }
        #expect(FileManager.default.fileExists(atPath: shared + "/started"), "the container did not start")
        #expect(HostSnapshot.loopDevices(of: image).count == 1, "the image is attached while the container runs")
        kill(process.processIdentifier, signal)
        // Bounded: an apply that does not stop is killed, and the test fails.
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("apply still ran 30 s after \(signal == SIGKILL ? "SIGKILL" : "SIGTERM")")
        }
        process.waitUntilExit()
        if signal == SIGKILL {
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        } else {
            // apply forwards SIGTERM to the container's init, which forwards it to sleep and exits 128 + 15, the
            // status apply exits with (Executor's waitForExit: ExitStatus.code), not killed by the signal itself.
            #expect(process.terminationReason == .exit, "apply was killed by signal \(process.terminationStatus)")
            #expect(process.terminationStatus == 128 + SIGTERM)
        }
        // The child dies with its parent (SIGKILL) or the container is stopped (SIGTERM); the last user of the
        // mount goes with it, and autoclear detaches the device. The kernel may finish that a moment later.
        var devices = HostSnapshot.loopDevices(of: image)
        tries = 0
        while !devices.isEmpty && tries < 500 {
            usleep(10_000)
            devices = HostSnapshot.loopDevices(of: image)
            tries += 1
        }
        #expect(devices.isEmpty, "\(image) is still attached after \(signal == SIGKILL ? "SIGKILL" : "SIGTERM")")
        #expect(HostSnapshot.mountInfo() == hostMounts)
        if signal == SIGKILL {
            try CgroupTrees.expectLeftoverRemovedByTheNextRun(ofApply: process.processIdentifier, scratch: box.path)
        } else {
            #expect(CgroupTrees.directories(named: "apply-\(process.processIdentifier)").isEmpty)
        }
        box.expectNoLeaks(images: [image])
    }

    @Test func eightConcurrentAppliesEachWithItsImage() throws {
        let box = try MountSandbox()
        let count = 8
        var specs: [String] = []
        var images: [String] = []
        for index in 0..<count {
            let image = try box.makeImage("image\(index).img", megabytes: 16)
            images.append(image)
            specs.append(try box.write("spec\(index).yaml", """
                root: {path: \(box.rootfs)}
                process:
                  args: [/bin/sh, -c, 'echo container \(index) > /testmount/who.txt']
                mounts:
                  - {destination: /testmount, type: ext4, source: \(image), options: [loop]}
                linux:
                  namespaces: [mount]
                """))
        }
        let hostMounts = HostSnapshot.mountInfo()
        let statuses = Statuses(count: count)
        let specFiles = specs
        DispatchQueue.concurrentPerform(iterations: count) { index in
            statuses.set(index, box.apply(specFiles[index]))
        }
        for index in 0..<count {
            let run = statuses.value(index)
            #expect(run?.status == 0, "apply \(index): \(run?.stderr ?? "")")
            #expect(MountSandbox.readExt4(images[index], "/who.txt") == "container \(index)\n")
        }
        #expect(HostSnapshot.mountInfo() == hostMounts)
        box.expectNoLeaks(images: images)
    }
}

/// Results of concurrent applies, each written once from its own thread.
final class Statuses: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var values: [ProcessOutput?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    func set(_ index: Int, _ value: ProcessOutput) {
        pthread_mutex_lock(&mutex)
        values[index] = value
        pthread_mutex_unlock(&mutex)
    }

    func value(_ index: Int) -> ProcessOutput? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return values[index]
    }
}
