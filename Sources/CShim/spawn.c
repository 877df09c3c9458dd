#define _GNU_SOURCE
#include "md_spawn.h"
#include "md_child_fds.h"
#include "md_signal.h"
#include "vfork.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

_Static_assert(MD_CHILD_PROGRAM_FD == 3 && MD_CHILD_REPORT_FD == 4 && MD_CHILD_EXIT_FD == 5 && MD_CHILD_FIRST_PASSED_FD == 6,
               "child_main lays its sources out in descriptor order");

static void put_bytes(char **p, const char *end, const void *bytes, size_t n) {
    if ((size_t)(end - *p) < n) n = (size_t)(end - *p);
    memcpy(*p, bytes, n);
    *p += n;
}

static void put_string(char **p, const char *end, const char *s) {
    if (s == NULL) s = "";
    size_t n = strlen(s);
    if (n > 400) n = 400;
    uint32_t len = (uint32_t)n;
    put_bytes(p, end, &len, sizeof len);
    put_bytes(p, end, s, n);
}

void md_report_failure(int fd, uint32_t step, int err, const char *what, const char *syscall_name, const char *hint) {
    char buf[1400];
    char *p = buf;
    const char *end = buf + sizeof buf;
    int32_t e = err;
    put_bytes(&p, end, &step, sizeof step);
    put_bytes(&p, end, &e, sizeof e);
    put_string(&p, end, what);
    put_string(&p, end, syscall_name);
    put_string(&p, end, hint);
    const char *q = buf;
    while (q < p) {
        ssize_t n = write(fd, q, (size_t)(p - q));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        q += n;
    }
}

/// fork-like clone: the child continues on a copy of the caller's stack.
static pid_t raw_clone(unsigned long flags) {
    return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

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

__attribute__((noreturn)) static void fail(int fd, uint32_t step, const char *call, const char *hint) {
    md_report_failure(fd, step, errno, "", call, hint);
    _exit(125);
}

__attribute__((noreturn)) static void child_main(const struct md_spawn_config *c) {
    int report = c->report_fd;
    md_reset_signals();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) fail(report, c->spawn_step, "prctl(PR_SET_PDEATHSIG)", NULL);
    pid_t ppid = getppid();
    if (ppid != 0 && ppid != c->parent_pid) _exit(125); // mydocker died before the child could notice

    // Every source goes above the highest target first, so that no dup2 overwrites a source not yet moved.
    int sources[MD_CHILD_FIRST_PASSED_FD + MD_SPAWN_MAX_PASS_FDS + 1];
    int count = 0;
    for (int i = 0; i < 3; i++) sources[count++] = c->stdio[i];
    sources[count++] = c->program_fd;  // MD_CHILD_PROGRAM_FD
    sources[count++] = c->report_fd;   // MD_CHILD_REPORT_FD
    sources[count++] = c->exit_fd;     // MD_CHILD_EXIT_FD
    for (int i = 0; i < c->pass_count; i++) sources[count++] = c->pass_fds[i];
    sources[count++] = c->exe_fd;
    int floor = MD_CHILD_FIRST_PASSED_FD + c->pass_count;
    int high[MD_CHILD_FIRST_PASSED_FD + MD_SPAWN_MAX_PASS_FDS + 1];
    for (int i = 0; i < count; i++) {
        high[i] = sources[i] < 0 ? -1 : fcntl(sources[i], F_DUPFD_CLOEXEC, floor);
        if (sources[i] >= 0 && high[i] < 0) fail(report, c->spawn_step, "fcntl(F_DUPFD_CLOEXEC)", NULL);
    }
    report = high[MD_CHILD_REPORT_FD];
    for (int target = 0; target < count - 1; target++) {
        if (high[target] < 0) {
            close(target);
            continue;
        }
        if (dup2(high[target], target) < 0) fail(report, c->spawn_step, "dup2", NULL);
        if (target == MD_CHILD_REPORT_FD) report = MD_CHILD_REPORT_FD;
    }
    int exe = high[count - 1];
    if (syscall(SYS_close_range, (unsigned)floor, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
        fail(report, c->spawn_step, "close_range", NULL);

    if (c->unshare_time && unshare(CLONE_NEWTIME) != 0)
        fail(report, c->spawn_step, "unshare(CLONE_NEWTIME)", NULL);
    if (c->keep_caps && keep_capabilities() != 0)
        fail(report, c->spawn_step, "prctl(PR_CAP_AMBIENT_RAISE)", NULL);

    syscall(SYS_execveat, exe, "", c->argv, c->envp, AT_EMPTY_PATH);
    fail(report, c->spawn_step, "execve /proc/self/exe", NULL);
}

static int vfork_entry(void *config) { child_main(config); }

pid_t md_spawn(const struct md_spawn_config *c) {
    if (c->pass_count < 0 || c->pass_count > MD_SPAWN_MAX_PASS_FDS) {
        errno = E2BIG;
        return -1;
    }
    if (c->join_count == 0) return md_vfork_clone(vfork_entry, (void *)c, c->clone_flags);

    int pid_pipe[2];
    if (pipe2(pid_pipe, O_CLOEXEC) != 0) return -1;
    pid_t middle = raw_clone(0);
    if (middle < 0) {
        int saved = errno;
        close(pid_pipe[0]);
        close(pid_pipe[1]);
        errno = saved;
        return -1;
    }
    if (middle == 0) {
        close(pid_pipe[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (getppid() != c->parent_pid) _exit(125);
        for (int i = 0; i < c->join_count; i++) {
            if (setns(c->join_fds[i], c->join_types[i]) != 0) {
                const char *hint = errno == EINVAL ? "not a namespace of that kind, or one this process cannot join" : NULL;
                md_report_failure(c->report_fd, c->join_steps[i], errno, "", "setns", hint);
                _exit(125);
            }
        }
        pid_t pid = raw_clone((unsigned long)c->clone_flags | CLONE_PARENT);
        if (pid < 0) fail(c->report_fd, c->spawn_step, "clone", NULL);
        if (pid == 0) child_main(c);
        ssize_t n;
        do n = write(pid_pipe[1], &pid, sizeof pid); while (n < 0 && errno == EINTR);
        _exit(0);
    }
    close(pid_pipe[1]);
    pid_t child = 0;
    size_t got = 0;
    while (got < sizeof child) {
        ssize_t n = read(pid_pipe[0], (char *)&child + got, sizeof child - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(pid_pipe[0]);
    int status;
    while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {}
    return got == sizeof child ? child : 0;
}
