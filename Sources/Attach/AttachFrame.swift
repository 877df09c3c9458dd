/// The attach socket's protocol, between `mydocker attach` and a detached container's monitor: frames both ways,
/// `KIND (1 byte) LENGTH (4 bytes, big-endian) PAYLOAD`.
///
/// The monitor first says whether the container's process has a terminal (``Kind/hello``), or why it cannot be
/// attached to (``Kind/refused``); then sends what the container writes (``Kind/stdout``, ``Kind/stderr``; a
/// terminal's output is stdout) until the process ends, and then how it ended (``Kind/exit``) before closing.
/// Attach sends keys for the terminal (``Kind/stdin``), its window size (``Kind/resize``) and signals to
/// forward (``Kind/signal``).
public struct AttachFrame: Equatable, Sendable {
    public enum Kind: UInt8, Sendable {
        /// Monitor → attach. Payload: 1 when the process has a terminal, else 0.
        case hello = 1
        case stdout = 2
        case stderr = 3
        /// Monitor → attach. Payload: 0 and the exit status, or 1 and the signal that killed it (4 bytes each, big-endian).
        case exit = 4
        /// Monitor → attach. Payload: why (UTF-8, one line).
        case refused = 5
        /// Attach → monitor: bytes for the terminal.
        case stdin = 16
        /// Attach → monitor: rows and columns (2 bytes each, big-endian).
        case resize = 17
        /// Attach → monitor: a signal number (1 byte) for the container's process.
        case signal = 18
    }

    public var kind: Kind
    public var payload: [UInt8]

    public init(_ kind: Kind, _ payload: [UInt8] = []) {
        self.kind = kind
        self.payload = payload
    }

    /// The largest payload either side accepts.
    public static let maximumPayload = 1 << 20
    static let headerSize = 5

    /// The frame's bytes.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        Self.append(kind, payload, to: &bytes)
        return bytes
    }

    /// Appends a frame of `kind` with `payload` to `out`, without an intermediate copy.
    public static func append<Payload: Collection<UInt8>>(_ kind: Kind, _ payload: Payload, to out: inout [UInt8]) {
        let length = UInt32(payload.count)
        out.append(kind.rawValue)
        out.append(contentsOf: [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)])
        out.append(contentsOf: payload)
    }

    // MARK: payloads

    public static func hello(terminal: Bool) -> AttachFrame { AttachFrame(.hello, [terminal ? 1 : 0]) }

    public static func refused(_ reason: String) -> AttachFrame { AttachFrame(.refused, Array(reason.utf8)) }

    public static func resize(rows: UInt16, columns: UInt16) -> AttachFrame {
        AttachFrame(.resize, [UInt8(rows >> 8), UInt8(rows & 0xff), UInt8(columns >> 8), UInt8(columns & 0xff)])
    }

    public static func signal(_ number: Int32) -> AttachFrame { AttachFrame(.signal, [UInt8(clamping: number)]) }

    /// `signaled` false: exited with `value`; true: killed by signal `value`.
    public static func exit(signaled: Bool, value: Int32) -> AttachFrame {
        let bits = UInt32(bitPattern: value)
        return AttachFrame(.exit, [signaled ? 1 : 0, UInt8(bits >> 24), UInt8(bits >> 16 & 0xff), UInt8(bits >> 8 & 0xff), UInt8(bits & 0xff)])
    }

    /// A resize frame's rows and columns.
    public var size: (rows: UInt16, columns: UInt16)? {
        guard kind == .resize, payload.count == 4 else { return nil }
        return (UInt16(payload[0]) << 8 | UInt16(payload[1]), UInt16(payload[2]) << 8 | UInt16(payload[3]))
    }

    /// An exit frame's meaning: (false, status) or (true, signal).
    public var exitStatus: (signaled: Bool, value: Int32)? {
        guard kind == .exit, payload.count == 5, payload[0] <= 1 else { return nil }
        let bits = UInt32(payload[1]) << 24 | UInt32(payload[2]) << 16 | UInt32(payload[3]) << 8 | UInt32(payload[4])
        return (payload[0] == 1, Int32(bitPattern: bits))
    }

    /// A signal frame's number (1 to 64).
    public var signalNumber: Int32? {
        guard kind == .signal, payload.count == 1, (1...64).contains(payload[0]) else { return nil }
        return Int32(payload[0])
    }

    /// A hello frame's word: whether the process has a terminal.
    public var terminal: Bool? {
        guard kind == .hello, payload.count == 1 else { return nil }
        return payload[0] == 1
    }
}
