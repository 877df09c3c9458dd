import CShim
import Glibc

/// Signals taken as data: blocked in this thread and read from a signalfd (those that were ignored are set to their
/// default meanwhile, or they would be discarded), until ``restore()`` drops what is still queued, closes the
/// descriptor, ignores again what was ignored and puts the thread's signal mask back as it was.
public final class SignalFD {
    /// The descriptor number, to poll; -1 once restored.
    public private(set) var rawValue: Int32 = -1
    private var taking = md_signal_taking()

    /// One signal read from the descriptor.
    public struct Received: Sendable, Equatable {
        public var number: Int32
        /// The kernel sent it (a key typed at the terminal, a resize), not a process.
        public var sentByKernel: Bool
    }

    /// Blocks `signals` (at most 16) and opens a non-blocking, close-on-exec signalfd for them.
    public init(_ signals: [Int32]) throws(SystemError) {
        let fd = signals.withUnsafeBufferPointer { md_signalfd_open($0.baseAddress, Int32($0.count), &taking) }
        guard fd >= 0 else { throw SystemError(call: "signalfd", errno: errno) }
        rawValue = fd
    }

    /// The next queued signal, nil when none is.
    public func next() -> Received? {
        guard rawValue >= 0 else { return nil }
        var byKernel: Int32 = 0
        let sig = md_signalfd_next(rawValue, &byKernel)
        return sig > 0 ? Received(number: sig, sentByKernel: byKernel != 0) : nil
    }

    /// Drops what is still queued, closes the signalfd and restores the dispositions and the signal mask. Idempotent.
    public func restore() {
        guard rawValue >= 0 else { return }
        md_signalfd_close(rawValue, &taking)
        rawValue = -1
    }

    deinit {
        restore()
    }
}
