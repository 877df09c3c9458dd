import ContainerStore
import Glibc
import LinuxSystem

/// Why `mydocker exec` could not run the command, and the status it exits with:
/// 1 when mydocker failed, 126 when the command cannot be executed, 127 when it is not found (as nsenter and docker).
public enum EnterError: Error, Sendable, Equatable, CustomStringConvertible {
    case notRoot(euid: UInt32)
    case container(ContainerError)
    /// A step of joining failed: what it was doing, and the system error.
    case system(what: String, SystemError)
    case commandNotFound(String)
    case cannotExecute(String, errno: Int32)
    case badOption(String)
    /// `--user NAME` that the container's /etc/passwd does not hold (`fileMissing`: the container has none).
    case unknownUser(String, fileMissing: Bool)
    /// `--user USER:NAME` that the container's /etc/group does not hold (`fileMissing`: the container has none).
    case unknownGroup(String, fileMissing: Bool)

    public var exitStatus: Int32 {
        switch self {
        case .commandNotFound: 127
        case .cannotExecute: 126
        default: 1
        }
    }

    public var description: String {
        switch self {
        case let .notRoot(euid):
            "exec needs root: joining another process's namespaces takes CAP_SYS_ADMIN (effective uid is \(euid)); run it with sudo"
        case let .container(error):
            error.description
        case let .system(what, error):
            error.described(as: what)
        case let .commandNotFound(command):
            "\(command): command not found in the container"
        case let .cannotExecute(command, err):
            "\(command): cannot execute: \(Errno(rawValue: err))"
        case let .badOption(text):
            text
        case let .unknownUser(name, fileMissing):
            fileMissing ? "no user \"\(name)\": the container has no /etc/passwd" : "no user \"\(name)\" in the container's /etc/passwd"
        case let .unknownGroup(name, fileMissing):
            fileMissing ? "no group \"\(name)\": the container has no /etc/group" : "no group \"\(name)\" in the container's /etc/group"
        }
    }
}
