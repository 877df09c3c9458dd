// mydocker exec: join a running container's namespaces and run a command there (see md_nsenter.h).
//
// mydocker ──fork──▶ joiner: setns(user), setns(others…), setns(mnt), fchdir(root) + chroot(".")
//                      └─clone(CLONE_PARENT)──▶ command (mydocker's child, inside the pid namespace):
//                                               terminal, setgroups/setresgid/setresuid, chdir, execve
// The joiner reports the command's pid and exits; the command reports a failure or closes the pipe by
// exec'ing. Between fork and execve only raw system calls run (no malloc, no locks).
#define _GNU_SOURCE
#include "md_nsenter.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum { MSG_PID = 1, MSG_FAILURE = 2 };

struct nsenter_msg {
    int32_t kind;
    int32_t stage;
    int32_t index;
    int32_t err;
    int32_t pid;
};

// Forwarded to the command; then the ones the relay handles itself.
static const int relayed_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD, SIGWINCH };
#define RELAYED_COUNT ((int)(sizeof relayed_signals / sizeof relayed_signals[0]))

static void send_msg(int fd, int32_t kind, int32_t stage, int32_t index, int32_t err, int32_t pid) {
    struct nsenter_msg msg = { kind, stage, index, err, pid };
    ssize_t n;
    do {
        n = write(fd, &msg, sizeof msg);
    } while (n < 0 && errno == EINTR);
}

static void _Noreturn fail(int fd, int32_t stage, int32_t index, int32_t err) {
    send_msg(fd, MSG_FAILURE, stage, index, err, 0);
    _exit(126);
}

// execve with a PATH search over `search_path`, without touching the environment or the heap.
static int exec_searching(const char *file, const char *const *argv, const char *const *envp, const char *search_path) {
    if (strchr(file, '/') != NULL) {
        execve(file, (char *const *)argv, (char *const *)envp);
        return errno;
    }
    const char *p = (search_path != NULL && search_path[0] != '\0') ? search_path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    size_t flen = strlen(file);
    int saved = ENOENT;
    char buf[4096];
    for (;;) {
        const char *end = strchr(p, ':');
        size_t dlen = end != NULL ? (size_t)(end - p) : strlen(p);
        if (dlen + flen + 2 <= sizeof buf) {
            size_t at = 0;
            if (dlen == 0) {
                buf[at++] = '.';
            } else {
                memcpy(buf, p, dlen);
                at = dlen;
            }
            buf[at++] = '/';
            memcpy(buf + at, file, flen + 1);
            execve(buf, (char *const *)argv, (char *const *)envp);
            if (errno == EACCES) {
                saved = EACCES;
            } else if (errno != ENOENT && errno != ENOTDIR) {
                return errno;
            }
        }
        if (end == NULL) {
            break;
        }
        p = end + 1;
    }
    return saved;
}

// The command, inside every namespace: terminal, identity, working directory, exec.
// Like a fresh process: every signal at its default and none blocked, whatever mydocker inherited.
static void _Noreturn run_command(const struct md_nsenter_config *c, int report) {
    for (int sig = 1; sig < NSIG; sig++) {
        signal(sig, SIG_DFL); // fails harmlessly for SIGKILL, SIGSTOP and the ones glibc reserves
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    if (c->tty_slave >= 0) {
        if (setsid() < 0) {
            fail(report, MD_NSENTER_STAGE_SETSID, 0, errno);
        }
        if (ioctl(c->tty_slave, TIOCSCTTY, 0) < 0) {
            fail(report, MD_NSENTER_STAGE_TIOCSCTTY, 0, errno);
        }
        for (int fd = 0; fd < 3; fd++) {
            if (dup2(c->tty_slave, fd) < 0) {
                fail(report, MD_NSENTER_STAGE_DUP2, fd, errno);
            }
        }
    }

    // As root first, so a directory only root may enter still works; again after the identity change otherwise.
    int cwd_done = chdir(c->cwd) == 0;
    if (syscall(SYS_setgroups, (size_t)c->ngroups, c->groups) < 0) {
        // A user namespace whose setgroups is "deny" refuses even an empty list: nothing to drop then.
        if (!(errno == EPERM && c->ngroups == 0)) {
            fail(report, MD_NSENTER_STAGE_SETGROUPS, 0, errno);
        }
    }
    if (syscall(SYS_setresgid, c->gid, c->gid, c->gid) < 0) {
        fail(report, MD_NSENTER_STAGE_SETGID, 0, errno);
    }
    if (syscall(SYS_setresuid, c->uid, c->uid, c->uid) < 0) {
        fail(report, MD_NSENTER_STAGE_SETUID, 0, errno);
    }
    if (!cwd_done && chdir(c->cwd) < 0) {
        fail(report, MD_NSENTER_STAGE_CHDIR, 0, errno);
    }
    int err = exec_searching(c->argv[0], c->argv, c->envp, c->search_path);
    send_msg(report, MSG_FAILURE, MD_NSENTER_STAGE_EXEC, 0, err, 0);
    _exit(err == ENOENT ? 127 : 126);
}

// The joiner: setns in order, root, then the command as a sibling of ours in the pid namespace.
static void _Noreturn join_and_spawn(const struct md_nsenter_config *c, int report) {
    for (int i = 0; i < c->ns_count; i++) {
        if (setns(c->ns_fds[i], c->ns_types[i]) < 0) {
            fail(report, MD_NSENTER_STAGE_SETNS, i, errno);
        }
    }
    if (c->root_fd >= 0) {
        if (fchdir(c->root_fd) < 0) {
            fail(report, MD_NSENTER_STAGE_FCHDIR, 0, errno);
        }
        if (chroot(".") < 0) {
            fail(report, MD_NSENTER_STAGE_CHROOT, 0, errno);
        }
    }
    // setns(CLONE_NEWPID) only moves our children; CLONE_PARENT makes the command mydocker's own child.
    long pid = syscall(SYS_clone, (unsigned long)(CLONE_PARENT | SIGCHLD), 0UL, 0UL, 0UL, 0UL);
    if (pid < 0) {
        fail(report, MD_NSENTER_STAGE_CLONE, 0, errno);
    }
    if (pid == 0) {
        run_command(c, report);
    }
    send_msg(report, MSG_PID, 0, 0, 0, (int32_t)pid);
    _exit(0);
}

static int write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN) {
                struct pollfd p = { .fd = fd, .events = POLLOUT };
                poll(&p, 1, -1);
                continue;
            }
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static void copy_window_size(int from, int to) {
    struct winsize ws;
    if (ioctl(from, TIOCGWINSZ, &ws) == 0) {
        ioctl(to, TIOCSWINSZ, &ws);
    }
}

// Waits for the command, forwarding signals and relaying the terminal. Returns 0 with *status, or -errno.
static int relay(const struct md_nsenter_config *c, pid_t command, const sigset_t *blocked, int *status) {
    int sfd = signalfd(-1, blocked, SFD_CLOEXEC);
    if (sfd < 0) {
        return -errno;
    }
    int tty = c->tty_slave >= 0;
    int master_open = tty, stdin_open = tty;
    int exited = 0;
    char buf[8192];
    while (!exited || master_open) {
        if (exited) {
            // The command is gone; drain what it wrote without waiting for processes it left behind.
            fcntl(c->tty_master, F_SETFL, fcntl(c->tty_master, F_GETFL) | O_NONBLOCK);
            ssize_t n = read(c->tty_master, buf, sizeof buf);
            if (n > 0) {
                write_all(STDOUT_FILENO, buf, (size_t)n);
                continue;
            }
            break;
        }
        struct pollfd p[3];
        int np = 0;
        p[np++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
        int master_at = -1, stdin_at = -1;
        if (master_open) {
            master_at = np;
            p[np++] = (struct pollfd){ .fd = c->tty_master, .events = POLLIN };
        }
        if (stdin_open) {
            stdin_at = np;
            p[np++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
        }
        if (poll(p, (nfds_t)np, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            int err = errno;
            close(sfd);
            return -err;
        }
        if (master_at >= 0 && (p[master_at].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = read(c->tty_master, buf, sizeof buf);
            if (n > 0) {
                write_all(STDOUT_FILENO, buf, (size_t)n);
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                master_open = 0; // EIO: every holder of the slave side is gone
            }
        }
        if (stdin_at >= 0 && (p[stdin_at].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
            if (n > 0) {
                write_all(c->tty_master, buf, (size_t)n);
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                stdin_open = 0;
            }
        }
        if (p[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) != (ssize_t)sizeof si) {
                continue;
            }
            int sig = (int)si.ssi_signo;
            if (sig == SIGCHLD) {
                int st;
                pid_t r;
                do {
                    r = waitpid(command, &st, WNOHANG);
                } while (r < 0 && errno == EINTR);
                if (r == command) {
                    *status = st;
                    exited = 1;
                }
            } else if (sig == SIGWINCH) {
                if (tty) {
                    copy_window_size(STDIN_FILENO, c->tty_master);
                }
            } else {
                // A key pressed on our terminal already reached the command: it shares our process group.
                int from_terminal = si.ssi_code == SI_KERNEL && !tty && getpgid(command) == getpgrp();
                if (!from_terminal) {
                    kill(command, sig);
                }
            }
        }
    }
    close(sfd);
    return 0;
}

int md_nsenter_run(const struct md_nsenter_config *c, struct md_nsenter_result *result) {
    *result = (struct md_nsenter_result){ 0 };
    sigset_t blocked, saved;
    sigemptyset(&blocked);
    for (int i = 0; i < RELAYED_COUNT; i++) {
        sigaddset(&blocked, relayed_signals[i]);
    }

    int report[2];
    if (pipe2(report, O_CLOEXEC) < 0) {
        result->stage = MD_NSENTER_STAGE_PIPE;
        result->err = errno;
        if (c->tty_slave >= 0) {
            close(c->tty_slave);
        }
        return -1;
    }
    struct termios saved_term;
    int raw = 0;
    if (c->tty_slave >= 0 && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_term) == 0) {
        copy_window_size(STDIN_FILENO, c->tty_master);
        struct termios t = saved_term;
        cfmakeraw(&t);
        raw = tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0;
    }
    // An ignored signal is discarded even while blocked: make each one we forward reach the signalfd
    // (mydocker may have been started with some of them ignored), and put the dispositions back afterwards.
    struct sigaction saved_actions[RELAYED_COUNT];
    struct sigaction deflt = { .sa_handler = SIG_DFL };
    sigemptyset(&deflt.sa_mask);
    sigprocmask(SIG_BLOCK, &blocked, &saved);
    for (int i = 0; i < RELAYED_COUNT; i++) {
        sigaction(relayed_signals[i], &deflt, &saved_actions[i]);
    }

    int slave_closed = 0;
    pid_t joiner = fork();
    if (joiner < 0) {
        result->stage = MD_NSENTER_STAGE_FORK;
        result->err = errno;
        close(report[0]);
        close(report[1]);
        goto out;
    }
    if (joiner == 0) {
        close(report[0]);
        join_and_spawn(c, report[1]);
    }
    close(report[1]);
    if (c->tty_slave >= 0) {
        close(c->tty_slave); // the command holds it now; the master reads EIO once it is gone
        slave_closed = 1;
    }

    pid_t command = -1;
    struct nsenter_msg msg;
    for (;;) {
        ssize_t n = read(report[0], &msg, sizeof msg);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n != (ssize_t)sizeof msg) {
            break; // EOF: the joiner exited and the command exec'd (or died)
        }
        if (msg.kind == MSG_PID) {
            command = msg.pid;
        } else if (msg.kind == MSG_FAILURE && result->stage == MD_NSENTER_STAGE_NONE) {
            result->stage = msg.stage;
            result->index = msg.index;
            result->err = msg.err;
        }
    }
    close(report[0]);
    int joiner_status = 0;
    while (waitpid(joiner, &joiner_status, 0) < 0 && errno == EINTR) {
    }
    if (result->stage != MD_NSENTER_STAGE_NONE) {
        if (command > 0) {
            while (waitpid(command, NULL, 0) < 0 && errno == EINTR) {
            }
        }
        goto out;
    }
    if (command <= 0) {
        result->stage = MD_NSENTER_STAGE_LOST;
        result->err = joiner_status;
        goto out;
    }
    int st = 0;
    int r = relay(c, command, &blocked, &st);
    if (r < 0) {
        result->stage = MD_NSENTER_STAGE_SIGNALFD;
        result->err = -r;
        kill(command, SIGKILL);
        while (waitpid(command, NULL, 0) < 0 && errno == EINTR) {
        }
        goto out;
    }
    result->status = st;

out:
    if (c->tty_slave >= 0 && !slave_closed) {
        close(c->tty_slave);
    }
    // Signals that arrived for the command after it was gone must not hit mydocker once unblocked.
    {
        struct timespec zero = { 0, 0 };
        while (sigtimedwait(&blocked, NULL, &zero) > 0) {
        }
    }
    for (int i = 0; i < RELAYED_COUNT; i++) {
        sigaction(relayed_signals[i], &saved_actions[i], NULL);
    }
    sigprocmask(SIG_SETMASK, &saved, NULL);
    if (raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_term);
    }
    return result->stage == MD_NSENTER_STAGE_NONE ? 0 : -1;
}

int md_nsenter_clone_flag(const char *name) {
    static const struct {
        const char *name;
        int flag;
    } table[] = {
        { "user", CLONE_NEWUSER }, { "ipc", CLONE_NEWIPC },       { "uts", CLONE_NEWUTS },
        { "net", CLONE_NEWNET },   { "pid", CLONE_NEWPID },       { "cgroup", CLONE_NEWCGROUP },
        { "time", CLONE_NEWTIME }, { "mnt", CLONE_NEWNS },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].name, name) == 0) {
            return table[i].flag;
        }
    }
    return 0;
}

int md_proc_pidfd_open(pid_t pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

int md_proc_pidfd_send_signal(int pidfd, int sig) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

static long long monotonic_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int md_proc_pidfd_wait_exit(int pidfd, int timeout_ms) {
    struct pollfd p = { .fd = pidfd, .events = POLLIN };
    long long deadline = timeout_ms > 0 ? monotonic_ms() + timeout_ms : 0;
    int wait = timeout_ms;
    for (;;) {
        int r = poll(&p, 1, wait);
        if (r > 0) return 1;
        if (r == 0) return 0;
        if (errno != EINTR) return -1;
        if (timeout_ms > 0) {  // a signal cut the wait short: wait out what is left of it
            long long left = deadline - monotonic_ms();
            if (left <= 0) return 0;
            wait = (int)left;
        }
    }
}
