import Attach
import LinuxSystem

/// One connection to the attach socket, with what is still to be sent to it.
final class AttachPeer {
    let socket: FileDescriptor
    var decoder = AttachFrameDecoder()
    private var backlog: [UInt8] = []
    private var sent = 0
    /// Closed once the backlog is sent; nothing more is added.
    private(set) var closing = false
    var dead = false

    init(socket: consuming FileDescriptor) {
        self.socket = socket
    }

    var hasBacklog: Bool { sent < backlog.count }

    func send(_ frame: AttachFrame) {
        AttachFrame.append(frame.kind, frame.payload, to: &backlog)
        flush()
    }

    func send(_ kind: AttachFrame.Kind, _ bytes: UnsafeRawBufferPointer) {
        AttachFrame.append(kind, bytes, to: &backlog)
        if backlog.count - sent > MonitorIO.peerBacklogLimit {
            dead = true
            return
        }
        flush()
    }

    /// The last frame, then the connection is closed.
    func finish(with frame: AttachFrame) {
        send(frame)
        closing = true
        if !hasBacklog { dead = true }
    }

    func refuse(_ reason: String) {
        finish(with: .refused(reason))
    }

    /// Sends what the socket takes now.
    func flush() {
        while sent < backlog.count {
            let n = backlog.withUnsafeBytes { UnixSocket.send(socket.rawValue, UnsafeRawBufferPointer(rebasing: $0[sent...])) }
            if n < 0 {
                dead = true
                return
            }
            if n == 0 { return }
            sent += n
        }
        backlog.removeAll(keepingCapacity: true)
        sent = 0
        if closing { dead = true }
    }
}
