// Network interfaces: the ioctls Swift cannot call (ioctl is variadic, struct ifreq is a union).
#pragma once

/// Brings the loopback interface `lo` of the caller's network namespace up (SIOCGIFFLAGS, then SIOCSIFFLAGS with
/// IFF_UP), as runc does for a new network namespace. 0, or -1 with errno and `*failed_call` 1 for socket(), 2 for
/// SIOCGIFFLAGS, 3 for SIOCSIFFLAGS.
int md_loopback_up(int *failed_call);
