// Pseudo-terminals: the ioctls Swift cannot call (ioctl is variadic).
#pragma once

/// posix_openpt, grantpt, unlockpt, then open the slave. Both descriptors are close-on-exec and neither
/// becomes the caller's controlling terminal. 0, or -1 with errno.
int md_open_pty(int *master, int *slave);

/// TIOCGWINSZ. 0, or -1 with errno (ENOTTY when `fd` is not a terminal).
int md_get_winsize(int fd, unsigned short *rows, unsigned short *cols);

/// TIOCSWINSZ (the kernel then sends SIGWINCH to the terminal's foreground process group).
int md_set_winsize(int fd, unsigned short rows, unsigned short cols);

/// setsid(), then TIOCSCTTY: `fd` becomes the controlling terminal of a new session led by the caller.
/// 0, or -1 with errno; `*failed_call` is 1 for setsid, 2 for the ioctl.
int md_make_controlling_tty(int fd, int *failed_call);

/// The slave side of the pseudo-terminal whose master `master` was just opened from a `ptmx` (a container's own
/// devpts): unlockpt, then ioctl(TIOCGPTPEER), which opens the slave of that very devpts instance without looking
/// up a path (a path would be resolved in the caller's /dev/pts). O_RDWR | O_NOCTTY | O_CLOEXEC. The descriptor,
/// or -1 with errno and `*failed_call` 1 for unlockpt (TIOCSPTLCK), 2 for TIOCGPTPEER.
int md_open_pty_peer(int master, int *failed_call);

/// Whether the file open at `fd` (O_PATH will do) is on a devpts file system: 1 yes, 0 no, -1 with errno.
int md_is_devpts(int fd);

/// The number N of the pseudo-terminal whose master is `master` (its slave is /dev/pts/N of its devpts), or -1
/// with errno (ioctl(TIOCGPTN)).
int md_pty_number(int master);
