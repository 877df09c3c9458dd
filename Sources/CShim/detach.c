// The double fork of a detached container's monitor (see md_detach.h).
#define _GNU_SOURCE
#include "md_detach.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum { MSG_PID = 1, MSG_FAILURE = 2 };

struct detach_msg {
    int32_t kind;
    int32_t stage;
    int32_t err;
    int32_t pid;
};

static void send_msg(int fd, int32_t kind, int32_t stage, int32_t err, int32_t pid) {
    struct detach_msg msg = { kind, stage, err, pid };
    ssize_t n;
    do {
        n = write(fd, &msg, sizeof msg);
    } while (n < 0 && errno == EINTR);
}

static void _Noreturn fail(int fd, int32_t stage, int32_t err) {
    send_msg(fd, MSG_FAILURE, stage, err, 0);
    _exit(127);
}

// Moves `fd` above the standard descriptors and 3 so that the dup2 calls cannot overwrite it.
static int lift(int fd, int report) {
    if (fd < 0 || fd > 3) {
        return fd;
    }
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    if (moved < 0) {
        fail(report, MD_DETACH_STAGE_DUP2, errno);
    }
    return moved;
}

static void _Noreturn daemon_exec(const char *path, const char *const *argv, const char *const *envp,
                                  int in_fd, int out_fd, int extra_fd, int report) {
    if (report <= 3) {
        int moved = fcntl(report, F_DUPFD_CLOEXEC, 10);
        if (moved < 0) {
            fail(report, MD_DETACH_STAGE_DUP2, errno);
        }
        report = moved;
    }
    in_fd = lift(in_fd, report);
    out_fd = lift(out_fd, report);
    extra_fd = lift(extra_fd, report);
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0 || (extra_fd >= 0 && dup2(extra_fd, 3) < 0)) {
        fail(report, MD_DETACH_STAGE_DUP2, errno);
    }
    // Everything else goes, except the report pipe (close-on-exec) which tells our caller about execve.
    int first = extra_fd >= 0 ? 4 : 3;
    for (int fd = first; fd < report; fd++) {
        close(fd);
    }
    syscall(SYS_close_range, (unsigned)report + 1, ~0U, 0);
    // A daemon starts like a fresh process: no signal ignored or blocked because its starter had them so.
    for (int sig = 1; sig < NSIG; sig++) {
        signal(sig, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(path, (char *const *)argv, (char *const *)envp);
    fail(report, MD_DETACH_STAGE_EXEC, errno);
}

int md_detach_spawn(const char *path, const char *const *argv, const char *const *envp,
                    int stdin_fd, int out_fd, int extra_fd, struct md_detach_result *result) {
    *result = (struct md_detach_result){ 0 };
    int report[2];
    if (pipe2(report, O_CLOEXEC) < 0) {
        result->stage = MD_DETACH_STAGE_PIPE;
        result->err = errno;
        return -1;
    }
    pid_t middle = fork();
    if (middle < 0) {
        result->stage = MD_DETACH_STAGE_FORK;
        result->err = errno;
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (middle == 0) {
        close(report[0]);
        if (setsid() < 0) {
            fail(report[1], MD_DETACH_STAGE_SETSID, errno);
        }
        pid_t daemon = fork();
        if (daemon < 0) {
            fail(report[1], MD_DETACH_STAGE_FORK2, errno);
        }
        if (daemon == 0) {
            daemon_exec(path, argv, envp, stdin_fd, out_fd, extra_fd, report[1]);
        }
        send_msg(report[1], MSG_PID, 0, 0, (int32_t)daemon);
        _exit(0);
    }
    close(report[1]);
    struct detach_msg msg;
    for (;;) {
        ssize_t n = read(report[0], &msg, sizeof msg);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n != (ssize_t)sizeof msg) {
            break; // EOF: the middle process exited and the daemon exec'd (or died)
        }
        if (msg.kind == MSG_PID) {
            result->pid = msg.pid;
        } else if (msg.kind == MSG_FAILURE && result->stage == MD_DETACH_STAGE_NONE) {
            result->stage = msg.stage;
            result->err = msg.err;
        }
    }
    close(report[0]);
    int status = 0;
    while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {
    }
    if (result->stage == MD_DETACH_STAGE_NONE && result->pid <= 0) {
        result->stage = MD_DETACH_STAGE_LOST;
        result->err = status;
    }
    return result->stage == MD_DETACH_STAGE_NONE ? 0 : -1;
}
