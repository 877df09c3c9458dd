import CShim
import Glibc
import LinuxSystem

extension Executor {
    /// The entry of `mydocker init` as a zygote (``Zygote``): waits for the namespaces to enter, enters them (unshare,
    /// then fork, so that the fork is the first process of a new pid namespace), answers with the fork's pid (or the
    /// call that failed and its errno) and exits; the fork goes on as `mydocker init`, its program on descriptor 3.
    public static func zygoteMain() -> Never {
        // Started alone on another CPU than apply's (``Zygote/start(stdin:stdout:stderr:)``): apply's affinity back,
        // for the fork and the container to inherit.
        _ = md_take_affinity_of(getppid())
        var flags: Int32 = 0
        let n = withUnsafeMutableBytes(of: &flags) { b in retryingOnInterrupt { read(Zygote.requestFD, b.baseAddress, 4) }.result }
        guard n == 4 else { _exit(0) }  // apply went another way
        var answer: (Int32, Int32) = (Zygote.Stage.forked.rawValue, 0)
        // apply and ourselves, for the fork to watch (``ZygoteWatch``).
        let watch = ZygoteWatch(apply: md_pidfd_open(getppid()), zygote: md_pidfd_open(getpid()))
        if md_unshare(flags) != 0 {
            answer = (Zygote.Stage.unshare.rawValue, errno)
        } else {
            let pid = fork()
            if pid == 0 {
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
