import Glibc

/// The caller's terminal in raw mode while attached to a container's terminal (keys reach it as typed; its own
/// terminal does the line editing and the signals), put back by ``restore()`` or when released, whichever way attach
/// ends: the container ends, the detach keys, a signal, an error.
public final class RawTerminal {
    let fd: Int32
    private var saved: termios?

    /// Raw mode on `fd` when it is a terminal; nil otherwise.
    public init?(_ fd: Int32) {
        guard isatty(fd) == 1 else { return nil }
        var current = termios()
        guard tcgetattr(fd, &current) == 0 else { return nil }
        var raw = current
        cfmakeraw(&raw)
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
        self.fd = fd
        saved = current
    }

    /// Puts the terminal back as it was. Idempotent.
    public func restore() {
        guard var mode = saved else { return }
        _ = tcsetattr(fd, TCSANOW, &mode)
        saved = nil
    }

    deinit {
        restore()
    }
}
