/// How long a detached container's monitor waits before a restart: docker's back-off, 100 ms doubling at each
/// restart up to a minute, back to 100 ms once a run lasted 10 s.
public struct RestartBackoff: Sendable, Equatable {
    public static let first: Int64 = 100
    public static let longest: Int64 = 60_000
    /// A run at least this long (milliseconds) starts the back-off again.
    public static let reset: Int64 = 10_000

    /// The last delay, in milliseconds; 0 before the first.
    public private(set) var delay: Int64 = 0

    public init() {}

    /// The delay before restarting a run that lasted `ran` milliseconds.
    public mutating func next(afterRunOf ran: Int64) -> Int64 {
        if ran >= Self.reset { delay = 0 }
        delay = delay == 0 ? Self.first : min(delay * 2, Self.longest)
        return delay
    }
}
