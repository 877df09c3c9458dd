// Descriptor tables (see md_fd_table.h).
#define _GNU_SOURCE
#include <sys/resource.h>
#include "md_fd_table.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

static int failed_at(int *failed_index, int index, int step) {
    *failed_index = index;
    return step;
}

int md_install_fd_table(const int *fds, int count, int *keep, int keep_count, int *failed_index) {
    if (count < 0 || count > MD_FD_TABLE_MAX) {
        errno = E2BIG;
        return failed_at(failed_index, 0, MD_FD_TABLE_TOO_LARGE);
    }
    // Every descriptor still needed that sits below `count` goes above it first, so that no dup2 overwrites it.
    for (int k = 0; k < keep_count; k++) {
        if (keep[k] >= 0 && keep[k] < count) {
            int moved = fcntl(keep[k], F_DUPFD_CLOEXEC, count);
            if (moved < 0) return failed_at(failed_index, -1, MD_FD_TABLE_DUPFD);
            keep[k] = moved;
        }
    }
    int sources[MD_FD_TABLE_MAX];
    for (int i = 0; i < count; i++) {
        int source = fds[i];
        if (source >= 0 && source < count && source != i) {
            source = fcntl(source, F_DUPFD_CLOEXEC, count);
            if (source < 0) return failed_at(failed_index, i, MD_FD_TABLE_DUPFD);
        }
        sources[i] = source;
    }
    for (int i = 0; i < count; i++) {
        if (sources[i] < 0) {
            close(i);
        } else if (sources[i] == i) {
            int flags = fcntl(i, F_GETFD);
            if (flags < 0) continue; // not open here either: it stays closed
            if ((flags & FD_CLOEXEC) && fcntl(i, F_SETFD, flags & ~FD_CLOEXEC) != 0)
                return failed_at(failed_index, i, MD_FD_TABLE_SETFD);
        } else if (dup2(sources[i], i) < 0) {
            return failed_at(failed_index, i, MD_FD_TABLE_DUP2);
        }
    }
    if (syscall(SYS_close_range, (unsigned)count, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        // A seccomp filter installed before the process's identity changed (a spec without no_new_privs) may
        // refuse close_range, as older profiles that do not list it do (EPERM), or an old kernel lack it: every
        // descriptor up to the limit is marked close-on-exec one by one then, with fcntl, which they all allow.
        if (errno != EPERM && errno != ENOSYS && errno != EINVAL) return failed_at(failed_index, 0, MD_FD_TABLE_CLOSE_RANGE);
        struct rlimit limit;
        long last = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY ? (long)limit.rlim_cur : 65536;
        for (long fd = count; fd < last; fd++) {
            int flags = fcntl((int)fd, F_GETFD);
            if (flags >= 0 && !(flags & FD_CLOEXEC) && fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC) != 0)
                return failed_at(failed_index, (int)fd, MD_FD_TABLE_SETFD);
        }
    }
    return MD_FD_TABLE_OK;
}

int md_send_fd(int socket, int fd) {
    char byte = 0;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer,
                             .msg_controllen = sizeof control.buffer};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &fd, sizeof(int));
    ssize_t sent;
    do sent = sendmsg(socket, &message, MSG_NOSIGNAL); while (sent < 0 && errno == EINTR);
    return sent == 1 ? 0 : -1;
}

int md_receive_fd(int socket, int nonblocking) {
    char byte = 0;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer,
                             .msg_controllen = sizeof control.buffer};
    int flags = MSG_CMSG_CLOEXEC | (nonblocking ? MSG_DONTWAIT : 0);
    ssize_t got;
    do got = recvmsg(socket, &message, flags); while (got < 0 && errno == EINTR);
    if (got < 0) return -1;
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    if (header == NULL || header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS ||
        header->cmsg_len != CMSG_LEN(sizeof(int))) {
        errno = got == 0 ? ENODATA : EBADMSG;
        return -1;
    }
    int fd;
    memcpy(&fd, CMSG_DATA(header), sizeof(int));
    if (message.msg_flags & MSG_CTRUNC) {
        close(fd);
        errno = EBADMSG;
        return -1;
    }
    return fd;
}

int md_socketpair_cloexec(int fds[2]) { return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds); }

int md_close_range(unsigned int first, unsigned int last) { return (int)syscall(SYS_close_range, first, last, 0); }

int md_accept_cloexec(int listener) { return accept4(listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK); }
