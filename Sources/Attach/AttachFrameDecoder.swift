/// Frames out of a byte stream, as it arrives in pieces.
public struct AttachFrameDecoder: Sendable {
    var buffer: [UInt8] = []
    var start = 0

    public init() {}

    /// Why the stream cannot be read: an unknown kind or a payload over ``AttachFrame/maximumPayload``.
    public struct Malformed: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    public mutating func feed<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame, nil until one has arrived.
    public mutating func next() throws(Malformed) -> AttachFrame? {
        guard buffer.count - start >= AttachFrame.headerSize else { return nil }
        guard let kind = AttachFrame.Kind(rawValue: buffer[start]) else {
            throw Malformed(description: "unknown frame kind \(buffer[start])")
        }
        let length = Int(buffer[start + 1]) << 24 | Int(buffer[start + 2]) << 16 | Int(buffer[start + 3]) << 8 | Int(buffer[start + 4])
        guard length <= AttachFrame.maximumPayload else {
            throw Malformed(description: "a frame of \(length) bytes (at most \(AttachFrame.maximumPayload))")
        }
        guard buffer.count - start - AttachFrame.headerSize >= length else { return nil }
        let payloadStart = start + AttachFrame.headerSize
        let frame = AttachFrame(kind, Array(buffer[payloadStart..<(payloadStart + length)]))
        start = payloadStart + length
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        return frame
    }
}
