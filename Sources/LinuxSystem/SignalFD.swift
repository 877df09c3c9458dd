import CShim
import Glibc

/// Signals taken as data: blocked in this thread and read from a signalfd, until ``restore()`` drops what is
/// still queued, closes the descriptor and puts the thread's signal mask back as it was.
public final class SignalFD {
    public private(set) var descriptor: FileDescriptor?
    private var savedMask = sigset_t()

    /// Blocks `signals` and opens a non-blocking, close-on-exec signalfd for them.
    public init(_ signals: [Int32]) throws(SystemError) {
        let fd = signals.withUnsafeBufferPointer { md_signalfd_open($0.baseAddress, Int32($0.count), &savedMask) }
        guard fd >= 0 else { throw SystemError(call: "signalfd", errno: errno) }
        descriptor = FileDescriptor(owning: fd)
    }

    /// The descriptor number, to poll; -1 once restored.
    public var rawValue: Int32 { descriptor?.rawValue ?? -1 }

    /// The next queued signal, nil when none is.
    public func next() -> Int32? {
        guard let fd = descriptor?.rawValue else { return nil }
        let sig = md_signalfd_next(fd)
        return sig > 0 ? sig : nil
    }

    /// Drops what is still queued, closes the signalfd and restores the signal mask. Idempotent.
    public func restore() {
        guard descriptor != nil else { return }
        while next() != nil {}
        descriptor = nil
        _ = md_sigmask_restore(&savedMask)
    }

    deinit {
        restore()
    }
}
