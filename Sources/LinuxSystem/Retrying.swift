import Glibc

/// The one EINTR rule of mydocker: `body` is called again while it fails with EINTR, and the result comes back
/// with errno as that last call left it (0 when it did not fail), so that nothing said or done between the call
/// and the check can change which errno is reported.
@inlinable
public func retryingOnInterrupt<T: BinaryInteger>(_ body: () -> T) -> (result: T, errno: Int32) {
    while true {
        let result = body()
        if result >= 0 { return (result, 0) }
        let error = Glibc.errno
        if error != EINTR { return (result, error) }
    }
}
