import CShim
import Glibc
import LinuxSystem

extension Executor {
    /// The entry of `mydocker init` as a zygote (``Zygote``): waits for the namespaces to enter, enters them (unshare,
    /// then fork, so that the fork is the first process of a new pid namespace), answers with the fork's pid (or the
    /// call that failed and its errno) and exits; the fork goes on as `mydocker init`, its program on descriptor 3.
    public static func zygoteMain() -> Never {
        // Started alone on another CPU than apply's (``Zygote/start(stdin:stdout:stderr:)``), on a machine apply found
        // idle: it stays there until it forks, and so does the fork's start. apply's request, a pipe write, would
        // otherwise wake it on apply's CPU (the scheduler takes a pipe writer's wake-up for a hand-over, and an idle
        // virtual CPU may look busy to it), to wait there behind apply's cgroup work while this one sits idle. The
        // fork takes apply's affinity back first thing, for the container to inherit (on a busy machine the zygote
        // was never moved, and that changes nothing).
        _ = md_keep_affinity_of(getppid())
        // What apply's caller ignored is not ignored in the container (its spawn leaves this to us, ``Zygote/start``).
        md_reset_signal_dispositions()
        // The requests (``Zygote/Request``): namespaces to make ahead, perhaps, then the ones to fork in.
        var flags: Int32 = 0
        var ahead = AheadNamespaces()
        while true {
            var request: (Int32, Int32) = (0, 0)
            let n = withUnsafeMutableBytes(of: &request) { b in retryingOnInterrupt { read(Zygote.requestFD, b.baseAddress, 8) }.result }
            guard n == 8, let kind = Zygote.Request(rawValue: request.0) else { _exit(0) }  // apply went another way
            if kind == .fork { flags = request.1; break }
            ahead.make(request.1)
        }
        var answer: (Int32, Int32) = (Zygote.Stage.forked.rawValue, 0)
        // apply and ourselves, for the fork to watch (``ZygoteWatch``).
        let watch = ZygoteWatch(apply: md_pidfd_open(getppid()), zygote: md_pidfd_open(getpid()))
        switch ahead.settle(for: flags) {
        case .success(let left): flags = left
        case .failure(let failure): answer = (failure.stage.rawValue, failure.errno)
        }
        if answer.0 != Zygote.Stage.forked.rawValue {
            // answered below
        } else if md_unshare(flags) != 0 {
            answer = (Zygote.Stage.unshare.rawValue, errno)
        } else {
            let pid = fork()
            if pid == 0 {
                _ = md_restore_affinity()
                close(Zygote.requestFD)
                close(Zygote.replyFD)
                childMain(zygote: watch)
            }
            answer = pid > 0 ? (Zygote.Stage.forked.rawValue, pid) : (Zygote.Stage.fork.rawValue, errno)
        }
        _ = withUnsafeBytes(of: &answer) { Sys.writeAll(Zygote.replyFD, $0) }
        _exit(0)
    }
}

/// What the zygote's fork watches to know whose child it is: it becomes apply's when the zygote exits (apply is a
/// subreaper until then), and a parent-death signal set before that would stand for the zygote, which exits at
/// once. So the signal is set (with the identity, ``ChildRunner/setIdentity(uid:gid:groups:step:)``) only once the
/// zygote is gone, and the fork ends if apply is gone too by then.
public struct ZygoteWatch: Sendable {
    let apply: Int32
    let zygote: Int32

    nonisolated(unsafe) static var current: ZygoteWatch?

    /// Before the parent-death signal is set: waits for the zygote to have exited (at once, in practice).
    static func awaitReparenting() {
        guard let watch = current, watch.zygote >= 0 else { return }
        _ = md_pidfd_wait_exit(watch.zygote, -1)
    }

    /// After it is set: whether apply died before, which no signal would tell now.
    static var applyIsGone: Bool {
        guard let watch = current, watch.apply >= 0 else { return false }
        return md_pidfd_wait_exit(watch.apply, 0) != 0
    }
}

/// The namespaces a zygote made ahead of the fork's request (``Zygote/prepareNamespaces(_:)``), and the host's own,
/// open, to go back to for those the plan does not want.
struct AheadNamespaces {
    /// The kinds made ahead, each with the host's namespace (a descriptor of /proc/self/ns/NAME from before).
    private var made: [(flag: Int32, host: Int32)] = []

    /// Makes the kinds of `flags` not made yet, all in one unshare(2); nothing when one cannot be opened or made
    /// (the fork's request makes them then, and reports why it cannot).
    mutating func make(_ flags: Int32) {
        var opened: [(flag: Int32, host: Int32)] = []
        for kind in NamespaceFlags.byProcName where flags & kind.flag != 0 && !made.contains(where: { $0.flag == kind.flag }) {
            let host = open("/proc/self/ns/" + kind.name, O_RDONLY | O_CLOEXEC)
            guard host >= 0 else { return Self.close(opened) }
            opened.append((kind.flag, host))
        }
        let all = opened.reduce(Int32(0)) { $0 | $1.flag }
        guard all != 0, md_unshare(all) == 0 else { return Self.close(opened) }
        made += opened
    }

    /// What is left to make for a fork in `flags`: the kinds made ahead are kept when `flags` has them and no user
    /// namespace (which must own them; everything is made again with it then), the others left for the host's (a
    /// setns(2) into the host's mount namespace moves us to its root: the working directory the plan's child
    /// steps use is always the one it gives, process.cwd). The call that failed otherwise.
    mutating func settle(for flags: Int32) -> Result<Int32, Failure> {
        defer {
            Self.close(made)
            made = []
        }
        let keeps = flags & Int32(MD_CLONE_NEWUSER) == 0
        var left = flags
        for kind in made {
            if keeps && flags & kind.flag != 0 {
                left &= ~kind.flag
            } else if md_setns(kind.host, kind.flag) != 0 {
                return .failure(Failure(stage: .setns, errno: errno))
            }
        }
        return .success(left)
    }

    /// A call of ``settle(for:)`` that failed, as the zygote answers it.
    struct Failure: Error {
        let stage: Zygote.Stage
        let errno: Int32
    }

    private static func close(_ opened: [(flag: Int32, host: Int32)]) {
        for kind in opened { Glibc.close(kind.host) }
    }
}
