import Arguments
import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Runtime
import Glibc

/// `--root DIR`, shared by every command that reads or writes container state.
struct StateRootOptions {
    static let argument = ArgumentSpec.option(
        "root", valueName: "dir", help: "Where container state lives.",
        discussion: "Default: $MYDOCKER_ROOT when set, else /run/mydocker.", completion: .directories
    )

    let root: String?

    init(_ arguments: ParsedArguments) {
        root = arguments.value(Self.argument.name)
    }

    var store: StateStore { StateStore(rootOption: root) }
}

/// Writing to stdout and stderr without buffering surprises (no Foundation on this path).
enum StateConsole {
    static func out(_ text: String) { write(1, text) }
    static func error(_ text: String) {
        write(2, text)
        GlobalOptions.record(level: "error", text)
    }

    /// Diagnostics on stderr in colour: stderr is a terminal and NO_COLOR is not set.
    static var stderrInColor: Bool { isatty(2) == 1 && getenv("NO_COLOR") == nil }

    static func write(_ fd: Int32, _ text: String) {
        write(fd, Array(text.utf8))
    }

    /// Writes all of `bytes`, retrying after signals: 0, or the errno of the write that failed.
    @discardableResult
    static func write(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return errno }
            if n == 0 { return EIO }
            offset += n
        }
        return 0
    }

    /// Prints `mydocker COMMAND: MESSAGE` on stderr (as every error line begins) and exits with `status`.
    static func fail(_ command: String, _ message: CustomStringConvertible, status: Int32 = 1) -> ExitCode {
        error("mydocker \(command): \(message)\n")
        return ExitCode(status)
    }
}
