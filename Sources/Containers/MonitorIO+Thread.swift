import Attach
import ContainerLog
import CShim
import Glibc
import LinuxSystem

/// The I/O thread's loop: the container's output into the log and to the clients, the clients' frames, the main
/// thread's messages.
extension MonitorIO {
    func serve() {
        var buffer = [UInt8](repeating: 0, count: LogWriter.chunkSize)
        var fds: [pollfd] = []
        while true {
            fds.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: control.read.rawValue, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: output.read.rawValue, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: errors.read.rawValue, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: listener.rawValue, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: keys.isEmpty ? -1 : input.write.rawValue, events: Int16(POLLOUT), revents: 0))
            for peer in peers {
                let events = (peer.closing ? 0 : POLLIN) | (peer.hasBacklog ? POLLOUT : 0)
                fds.append(pollfd(fd: peer.socket.rawValue, events: Int16(events), revents: 0))
            }
            guard retryingOnInterrupt({ poll(&fds, nfds_t(fds.count), -1) }).result >= 0 else { return }
            let polled = peers  // those in `fds`: accepting adds more
            if fds[1].revents != 0 { relay(from: output.read.rawValue, .stdout, &buffer) }
            if fds[2].revents != 0 { relay(from: errors.read.rawValue, .stderr, &buffer) }
            if fds[3].revents != 0 { acceptClients() }
            if fds[4].revents != 0 { writeKeys() }
            for (index, peer) in polled.enumerated() where fds[5 + index].revents != 0 {
                serve(peer, events: fds[5 + index].revents, &buffer)
            }
            peers.removeAll { $0.dead }
            if fds[0].revents != 0, !handleMessages(&buffer) { return }
        }
    }

    /// Handles the main thread's messages; false once told to finish.
    func handleMessages(_ buffer: inout [UInt8]) -> Bool {
        var words = [Int32](repeating: 0, count: 3)
        while true {
            let n = words.withUnsafeMutableBytes { bytes in retryingOnInterrupt { read(control.read.rawValue, bytes.baseAddress, bytes.count) }.result }
            guard n == 12, let message = Message(rawValue: words[0]) else { return true }
            switch message {
            case .started:
                if process >= 0 { close(process) }
                process = words[1]
                phase = .running
            case .terminal:
                if master >= 0 { close(master) }
                master = words[1]
            case .ended:
                drain(&buffer)
                let frame: AttachFrame = switch words[1] {
                case 0: .exit(signaled: false, value: words[2])
                case 1: .exit(signaled: true, value: words[2])
                default: .refused("container \(name) did not start")
                }
                for peer in peers where !peer.closing { peer.finish(with: frame) }
                peers.removeAll { $0.dead }
                if process >= 0 { close(process) }
                if master >= 0 { close(master) }
                (process, master) = (-1, -1)
                keys = []
                phase = .between
                acknowledge()
            case .finish:
                drain(&buffer)
                for peer in peers { peer.finish(with: .refused("container \(name) is not running")) }
                peers = []
                _ = unlinkat(directory.rawValue, socketName, 0)
                acknowledge()
                return false
            }
        }
    }

    /// One read of a container's output: into the log, and to every client.
    @discardableResult
    func relay(from fd: Int32, _ stream: LogStream, _ buffer: inout [UInt8]) -> Bool {
        let n = buffer.withUnsafeMutableBytes { bytes in retryingOnInterrupt { read(fd, bytes.baseAddress, bytes.count) }.result }
        guard n > 0 else { return false }
        buffer.withUnsafeBytes { bytes in
            let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<n])
            log.append(chunk, stream: stream)
            for peer in peers where !peer.closing { peer.send(stream == .stdout ? .stdout : .stderr, chunk) }
        }
        return true
    }

    /// Everything in the pipes now (the run is over: its writers are gone or done).
    func drain(_ buffer: inout [UInt8]) {
        while relay(from: output.read.rawValue, .stdout, &buffer) {}
        while relay(from: errors.read.rawValue, .stderr, &buffer) {}
    }

    func acceptClients() {
        while let socket = try? UnixSocket.accept(listener) {
            let peer = AttachPeer(socket: socket)
            peers.append(peer)
            switch phase {
            case .running: peer.send(.hello(terminal: terminal))
            case .between: peer.refuse("container \(name) is restarting: wait until it runs")
            case .starting: peer.refuse("container \(name) is starting: wait until it runs")
            }
        }
    }

    func serve(_ peer: AttachPeer, events: Int16, _ buffer: inout [UInt8]) {
        if events & Int16(POLLOUT) != 0 { peer.flush() }
        guard events & Int16(POLLIN | POLLHUP | POLLERR) != 0, !peer.dead else { return }
        let n = buffer.withUnsafeMutableBytes { bytes in retryingOnInterrupt { read(peer.socket.rawValue, bytes.baseAddress, bytes.count) }.result }
        if n == 0 || (n < 0 && errno != EAGAIN) {
            peer.dead = true
            return
        }
        guard n > 0 else { return }
        peer.decoder.feed(buffer[0..<n])
        do {
            while let frame = try peer.decoder.next() { handle(frame) }
        } catch {
            peer.dead = true
        }
    }

    /// A client's frame: keys, a window size, a signal; ignored between runs.
    func handle(_ frame: AttachFrame) {
        guard phase == .running else { return }
        switch frame.kind {
        case .stdin where terminal:
            keys += frame.payload.prefix(max(0, Self.keysLimit - keys.count))
            writeKeys()
        case .resize:
            if master >= 0, let size = frame.size { _ = md_set_winsize(master, size.rows, size.columns) }
        case .signal:
            if process >= 0, let signal = frame.signalNumber { _ = md_pidfd_send_signal(process, signal) }
        default:
            break
        }
    }

    func writeKeys() {
        let fd = input.write.rawValue
        guard terminal, !keys.isEmpty else { return }
        let n = keys.withUnsafeBytes { bytes in retryingOnInterrupt { write(fd, bytes.baseAddress, bytes.count) }.result }
        if n > 0 { keys.removeFirst(n) } else if n < 0 && errno != EAGAIN { keys = [] }
    }
}
