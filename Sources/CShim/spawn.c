// mydocker's one spawner (see md_spawn.h).
//
//   vfork-style:   caller ──clone(CLONE_VM|CLONE_VFORK)──▶ process ──▶ execve
//   intermediate:  caller ──fork──▶ intermediate: setns…, [setsid] ──clone([CLONE_PARENT])──▶ process ──▶ execve
//
// Between clone and execve only raw system calls run: no malloc, no locks.
#define _GNU_SOURCE
#include "md_spawn.h"
#include "md_seccomp.h"
#include "md_fd_table.h"
#include "md_process.h"
#include "md_signal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

void md_spawn_attr_init(struct md_spawn_attr *attr) {
    memset(attr, 0, sizeof *attr);
    attr->root_fd = -1;
    attr->exec_fd = -1;
    attr->cpu = -1;
}

/// What the processes md_spawn makes share with it.
struct spawn_context {
    const struct md_spawn_attr *attr;
    /// vfork-style: the caller's own failure, in the memory the process borrows. NULL otherwise.
    struct md_spawn_failure *shared;
    /// Otherwise: the write end of the report pipe (close-on-exec).
    int report;
    /// getpid() of the caller (asked only for a parent-death signal).
    pid_t caller;
};

/// One message on the report pipe: the process's pid (from the intermediate process), or a failure.
struct report_message {
    int32_t pid;
    struct md_spawn_failure failure;
};

static void send_message(int fd, const struct report_message *message) {
    ssize_t n;
    do n = write(fd, message, sizeof *message); while (n < 0 && errno == EINTR);
}

/// Says why, where the caller will read it, and exits.
__attribute__((noreturn)) static void fail(const struct spawn_context *c, int report, int stage, int index, int err) {
    struct md_spawn_failure failure = {.stage = stage, .index = index, .err = err};
    if (c->shared != NULL) {
        *c->shared = failure;
    } else {
        struct report_message message = {.pid = 0, .failure = failure};
        send_message(report, &message);
    }
    _exit(127);
}

/// The permitted capabilities into the inheritable and ambient sets, so that they survive an execve by a uid
/// that is not mapped yet.
static int keep_capabilities(void) {
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    data[0].inheritable = data[0].permitted;
    data[1].inheritable = data[1].permitted;
    if (syscall(SYS_capset, &header, data) != 0) return -1;
    for (unsigned cap = 0; cap < 64; cap++) {
        if (!(data[cap / 32].permitted & (1u << (cap % 32)))) continue;
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0 && errno != EINVAL) return -1;
    }
    return 0;
}

/// The md_spawn stage of a failed md_install_fd_table step.
static int table_stage(int step) {
    switch (step) {
    case MD_FD_TABLE_DUPFD: return MD_SPAWN_STAGE_DUPFD;
    case MD_FD_TABLE_DUP2: return MD_SPAWN_STAGE_DUP2;
    case MD_FD_TABLE_SETFD: return MD_SPAWN_STAGE_SETFD;
    case MD_FD_TABLE_CLOSE_RANGE: return MD_SPAWN_STAGE_CLOSE_RANGE;
    default: return MD_SPAWN_STAGE_ATTR;
    }
}

static int transient_exec_error(int err) {
    return err == ENOENT || err == ENOTDIR || err == ESTALE || err == ENODEV || err == ETIMEDOUT;
}

/// The process, from its first instruction to execve (steps 1 to 9 of md_spawn.h).
__attribute__((noreturn)) static void run_process(const struct spawn_context *c) {
    const struct md_spawn_attr *a = c->attr;
    int report = c->report;

    if (a->cpu >= 0) {
        cpu_set_t only;
        CPU_ZERO(&only);
        CPU_SET(a->cpu, &only);
        sched_setaffinity(0, sizeof only, &only); // a hint: the process runs wherever it may otherwise
    }
    if (a->reset_signal_handlers) md_reset_signal_dispositions();
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    // Into the container's cgroup before anything else, while its cgroup.procs descriptors are still open.
    const struct md_spawn_confinement *confinement = a->confinement;
    struct md_confine_failure confine_failure;
    if (confinement != NULL && md_confine_join_cgroups(confinement, &confine_failure) != 0)
        fail(c, report, confine_failure.stage, confine_failure.index, confine_failure.err);

    if (a->parent_death_signal != 0) {
        if (prctl(PR_SET_PDEATHSIG, (unsigned long)a->parent_death_signal, 0, 0, 0) != 0)
            fail(c, report, MD_SPAWN_STAGE_PDEATHSIG, 0, errno);
        pid_t ppid = getppid();
        if (ppid != 0 && ppid != c->caller) _exit(127); // the caller died before the signal was set
    }

    if (a->root_fd >= 0) {
        if (fchdir(a->root_fd) != 0) fail(c, report, MD_SPAWN_STAGE_FCHDIR, 0, errno);
        if (chroot(".") != 0) fail(c, report, MD_SPAWN_STAGE_CHROOT, 0, errno);
    }

    // The descriptor table: only what it names crosses the execve. The report pipe and the file to execute are
    // moved out of its way while they are still needed.
    int keep[2] = {report, a->exec_fd};
    int failed_index = 0;
    int step = md_install_fd_table(a->fds, a->fd_count, keep, 2, &failed_index);
    report = keep[0];
    if (step != MD_FD_TABLE_OK) fail(c, report, table_stage(step), failed_index, errno);
    int exec_fd = keep[1];

    if (a->session != MD_SPAWN_SESSION_KEEP) {
        if (setsid() < 0) fail(c, report, MD_SPAWN_STAGE_SETSID, 0, errno);
        if (a->session == MD_SPAWN_SESSION_TERMINAL && ioctl(0, TIOCSCTTY, 0) != 0)
            fail(c, report, MD_SPAWN_STAGE_TIOCSCTTY, 0, errno);
    }

    if ((a->clone_flags & CLONE_NEWTIME) && unshare(CLONE_NEWTIME) != 0)
        fail(c, report, MD_SPAWN_STAGE_UNSHARE, 0, errno);

    // As the caller's identity first, so that a directory only root may enter still works; again after the
    // identity change otherwise.
    int cwd_pending = 0;
    if (a->cwd != NULL && chdir(a->cwd) != 0) {
        if (!a->set_identity) fail(c, report, MD_SPAWN_STAGE_CHDIR, 0, errno);
        cwd_pending = 1;
    }
    // Without no_new_privs, seccomp(2) needs CAP_SYS_ADMIN: the filter goes in before the identity change.
    int seccomp_pending = a->seccomp_filter != NULL;
    if (confinement != NULL) {
        if (md_confine_before_identity(confinement, &confine_failure) != 0)
            fail(c, report, confine_failure.stage, confine_failure.index, confine_failure.err);
        if (seccomp_pending && !confinement->no_new_privs) {
            if (md_seccomp_set_filter(a->seccomp_filter, a->seccomp_count, a->seccomp_flags) != 0)
                fail(c, report, MD_SPAWN_STAGE_SECCOMP, 0, errno);
            seccomp_pending = 0;
        }
    }
    if (a->set_identity) {
        if (syscall(SYS_setgroups, (size_t)a->group_count, a->groups) != 0 && !(errno == EPERM && a->group_count == 0))
            fail(c, report, MD_SPAWN_STAGE_SETGROUPS, 0, errno);
        if (syscall(SYS_setresgid, a->gid, a->gid, a->gid) != 0) fail(c, report, MD_SPAWN_STAGE_SETRESGID, 0, errno);
        if (syscall(SYS_setresuid, a->uid, a->uid, a->uid) != 0) fail(c, report, MD_SPAWN_STAGE_SETRESUID, 0, errno);
    }
    if (cwd_pending && chdir(a->cwd) != 0) fail(c, report, MD_SPAWN_STAGE_CHDIR, 0, errno);

    if (a->capabilities == MD_SPAWN_CAPS_KEEP && keep_capabilities() != 0)
        fail(c, report, MD_SPAWN_STAGE_KEEP_CAPS, 0, errno);
    if (a->capabilities == MD_SPAWN_CAPS_DROP_INHERITED && md_drop_inherited_caps() != 0)
        fail(c, report, MD_SPAWN_STAGE_DROP_CAPS, 0, errno);
    if (confinement != NULL && md_confine_after_identity(confinement, &confine_failure) != 0)
        fail(c, report, confine_failure.stage, confine_failure.index, confine_failure.err);
    if (seccomp_pending && md_seccomp_set_filter(a->seccomp_filter, a->seccomp_count, a->seccomp_flags) != 0)
        fail(c, report, MD_SPAWN_STAGE_SECCOMP, 0, errno);

    if (exec_fd >= 0) {
        syscall(SYS_execveat, exec_fd, "", (char *const *)a->argv, (char *const *)a->envp, AT_EMPTY_PATH);
        fail(c, report, MD_SPAWN_STAGE_EXEC, 0, errno);
    }
    int failed_at = 0;
    int err = md_execve_candidates(a->candidates, a->candidate_count, a->argv, a->envp, &failed_at);
    fail(c, report, MD_SPAWN_STAGE_EXEC, failed_at, err);
}

int md_execve_candidates(const char *const *candidates, int count, const char *const *argv,
                         const char *const *envp, int *failed_index) {
    int last = ENOENT, last_at = 0, denied_at = -1;
    for (int i = 0; i < count; i++) {
        execve(candidates[i], (char *const *)argv, (char *const *)envp);
        last = errno;
        last_at = i;
        if (last == EACCES) {
            denied_at = i;
        } else if (!transient_exec_error(last)) {
            break;
        }
    }
    if (denied_at >= 0 && transient_exec_error(last)) {
        *failed_index = denied_at;
        return EACCES;
    }
    *failed_index = last_at;
    return last;
}

/// The intermediate process: the parent-death signal, the joins, the session of a daemon, then the process.
__attribute__((noreturn)) static void run_intermediate(const struct spawn_context *c) {
    const struct md_spawn_attr *a = c->attr;
    if (a->parent_death_signal != 0) {
        if (prctl(PR_SET_PDEATHSIG, (unsigned long)a->parent_death_signal, 0, 0, 0) != 0)
            fail(c, c->report, MD_SPAWN_STAGE_PDEATHSIG, 1, errno);
        if (getppid() != c->caller) _exit(127);
    }
    for (int i = 0; i < a->join_count; i++) {
        if (setns(a->join_fds[i], a->join_types[i]) != 0) fail(c, c->report, MD_SPAWN_STAGE_SETNS, i, errno);
    }
    unsigned long flags = (unsigned long)(a->clone_flags & ~CLONE_NEWTIME) | SIGCHLD;
    if (a->detach) {
        if (setsid() < 0) fail(c, c->report, MD_SPAWN_STAGE_SETSID, 1, errno);
    } else {
        flags |= CLONE_PARENT; // the caller's own child: setns(CLONE_NEWPID) only moves our children
    }
    pid_t pid = (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
    if (pid < 0) fail(c, c->report, MD_SPAWN_STAGE_CLONE, 1, errno);
    if (pid == 0) run_process(c);
    struct report_message message = {.pid = pid};
    send_message(c->report, &message);
    _exit(0);
}

static int vfork_entry(void *context) { run_process(context); }

/// clone(CLONE_VM | CLONE_VFORK | SIGCHLD | `flags`) running `fn(arg)`, as posix_spawn does: the process borrows
/// this address space and a stack carved from this frame until its execve or exit, and the caller sleeps until
/// then, so nothing is copied. Every signal is blocked across the clone, so that no handler of the caller can run
/// on the borrowed stack; the process sets its own mask.
static pid_t vfork_clone(int (*fn)(void *), void *arg, int flags) {
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    _Alignas(64) char stack[64 * 1024];
    pid_t pid = clone(fn, stack + sizeof stack, flags | CLONE_VM | CLONE_VFORK | SIGCHLD, arg);
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return pid;
}

static void reap(pid_t pid, int *status) {
    int ignored;
    while (waitpid(pid, status != NULL ? status : &ignored, 0) < 0 && errno == EINTR) {}
}

static pid_t failed(struct md_spawn_failure *failure, int stage, int index, int err) {
    *failure = (struct md_spawn_failure){.stage = stage, .index = index, .err = err};
    return -1;
}

pid_t md_spawn(const struct md_spawn_attr *a, struct md_spawn_failure *failure) {
    *failure = (struct md_spawn_failure){0};
    if (a->fd_count < 0 || a->fd_count > MD_SPAWN_MAX_FDS || a->join_count < 0 || a->join_count > MD_SPAWN_MAX_JOINS ||
        a->candidate_count < 0 || a->argv == NULL || a->envp == NULL ||
        (a->confinement != NULL &&
         (a->confinement->cgroup_count < 0 || a->confinement->cgroup_count > MD_SPAWN_MAX_CGROUPS ||
          a->confinement->rlimit_count < 0 || a->confinement->rlimit_count > MD_SPAWN_MAX_RLIMITS)))
        return failed(failure, MD_SPAWN_STAGE_ATTR, 0, E2BIG);
    struct spawn_context c = {.attr = a, .shared = NULL, .report = -1, .caller = a->parent_death_signal ? getpid() : 0};

    if (a->join_count == 0 && !a->detach) {
        c.shared = failure;
        pid_t pid = vfork_clone(vfork_entry, &c, a->clone_flags & ~CLONE_NEWTIME);
        if (pid < 0) return failed(failure, MD_SPAWN_STAGE_CLONE, 0, errno);
        // The process wrote here, if anything, before it exited; it has exec'd or exited by now.
        if (((volatile struct md_spawn_failure *)failure)->stage != MD_SPAWN_STAGE_NONE) {
            reap(pid, NULL);
            return -1;
        }
        return pid;
    }

    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) return failed(failure, MD_SPAWN_STAGE_PIPE, 0, errno);
    c.report = pipe_fds[1];
    // The intermediate process keeps every signal blocked: no handler of ours may run in it.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t middle = (pid_t)syscall(SYS_clone, (unsigned long)SIGCHLD, NULL, NULL, NULL, NULL);
    if (middle == 0) {
        close(pipe_fds[0]);
        run_intermediate(&c);
    }
    int clone_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(pipe_fds[1]);
    if (middle < 0) {
        close(pipe_fds[0]);
        return failed(failure, MD_SPAWN_STAGE_CLONE, 0, clone_errno);
    }

    // Until end of file: the intermediate process has exited, and the process has exec'd (or died).
    pid_t pid = 0;
    struct report_message message;
    for (;;) {
        ssize_t got = read(pipe_fds[0], &message, sizeof message);
        if (got < 0 && errno == EINTR) continue;
        if (got != (ssize_t)sizeof message) break;
        if (message.pid > 0) {
            pid = message.pid;
        } else if (failure->stage == MD_SPAWN_STAGE_NONE) {
            *failure = message.failure;
        }
    }
    close(pipe_fds[0]);
    int status = 0;
    reap(middle, &status);
    if (failure->stage != MD_SPAWN_STAGE_NONE) {
        if (pid > 0 && !a->detach) reap(pid, NULL);
        return -1;
    }
    if (pid <= 0) return failed(failure, MD_SPAWN_STAGE_LOST, 0, status);
    return pid;
}
