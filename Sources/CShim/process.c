#define _GNU_SOURCE
#include "md_process.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

int md_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int md_pidfd_send_signal(int pidfd, int sig) { return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0); }

static long long monotonic_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int md_pidfd_wait_exit(int pidfd, int timeout_ms) {
    struct pollfd p = {.fd = pidfd, .events = POLLIN};
    long long deadline = timeout_ms > 0 ? monotonic_ms() + timeout_ms : 0;
    int wait = timeout_ms;
    for (;;) {
        int r = poll(&p, 1, wait);
        if (r > 0) return 1;
        if (r == 0) return 0;
        if (errno != EINTR) return -1;
        if (timeout_ms > 0) { // a signal cut the wait short: wait out what is left of it
            long long left = deadline - monotonic_ms();
            if (left <= 0) return 0;
            wait = (int)left;
        }
    }
}

int md_set_pdeathsig(int sig) { return prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0, 0, 0); }

int md_drop_inherited_caps(void) {
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) return -1;
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    if (data[0].inheritable == 0 && data[1].inheritable == 0) return 0;
    data[0].inheritable = 0;
    data[1].inheritable = 0;
    return (int)syscall(SYS_capset, &header, data);
}

int md_cloexec_from(unsigned int first) {
    return (int)syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC);
}

int md_set_identity(uid_t uid, gid_t gid, const gid_t *groups, size_t count, int skip_setgroups) {
    if (!skip_setgroups && syscall(SYS_setgroups, count, groups) != 0) return MD_IDENTITY_SETGROUPS;
    if (syscall(SYS_setresgid, gid, gid, gid) != 0) return MD_IDENTITY_SETRESGID;
    if (syscall(SYS_setresuid, uid, uid, uid) != 0) return MD_IDENTITY_SETRESUID;
    return 0;
}

uid_t md_geteuid(void) { return geteuid(); }

pid_t md_fork(void) { return fork(); }

int md_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int md_get_pdeathsig(void) {
    int sig = 0;
    if (prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0) != 0) return -1;
    return sig;
}

int md_set_child_subreaper(int on) { return prctl(PR_SET_CHILD_SUBREAPER, (unsigned long)on, 0, 0, 0); }
