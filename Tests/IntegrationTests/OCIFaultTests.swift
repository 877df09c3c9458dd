import Dispatch
import Foundation
import Glibc
import Testing

/// Faults of the OCI lifecycle: `create` killed at any moment, and many containers at once, leave the host as it was
/// (`delete --force` removes whatever a killed create left).
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct OCIFaultTests {
    @Test func createKilledAtAnyMomentLeavesNothingOrWhatDeleteForceRemoves() throws {
        let bench = try OCIBench(prefix: "oci-sigkill")
        let bundle = try bench.bundle()
        // Without a mount namespace the mounts go to the host's table (as runc): delete --force unmounts them too.
        let onHost = try bench.bundle("on-host", extra: ["linux": ["namespaces": [["type": "pid"], ["type": "uts"], ["type": "ipc"]]]])
        let before = try bench.hostState()
        for round in 0..<16 {
            let bundle = round % 2 == 0 ? bundle : onHost
            let id = bench.id("k\(round)")
            let create = bench.start(["create", "--bundle", bundle, id])
            usleep(UInt32(round / 2) * 11_000)  // 0 to 77 ms: before, during and after the container's set-up
            kill(create.pid, SIGKILL)
            _ = create.wait(seconds: 30)
            let deleted = try bench.run(["delete", "--force", id])
            #expect(deleted.status == 0, "round \(round): \(deleted)")
            #expect(bench.state(id) == nil)
        }
        #expect(waitUntil(seconds: 10) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
        #expect(bench.leftoverContainers().isEmpty, "\(bench.leftoverContainers())")
        #expect(try bench.hostState() == before)
    }

    @Test func fiftyContainersCreatedStartedAndDeletedAtOnceLeaveNothing() throws {
        let bench = try OCIBench(prefix: "oci-fifty")
        let bundle = try bench.bundle()
        let before = try bench.hostState()
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 50) { index in
            let id = bench.id("c\(index)")
            let create = ProcessRunner.spawnAndWait([MyDockerBinary.path, "--root", bench.root, "create", "--bundle", bundle, id])
            let start = (try? bench.run(["start", id]))?.status ?? -1
            let delete = (try? bench.run(["delete", "--force", id]))?.status ?? -1
            if create.status != 0 || start != 0 || delete != 0 {
                failures.add("\(id): create \(create.status) \(create.stderr) start \(start) delete \(delete)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(waitUntil(seconds: 20) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
        #expect(bench.leftoverContainers().isEmpty, "\(bench.leftoverContainers())")
        #expect(try bench.hostState() == before)
    }
}

/// Failures collected from concurrent work.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ item: String) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
