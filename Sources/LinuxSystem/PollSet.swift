import Glibc

/// Up to four descriptors to poll(2) for input, kept inline: an `[pollfd]` would make the Swift runtime
/// instantiate the metadata of an array of an imported C struct on apply's start-up path, for two descriptors.
public struct PollSet {
    private var fds = (pollfd(), pollfd(), pollfd(), pollfd())
    public private(set) var count = 0

    static let capacity = 4

    public init(_ first: Int32, _ second: Int32) {
        add(first)
        add(second)
    }

    /// Adds `fd`, waited on for input (POLLIN).
    public mutating func add(_ fd: Int32) {
        precondition(count < Self.capacity, "PollSet holds at most four descriptors")
        withUnsafeMutablePointer(to: &fds) { tuple in
            tuple.withMemoryRebound(to: pollfd.self, capacity: Self.capacity) { $0[count] = pollfd(fd: fd, events: Int16(POLLIN), revents: 0) }
        }
        count += 1
    }

    /// poll(2) without a timeout, retried on EINTR; its result (-1 on other errors).
    public mutating func wait() -> Int32 {
        let n = nfds_t(count)
        return withUnsafeMutablePointer(to: &fds) { tuple in
            tuple.withMemoryRebound(to: pollfd.self, capacity: Self.capacity) { p in retryingOnInterrupt { poll(p, n, -1) }.result }
        }
    }

    public subscript(i: Int) -> pollfd {
        precondition(i >= 0 && i < count, "PollSet index out of range")
        return withUnsafePointer(to: fds) { tuple in
            tuple.withMemoryRebound(to: pollfd.self, capacity: Self.capacity) { $0[i] }
        }
    }
}
