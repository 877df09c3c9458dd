import Glibc
import LinuxSystem

extension ContainerCgroup {
    /// Where freezing is done: v2's cgroup.freeze when the host has the unified hierarchy (it needs no controller),
    /// else v1's freezer controller; nil when the host has neither.
    enum Freezer {
        case v2(directory: String)
        case v1(directory: String)
    }

    var freezer: Freezer? {
        if let directory = unifiedDirectory, Directory.exists(directory + "/cgroup.freeze") { return .v2(directory: directory) }
        if let directory = directory(for: "freezer") { return .v1(directory: directory) }
        return nil
    }

    /// Stops every process of the cgroup (the freezer), and returns once the kernel says they are stopped, at most
    /// `patience` milliseconds.
    public func freeze(patience: Int = 5000) throws(CgroupError) {
        try setFrozen(true, patience: patience)
    }

    /// Lets them run again.
    public func thaw() throws(CgroupError) {
        try setFrozen(false, patience: 5000)
    }

    /// Whether the cgroup is frozen now (`paused` in `ps`).
    public var isFrozen: Bool {
        switch freezer {
        case let .v2(directory)?: CgroupFiles.read(directory + "/cgroup.events")?.split(separator: "\n").contains("frozen 1") ?? false
        case let .v1(directory)?: CgroupFiles.read(directory + "/freezer.state") == "FROZEN"
        case nil: false
        }
    }

    private func setFrozen(_ frozen: Bool, patience: Int) throws(CgroupError) {
        let what = frozen ? "freeze cgroup \(path)" : "thaw cgroup \(path)"
        switch freezer {
        case let .v2(directory)?:
            try CgroupFiles.write(frozen ? "1" : "0", to: directory + "/cgroup.freeze", what: what)
        case let .v1(directory)?:
            try CgroupFiles.write(frozen ? "FROZEN" : "THAWED", to: directory + "/freezer.state", what: what)
        case nil:
            throw CgroupError(what: what, hint: "this host has neither cgroup v2 nor the v1 freezer controller")
        }
        let deadline = Clock.monotonicMilliseconds() + Int64(patience)
        while isFrozen != frozen {
            // v1 says FREEZING until every task stopped; v2's cgroup.events says frozen 1 once they have.
            if case .v1(let directory)? = freezer, !frozen, CgroupFiles.read(directory + "/freezer.state") == "THAWED" { return }
            guard Clock.monotonicMilliseconds() < deadline else {
                throw CgroupError(what: what, hint: "the kernel did not report the cgroup \(frozen ? "frozen" : "thawed") within \(patience) ms")
            }
            Clock.sleep(milliseconds: 1)
        }
    }

    /// Sends `signal` to every process of the cgroup, so that nothing of the container outlives it, with or without
    /// a pid namespace: SIGKILL through v2's cgroup.kill when the kernel has it (5.14+); otherwise the cgroup is
    /// frozen, each process signalled, and thawed (as runc does on v1), so that none can fork past the signal.
    /// With `thawAfterwards` false (a paused container), the cgroup stays frozen and the processes act on the
    /// signal when they are thawed. An empty cgroup is left as it is: no process can enter it but from inside it.
    public func signalAll(_ signal: Int32, thawAfterwards: Bool = true) throws(CgroupError) {
        if signal == SIGKILL, let directory = unifiedDirectory, Directory.exists(directory + "/cgroup.kill") {
            try CgroupFiles.write("1", to: directory + "/cgroup.kill", what: "kill the processes of cgroup \(path)")
            return
        }
        if thawAfterwards && processes().isEmpty { return }
        let canFreeze = freezer != nil
        if canFreeze { try freeze() }
        for pid in processes() { _ = kill(pid, signal) }
        if canFreeze && thawAfterwards { try thaw() }
    }

    /// Waits until the cgroup has no process, at most `patience` milliseconds. Whether it is empty.
    public func waitUntilEmpty(patience: Int = 5000) -> Bool {
        let deadline = Clock.monotonicMilliseconds() + Int64(patience)
        while !processes().isEmpty {
            if Clock.monotonicMilliseconds() >= deadline { return false }
            Clock.sleep(milliseconds: 2)
        }
        return true
    }

    /// How many processes of the cgroup the OOM killer has killed (v2 memory.events, v1 memory.oom_control);
    /// 0 when the host keeps no count.
    public func oomKills() -> Int {
        let sources: [(String?, String)] = [
            (directory(forV1: "memory").map { $0 + "/memory.oom_control" }, "oom_kill"),
            (unifiedDirectory.map { $0 + "/memory.events" }, "oom_kill"),
        ]
        for (file, key) in sources {
            guard let file, let text = CgroupFiles.read(file) else { continue }
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.count == 2, words[0] == Substring(key), let count = Int(words[1]), count > 0 { return count }
            }
        }
        return 0
    }
}
