// Spawning the container's first process: clone(2) into new namespaces, then execve of mydocker itself.
//
// Swift cannot fork safely (the runtime may hold locks in other threads), so everything between clone and
// execve happens here, with async-signal-safe calls only. Without joins the clone is vfork-like (CLONE_VM |
// CLONE_VFORK, as posix_spawn does): the caller sleeps until the child's execve or exit, and nothing of its
// address space is copied. The child:
//   - resets every signal handler to its default and unblocks every signal;
//   - sets PR_SET_PDEATHSIG(SIGKILL) (and exits if its parent is already gone);
//   - moves its descriptors into place (md_child_fds.h): stdio on 0, 1, 2; `program_fd` on 3 (the steps it reads
//     until EOF, which is also the go signal); `report_fd` on 4 (the failure record it writes back); `exit_fd` on 5
//     (the minimal init's record of how the process ended); `pass_fds` on 6, 7, …; every other descriptor becomes
//     close-on-exec;
//   - unshares CLONE_NEWTIME when asked (clone(2) cannot take that flag; the execve enters the namespace);
//   - with a user namespace, raises its capabilities into the inheritable and ambient sets, because its uid is
//     not mapped yet and execve would otherwise drop them;
//   - execveat(exe_fd, "", argv, envp, AT_EMPTY_PATH).
// Any failure is written to `report_fd` as a failure record (see md_report_failure) and the child exits 125.
//
// Joining namespaces (setns) needs a single-threaded caller for user and mount namespaces, and setns of a pid
// namespace only affects the caller's later children. So when `join_count` > 0 an intermediate process is
// forked first: it joins the namespaces in order, then clones the child with CLONE_PARENT (so the child is
// the caller's own child, and its parent-death signal follows the caller), sends the child's pid back over a
// pipe and exits.
#pragma once

#include <stdint.h>
#include <sys/types.h>

struct md_spawn_config {
    /// The executable to re-execute: /proc/self/exe, opened O_RDONLY | O_CLOEXEC before any setns.
    int exe_fd;
    /// NULL-terminated.
    char *const *argv;
    char *const *envp;
    /// MD_CLONE_NEW* flags, without MD_CLONE_NEWTIME.
    int clone_flags;
    /// unshare(CLONE_NEWTIME) right before the execve.
    int unshare_time;
    /// A user namespace is created or joined: keep the capabilities across the execve (ambient set).
    int keep_caps;
    int stdio[3];
    int program_fd;
    int report_fd;
    int exit_fd;
    const int *pass_fds;
    int pass_count;
    const int *join_fds;
    /// MD_CLONE_NEW* kind of each join.
    const int *join_types;
    /// The plan step of each join, for failure records.
    const uint32_t *join_steps;
    int join_count;
    /// The plan step of the clone itself, for failure records.
    uint32_t spawn_step;
    /// getpid() of the caller.
    pid_t parent_pid;
};

/// The largest `pass_count` md_spawn accepts.
enum { MD_SPAWN_MAX_PASS_FDS = 200 };

/// The child's pid (> 0); 0 when the intermediate process failed (its failure record is on report_fd);
/// -1 with errno when the caller's own fork or clone failed.
pid_t md_spawn(const struct md_spawn_config *config);

/// Writes one failure record to `fd`: step (u32), errno (i32), then three strings (u32 byte count and bytes):
/// what (empty: the step's own description), the system call, a hint. Host byte order. Async-signal-safe.
void md_report_failure(int fd, uint32_t step, int err, const char *what, const char *syscall_name, const char *hint);
