import CShim
import Glibc

extension ParentSession {
    /// Blocks the forwarded signals in this thread and opens a signalfd for them, before anything changes, so
    /// that a SIGTERM during set-up still ends in clean-up.
    func takeSignals() throws(StepError) {
        let fd = Self.takenSignals.withUnsafeBufferPointer { md_signalfd_open($0.baseAddress, Int32($0.count), &savedMask) }
        if fd < 0 { throw StepError(what: "take signals", syscall: "signalfd", errno: errno) }
        signals = fd
    }

    /// Forwards every queued signal to the child (SIGWINCH: resizes its terminal instead); drops SIGPIPE.
    func forwardSignals() {
        while true {
            let sig = md_signalfd_next(signals)
            if sig <= 0 { return }
            if sig == SIGPIPE || child == 0 || reaped { continue }
            if sig == SIGWINCH, let pty {
                copyWindowSize(to: pty.master)
                continue
            }
            kill(child, sig)
        }
    }

    /// Drops what is still queued, closes the signalfd and restores the caller's signal mask.
    func restoreSignals() {
        guard signals >= 0 else { return }
        while md_signalfd_next(signals) > 0 {}
        close(signals)
        signals = -1
        _ = md_sigmask_restore(&savedMask)
    }
}
