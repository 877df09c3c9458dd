import Dispatch
import TestSupport
@testable import LinuxSystem
@testable import Mounts
import Glibc
import Testing

/// Loop devices attached by the parent: autoclear, read-only, racing attaches. Every test checks
/// that its image is attached to no loop device afterwards (losetup -j), which stays true while
/// other tests run in parallel.
@Suite(.enabled(if: MountTestSupport.isRoot, "needs root: attaches loop devices"))
struct MountLoopAttachmentTests {
    let dir = MountTestSupport.makeTemporaryDirectory()

    func image(_ name: String = "image.img") -> String {
        let path = "\(dir)/\(name)"
        #expect(MountTestSupport.run(["truncate", "-s", "8M", path]).status == 0)
        return path
    }

    func sysfs(_ attachment: LoopAttachment, _ file: String) -> String? {
        MountTestSupport.read("/sys/block/loop\(attachment.number)/\(file)")?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func attachThenCloseLeavesNothing() throws {
        defer { MountTestSupport.remove(dir) }
        let path = image()
        let attachment = try LoopAttachment.attach(image: path, readOnly: false)
        #expect(attachment.devicePath == "/dev/loop\(attachment.number)")
        #expect(MountTestSupport.loopDevices(of: path) == [attachment.devicePath])
        #expect(sysfs(attachment, "loop/autoclear") == "1")
        #expect(sysfs(attachment, "loop/backing_file") == path)
        #expect(sysfs(attachment, "ro") == "0")
        #expect(LoopAttachment.backingFile(of: attachment.devicePath) == path)
        #expect(LoopAttachment.backingFile(of: "/dev/null") == nil)
        #expect(fcntl(attachment.fd, F_GETFD) & FD_CLOEXEC != 0)
        attachment.close()
        #expect(MountTestSupport.loopDevicesAfterRelease(of: path).isEmpty)
    }

    @Test func readOnlyAttach() throws {
        defer { MountTestSupport.remove(dir) }
        let path = image()
        let attachment = try LoopAttachment.attach(image: path, readOnly: true)
        #expect(sysfs(attachment, "ro") == "1")
        // The back file name the kernel keeps (LOOP_GET_STATUS64), as losetup shows it.
        let listed = MountTestSupport.run(["losetup", "--noheadings", "--output", "BACK-FILE", attachment.devicePath]).output
        #expect(listed.trimmingCharacters(in: .whitespacesAndNewlines) == path)
        attachment.close()
        #expect(MountTestSupport.loopDevicesAfterRelease(of: path).isEmpty)
    }

    @Test func missingImageNamesTheFile() {
        defer { MountTestSupport.remove(dir) }
        do {
            _ = try LoopAttachment.attach(image: dir + "/missing.img", readOnly: false)
            Issue.record("attaching a missing image should fail")
        } catch {
            #expect(error.description == "attach \(dir)/missing.img to a loop device: open \(dir)/missing.img: No such file or directory")
        }
    }

    @Test func eightConcurrentAttachesAllSucceedAndAllVanish() throws {
        defer { MountTestSupport.remove(dir) }
        let paths = (0..<8).map { image("image\($0).img") }
        let results = Results(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            results.set(index, Result { () throws(MountError) in try LoopAttachment.attach(image: paths[index], readOnly: index % 2 == 0) })
        }
        let attachments = results.values.compactMap { try? $0?.get() }
        #expect(attachments.count == paths.count, "\(results.values)")
        #expect(Set(attachments.map(\.devicePath)).count == paths.count)
        for path in paths {
            #expect(MountTestSupport.loopDevices(of: path).count == 1, "\(path)")
        }
        attachments.forEach { $0.close() }
        for path in paths {
            #expect(MountTestSupport.loopDevicesAfterRelease(of: path).isEmpty, "\(path) still attached")
        }
    }
}

/// Results written from several threads, each to its own slot.
final class Results: @unchecked Sendable {
    private let lock = NSLockLike()
    private(set) var values: [Result<LoopAttachment, MountError>?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<LoopAttachment, MountError>) {
        lock.locked { values[index] = value }
    }
}

/// A pthread mutex.
final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked(_ body: () -> Void) {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        body()
    }
}
