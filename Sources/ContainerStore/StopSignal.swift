import Glibc
import LinuxSystem

/// The signal `stop` sends a container first, before SIGKILL: SIGTERM, unless its spec names another with the
/// annotation the OCI image spec converts an image's `StopSignal` to (`org.opencontainers.image.stopSignal`), as
/// docker's `--stop-signal` does. Recorded in the state when the name is claimed (``ContainerState/stopSignal``).
public enum StopSignal {
    public static let annotation = "org.opencontainers.image.stopSignal"
    /// Docker's and runc's default.
    public static let defaultSignal: Int32 = SIGTERM

    /// The signal an annotation value names (`SIGQUIT`, `QUIT`, `3`), nil when there is none; throws
    /// ``ContainerError/invalidStopSignal(_:)`` for a value that names no signal.
    public static func parse(_ value: String?) throws(ContainerError) -> Int32? {
        guard let value else { return nil }
        guard let signal = SignalNames.parse(value) else { throw .invalidStopSignal(value) }
        return signal
    }

    /// What `stop` sends first to the container `state` records.
    public static func of(_ state: ContainerState) -> Int32 {
        state.stopSignal ?? defaultSignal
    }
}
