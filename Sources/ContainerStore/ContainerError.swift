import LinuxSystem

/// Why a command about a named container could not do what was asked.
///
/// Printed as one line a person can act on (`kill: container box is not running`), never a stack trace.
public enum ContainerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name does not match `[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}`.
    case invalidName(String, reason: String)
    /// Another container holds this name; `running` tells whether it still runs.
    case nameInUse(String, running: Bool)
    case noSuchContainer(String)
    case notRunning(String)
    /// `pause` of a paused container.
    case alreadyPaused(String)
    /// exec into a paused container: its command would join a frozen cgroup (runc refuses too).
    case paused(String)
    /// Its process ended and its monitor is restarting it: there is no process to signal or attach to yet.
    case restarting(String)
    /// `resume` of a container that is not paused.
    case notPaused(String)
    /// `rm` of a running container without `--force`.
    case stillRunning(String)
    /// The state file exists but cannot be understood.
    case corruptState(String, reason: String)
    /// The detached container's monitor could not start it; `log` holds what it printed, if anything.
    case startFailed(String, reason: String)
    /// The spec's `org.opencontainers.image.stopSignal` annotation names no signal.
    case invalidStopSignal(String)
    /// An OCI lifecycle command (`start`, `delete`) that the container's status does not allow: the command's
    /// verb and the status (`created`, `running`, `paused`, `stopped`).
    case wrongStatus(String, action: String, status: String)
    /// A system call failed while doing `what` (`read the state of box`).
    case system(what: String, SystemError)

    public var description: String {
        switch self {
        case let .invalidName(name, reason):
            "invalid container name \"\(name)\": \(reason)"
        case let .nameInUse(name, running):
            running
                ? "the name \"\(name)\" is already in use by a running container"
                : "the name \"\(name)\" is already in use by a stopped container: remove it first with `mydocker rm \(name)`"
        case let .noSuchContainer(name):
            "no such container: \(name)"
        case let .notRunning(name):
            "container \(name) is not running"
        case let .alreadyPaused(name):
            "container \(name) is already paused"
        case let .paused(name):
            "container \(name) is paused: resume it first (mydocker resume \(name))"
        case let .restarting(name):
            "container \(name) is restarting: wait until it runs, or end it with `mydocker kill \(name)`"
        case let .notPaused(name):
            "container \(name) is not paused"
        case let .stillRunning(name):
            "container \(name) is running: stop it first (`mydocker kill \(name)`) or use `mydocker rm --force \(name)`"
        case let .corruptState(name, reason):
            "the state of container \(name) cannot be read: \(reason)"
        case let .startFailed(name, reason):
            "container \(name) did not start: \(reason)"
        case let .invalidStopSignal(value):
            "annotation \(StopSignal.annotation): unknown signal \"\(value)\": use a name such as TERM, QUIT or INT, or a number from 1 to \(SignalNames.maxSignal)"
        case let .wrongStatus(name, action, status):
            "cannot \(action) container \(name): it is \(status)" + (action == "delete" ? " (delete --force kills it first)" : "")
        case let .system(what, error):
            error.described(as: what)
        }
    }
}
