#define _GNU_SOURCE
#include "md_process.h"
#include "vfork.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

int md_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

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

struct md_spawn_args {
    const char *const *candidates;
    size_t count;
    char *const *argv;
    char *const *envp;
    int make_tty;
    int failed_errno; // written by the new process (it shares the caller's memory)
    int failed_call;
};

static int md_spawn_fail(struct md_spawn_args *a, int call, int err) {
    a->failed_call = call;
    a->failed_errno = err;
    _exit(127);
}

// Runs in the new process on its own stack, while the caller is suspended: system calls only.
static int md_spawn_child(void *arg) {
    struct md_spawn_args *a = arg;
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL); // init never installs a handler: the mask is all it must not inherit
    if (a->make_tty) {
        if (setsid() < 0) return md_spawn_fail(a, MD_SPAWN_SETSID, errno);
        if (ioctl(0, TIOCSCTTY, 0) != 0) return md_spawn_fail(a, MD_SPAWN_TIOCSCTTY, errno);
    }
    if (md_drop_inherited_caps() != 0) return md_spawn_fail(a, MD_SPAWN_CAPSET, errno);
    int last = ENOENT, saw_eacces = 0;
    for (size_t i = 0; i < a->count; i++) {
        execve(a->candidates[i], a->argv, a->envp);
        last = errno;
        if (last == EACCES) {
            saw_eacces = 1;
            continue;
        }
        if (last == ENOENT || last == ENOTDIR || last == ESTALE || last == ENODEV || last == ETIMEDOUT) continue;
        return md_spawn_fail(a, MD_SPAWN_EXECVE, last);
    }
    return md_spawn_fail(a, MD_SPAWN_EXECVE, saw_eacces ? EACCES : last);
}

pid_t md_spawn_vfork(const char *const *candidates, size_t count, char *const *argv, char *const *envp,
                     int make_tty, int *failed_errno, int *failed_call) {
    struct md_spawn_args a = {.candidates = candidates, .count = count, .argv = argv, .envp = envp,
                              .make_tty = make_tty, .failed_errno = 0, .failed_call = 0};
    pid_t pid = md_vfork_clone(md_spawn_child, &a, 0);
    if (pid < 0) {
        *failed_call = MD_SPAWN_CLONE;
        *failed_errno = errno;
        return -1;
    }
    if (a.failed_call != 0) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        *failed_call = a.failed_call;
        *failed_errno = a.failed_errno;
        return -1;
    }
    return pid;
}
