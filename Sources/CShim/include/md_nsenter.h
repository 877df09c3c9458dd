// Entering the namespaces of a running container (`mydocker exec`), the way nsenter(1) does.
//
// Why C: the joining process must be forked, must setns(2) while single-threaded, and must fork once
// more so that the command lands inside the container's pid namespace. Swift cannot fork safely, and
// Glibc's module map does not expose setns or the CLONE_NEW* constants. Everything between fork and
// execve here is a raw system call; a failure travels back over a close-on-exec pipe as
// (stage, index, errno), and the caller turns it into words.
#pragma once

#include <stdint.h>
#include <sys/types.h>

#define MD_NSENTER_MAX_NS 8

/// Where joining failed. The Swift side names each stage.
enum md_nsenter_stage {
    MD_NSENTER_STAGE_NONE = 0,
    MD_NSENTER_STAGE_PIPE = 1,       // pipe2() in mydocker
    MD_NSENTER_STAGE_FORK = 2,       // fork() of the joining process
    MD_NSENTER_STAGE_SETNS = 3,      // setns(ns_fds[index], ns_types[index])
    MD_NSENTER_STAGE_FCHDIR = 4,     // fchdir(root_fd)
    MD_NSENTER_STAGE_CHROOT = 5,     // chroot(".")
    MD_NSENTER_STAGE_CLONE = 6,      // clone(CLONE_PARENT) of the command into the pid namespace
    MD_NSENTER_STAGE_SETSID = 7,     // setsid() for the terminal
    MD_NSENTER_STAGE_TIOCSCTTY = 8,  // ioctl(TIOCSCTTY)
    MD_NSENTER_STAGE_DUP2 = 9,       // dup2() of the terminal onto 0, 1, 2
    MD_NSENTER_STAGE_SETGROUPS = 10, // setgroups()
    MD_NSENTER_STAGE_SETGID = 11,    // setresgid()
    MD_NSENTER_STAGE_SETUID = 12,    // setresuid()
    MD_NSENTER_STAGE_CHDIR = 13,     // chdir(cwd)
    MD_NSENTER_STAGE_EXEC = 14,      // execve(): errno ENOENT means the command was not found
    MD_NSENTER_STAGE_LOST = 15,      // the joining process died without saying why (err = its wait status)
    MD_NSENTER_STAGE_SIGNALFD = 16,  // signalfd() for forwarding signals
};

struct md_nsenter_config {
    /// Namespace files (/proc/PID/ns/*) to join, in order, with their CLONE_NEW* type.
    int ns_fds[MD_NSENTER_MAX_NS];
    int ns_types[MD_NSENTER_MAX_NS];
    int ns_count;
    /// /proc/PID/root, opened before joining; -1 keeps our root.
    int root_fd;
    /// Slave side of a pseudo-terminal for the command, or -1 to pass our stdin/stdout/stderr through.
    /// md_nsenter_run always closes it (once the command holds it).
    int tty_slave;
    /// Master side: relayed to and from our stdin/stdout while the command runs (when tty_slave >= 0).
    int tty_master;
    uint32_t uid;
    uint32_t gid;
    const uint32_t *groups;
    int ngroups;
    /// Working directory inside the container.
    const char *cwd;
    /// NULL-terminated. argv[0] is searched in `search_path` unless it contains a slash.
    const char *const *argv;
    const char *const *envp;
    /// PATH from the command's environment (colon-separated).
    const char *search_path;
};

struct md_nsenter_result {
    /// Stage that failed, MD_NSENTER_STAGE_NONE when the command ran.
    int32_t stage;
    /// For MD_NSENTER_STAGE_SETNS: the index into ns_fds.
    int32_t index;
    int32_t err;
    /// wait(2) status of the command when it ran.
    int32_t status;
};

/// Runs the command inside the namespaces and waits for it, forwarding SIGINT, SIGTERM, SIGHUP, SIGQUIT,
/// SIGUSR1 and SIGUSR2 to it (and SIGWINCH to the terminal), relaying the terminal when there is one.
/// Returns 0 when the command ran (result->status), -1 when a stage failed (result->stage, index, err).
int md_nsenter_run(const struct md_nsenter_config *config, struct md_nsenter_result *result);

/// The CLONE_NEW* flag of a /proc/PID/ns entry name ("user", "mnt", ...), 0 if unknown.
int md_nsenter_clone_flag(const char *name);

/// pidfd_open(2): a descriptor that keeps naming this process even if its pid is reused. -1 and errno on failure.
int md_proc_pidfd_open(pid_t pid);

/// pidfd_send_signal(2). 0, or -1 and errno.
int md_proc_pidfd_send_signal(int pidfd, int sig);

/// Waits for the process behind `pidfd` to exit (poll for POLLIN), at most `timeout_ms` milliseconds: -1 for
/// no limit, 0 to ask whether it has exited already. 1 it has, 0 not within the time, -1 and errno on failure.
int md_proc_pidfd_wait_exit(int pidfd, int timeout_ms);
