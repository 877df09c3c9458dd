import Arguments
import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Runtime
import Glibc

extension MyDocker {
    struct Logs: Command {
        static let spec = CommandSpec(
            name: "logs",
            abstract: "Print what a detached container wrote to stdout and stderr.",
            discussion: "With --follow, keep printing until the container has exited and its log is drained.",
            arguments: [
                .positional("name", help: "The container's name."),
                .flag("follow", short: "f", help: "Keep printing while the container runs."),
                StateRootOptions.argument,
            ]
        )

        let name: String
        let follow: Bool
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) {
            name = arguments.value("name") ?? ""
            follow = arguments.flag("follow")
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            let container: ContainerState
            do {
                container = try store.load(name)
            } catch {
                throw StateConsole.fail("logs", error)
            }
            guard let logPath = container.logPath else {
                throw StateConsole.fail("logs", "container \(name) ran in the foreground: its output went to the terminal, there is no log")
            }
            let fd = open(logPath, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw StateConsole.fail("logs", "cannot open \(logPath): \(String(cString: strerror(errno)))")
            }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StateConsole.fail("logs", "cannot read \(logPath): \(String(cString: strerror(errno)))")
                }
                if n > 0 {
                    StateConsole.write(1, Array(buffer[0..<n]))
                    continue
                }
                // End of the file for now: done unless following a container that is still live.
                guard follow, let container = try? store.load(name), ObservedStatus(container).isLive else {
                    // One last read: what it wrote between our read and its exit.
                    let last = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if last > 0 {
                        StateConsole.write(1, Array(buffer[0..<last]))
                        continue
                    }
                    return
                }
                var pause = timespec(tv_sec: 0, tv_nsec: 100_000_000)
                nanosleep(&pause, nil)
            }
        }
    }
}
