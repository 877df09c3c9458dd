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
