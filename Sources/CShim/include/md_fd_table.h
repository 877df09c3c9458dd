// Descriptor tables: what a process holds when it executes something. Only the descriptors a table names cross
// an execve; everything else is closed there. md_spawn lays out its process's table with it, and apply's child
// its own before its final execve.
//
// Also the descriptor passing of a console socket (SCM_RIGHTS over a unix socket): the child allocates the
// container's pseudo-terminal inside the container and sends the master side to apply.
#pragma once

enum {
    /// The largest table md_install_fd_table lays out.
    MD_FD_TABLE_MAX = 256,
};

/// Which call of md_install_fd_table failed.
enum md_fd_table_step {
    MD_FD_TABLE_OK = 0,
    /// fcntl(F_DUPFD_CLOEXEC) moving a descriptor out of the table's way (index: its table entry, -1 for a kept one).
    MD_FD_TABLE_DUPFD = 1,
    /// dup2() onto descriptor `index`.
    MD_FD_TABLE_DUP2 = 2,
    /// fcntl(F_SETFD) clearing close-on-exec of descriptor `index`, which the table keeps where it is.
    MD_FD_TABLE_SETFD = 3,
    /// close_range(count, ~0U, CLOSE_RANGE_CLOEXEC).
    MD_FD_TABLE_CLOSE_RANGE = 4,
    /// `count` is above MD_FD_TABLE_MAX (errno E2BIG).
    MD_FD_TABLE_TOO_LARGE = 5,
};

/// Lays out the caller's descriptor table for an execve. For i < `count`, `fds[i]` becomes descriptor i: -1
/// closes it, `fds[i] == i` keeps it where it is (close-on-exec cleared; left closed if it is not open), any other
/// number is dup2'ed there. Every descriptor from `count` on is made close-on-exec. The descriptors in `keep` (the
/// caller still needs them until the execve; -1 entries are skipped) that sit below `count` are moved above it
/// first, close-on-exec, and their new numbers written back into `keep`.
///
/// Raw system calls only, no allocation: safe between clone and execve. MD_FD_TABLE_OK, or the step that failed
/// with errno set and `*failed_index` naming the entry.
int md_install_fd_table(const int *fds, int count, int *keep, int keep_count, int *failed_index);

/// sendmsg of one byte carrying `fd` (SCM_RIGHTS) over the unix socket `socket`. 0, or -1 with errno.
int md_send_fd(int socket, int fd);

/// recvmsg of one message carrying one descriptor (SCM_RIGHTS) from the unix socket `socket`; MSG_DONTWAIT when
/// `nonblocking`. The descriptor (close-on-exec), or -1 with errno: EAGAIN when nothing is there yet, EBADMSG when
/// the message carried no descriptor, ENODATA at end of file.
int md_receive_fd(int socket, int nonblocking);

/// socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC). 0, or -1 with errno.
int md_socketpair_cloexec(int fds[2]);

/// accept4(listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK) (Glibc's module map leaves accept4 out): the
/// connection, or -1 with errno (EAGAIN when none is pending).
int md_accept_cloexec(int listener);

/// close_range(first, last, 0): every descriptor from `first` to `last` (inclusive) closed now. 0, or -1 with errno.
int md_close_range(unsigned int first, unsigned int last);
