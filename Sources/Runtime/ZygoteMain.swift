import CShim
import Glibc
import LinuxSystem

extension Executor {
    /// The entry of `mydocker init` as a zygote (``Zygote``): waits for the namespaces to enter, enters them (unshare,
    /// then fork, so that the fork is the first process of a new pid namespace), answers with the fork's pid (or the
    /// call that failed and its errno) and exits; the fork goes on as `mydocker init`, its program on descriptor 3.
    public static func zygoteMain() -> Never {
        var flags: Int32 = 0
        let n = withUnsafeMutableBytes(of: &flags) { b in retryingOnInterrupt { read(Zygote.requestFD, b.baseAddress, 4) }.result }
        guard n == 4 else { _exit(0) }  // apply went another way
        var answer: (Int32, Int32) = (Zygote.Stage.forked.rawValue, 0)
        // apply, for the fork to watch once it is apply's child (``childMain(parent:)``).
        let apply = md_pidfd_open(getppid())
        if md_unshare(flags) != 0 {
            answer = (Zygote.Stage.unshare.rawValue, errno)
        } else {
            let pid = fork()
            if pid == 0 {
                close(Zygote.requestFD)
                close(Zygote.replyFD)
                childMain(parent: apply)
            }
            answer = pid > 0 ? (Zygote.Stage.forked.rawValue, pid) : (Zygote.Stage.fork.rawValue, errno)
        }
        _ = withUnsafeBytes(of: &answer) { Sys.writeAll(Zygote.replyFD, $0) }
        _exit(0)
    }
}
