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
        // virtual CPU may look busy to it), to wait there behind apply's cgroup work while this one sits idle. The fork takes apply's affinity back first thing, for
        // the container to inherit; on a busy machine it is taken back at once, and the scheduler finds room.
        if md_runs_on_one_cpu() != 1 || md_keep_affinity_of(getppid()) != 0 { _ = md_take_affinity_of(getppid()) }
        // What apply's caller ignored is not ignored in the container (its spawn leaves this to us, ``Zygote/start``).
        md_reset_signal_dispositions()
        // The requests (``Zygote/Request``): a network namespace to make ahead, perhaps, then the one to fork.
        var flags: Int32 = 0
        var hostNetwork: Int32 = -1  // the host's network namespace, once we left it ahead of the fork's request
        while true {
            var request: (Int32, Int32) = (0, 0)
            let n = withUnsafeMutableBytes(of: &request) { b in retryingOnInterrupt { read(Zygote.requestFD, b.baseAddress, 8) }.result }
            guard n == 8, let kind = Zygote.Request(rawValue: request.0) else { _exit(0) }  // apply went another way
            if kind == .fork { flags = request.1; break }
            if hostNetwork < 0 {
                hostNetwork = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)
                if hostNetwork >= 0 && md_unshare(Int32(MD_CLONE_NEWNET)) != 0 { close(hostNetwork); hostNetwork = -1 }
            }
        }
        var answer: (Int32, Int32) = (Zygote.Stage.forked.rawValue, 0)
        // apply and ourselves, for the fork to watch (``ZygoteWatch``).
        let watch = ZygoteWatch(apply: md_pidfd_open(getppid()), zygote: md_pidfd_open(getpid()))
        let newNetwork = Int32(MD_CLONE_NEWNET), newUser = Int32(MD_CLONE_NEWUSER)
        if hostNetwork >= 0 {
            // Made ahead: kept when the plan wants a network namespace and no user namespace (which must own it),
            // else left for the host's again.
            if flags & newNetwork != 0 && flags & newUser == 0 {
                flags &= ~newNetwork
            } else if md_setns(hostNetwork, newNetwork) != 0 {
                answer = (Zygote.Stage.setns.rawValue, errno)
            }
            close(hostNetwork)
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
