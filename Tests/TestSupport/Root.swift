import Glibc

/// Tests that need root (namespaces, mounts, loop devices) are enabled by this; CI runs as root.
public let isRoot = getuid() == 0
