import ArgumentParser
import Executor
import Glibc

extension MyDocker {
    struct Logs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what a detached container wrote to stdout and stderr.",
            discussion: "With --follow, keep printing until the container has exited and its log is drained."
        )

        @Argument(help: "The container's name.")
        var name: String

        @Flag(name: [.short, .long], help: "Keep printing while the container runs.")
        var follow = false

        @OptionGroup var state: StateRootOptions

        func run() throws {
            let store = state.store
            let logPath: String
            do {
                let container = try store.load(name)
                guard let path = container.logPath else {
                    throw StateConsole.fail("logs", "container \(name) ran in the foreground: its output went to the terminal, there is no log")
                }
                logPath = path
            } catch let error as ContainerError {
                throw StateConsole.fail("logs", error)
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
